"""Facts read from loan descriptions (zh and en), bank metrics turned into criterion metrics, and how the
engine uses them: shown as read from the text, overridden by an explicit fact, new build vs retrofit."""
from __future__ import annotations

import pytest

from greentaxo.eligibility import bankmetrics, evaluate
from greentaxo.eligibility.rules import parse_fact
from greentaxo.eligibility.textfacts import read
from greentaxo.errors import InputError


@pytest.mark.parametrize("text, metric, value, unit", [
    ("新建数据中心项目，PUE 1.8", "pue", 1.8, "dimensionless"),
    ("数据中心节能改造，PUE由1.6降至1.25", "pue", 1.25, "dimensionless"),
    ("New data centre, design PUE of 1.3", "pue", 1.3, "dimensionless"),
    ("200 MW offshore wind farm", "installed_capacity", 200, "MW"),
    ("抽水蓄能电站，装机120万千瓦", "installed_capacity", 1200, "MW"),
    ("heat pump, refrigerant GWP 2088", "refrigerant_gwp", 2088, "dimensionless"),
    ("燃气电站全生命周期排放420 gCO2e/kWh", "lifecycle_ghg_intensity", 420, "gCO2e/kWh"),
    ("direct emissions 250 g CO2e/kWh at the stack", "direct_ghg_intensity", 250, "gCO2e/kWh"),
    ("电解水制氢，3.2 kgCO2/kgH2", "hydrogen_lifecycle_ghg", 3.2, "kgCO2e/kgH2"),
    ("空气源热泵 COP 4.1", "cop", 4.1, "dimensionless"),
    ("天然气三联供，综合能源利用效率 75%", "cchp_overall_efficiency", 75, "percent"),
    ("一级能效变压器制造", "energy_efficiency_grade", 1, "dimensionless"),
    ("数据中心能效等级2级", "data_centre_grade", 2, "dimensionless"),
    ("IE4 高效电机", "motor_ie_class", 4, "dimensionless"),
    ("6.25MW风电机组制造", "wind_turbine_rated_power", 6.25, "MW"),
    ("二星级绿色建筑", "green_building_stars", 2, "dimensionless"),
    ("水泥熟料排放 0.70 tCO2/t", "clinker_specific_ghg", 0.7, "tCO2/t"),
    ("单晶组件效率21.5%", "pv_module_efficiency", 21.5, "percent"),
    ("ＰＵＥ １．２", "pue", 1.2, "dimensionless"),                 # full-width, as pasted from a Word file
])
def test_a_figure_in_the_text_is_read_with_its_unit(text, metric, value, unit):
    f = read(text).facts[metric]
    assert f.value == pytest.approx(value) and f.unit == unit and f.source == "text" and f.note


def test_refrigerant_name_gives_its_gwp_with_the_basis():
    f = read("heat pumps with R-410A refrigerant").facts["refrigerant_gwp"]
    assert f.value == 2088 and "517/2014" in f.note and "R410A" in f.note
    assert read("空气源热泵，冷媒R32").facts["refrigerant_gwp"].value == 675
    assert read("heat pump with propane refrigerant").facts["refrigerant_gwp"].value == 3
    # a GWP written as a number wins over the name
    assert read("R410A heat pump, GWP 1924").facts["refrigerant_gwp"].value == 1924


def test_a_figure_whose_metric_the_words_do_not_name_is_shown_not_used():
    r = read("锅炉效率 92 %，排放 0.5 tCO2e/t")
    assert not r.facts and "92 %" in r.unused and "0.5 tCO2e/t" in r.unused


@pytest.mark.parametrize("text, project, activity", [
    ("新建数据中心项目", "new", "operation"),
    ("污水处理厂提标改造", "retrofit", "operation"),
    ("Energy-efficiency retrofit of an office building", "retrofit", "operation"),   # work on a running asset
    ("新建2×66万千瓦超超临界燃煤发电机组", "new", "operation"),          # generating units sized for a plant
    ("风电机组制造", None, "manufacturing"),
    ("购置氢燃料电池公交车50辆", None, "operation"),                       # bought to be used, not made
    ("Electric bus fleet purchase", None, "operation"),
    ("热泵机组生产线", None, "manufacturing"),
    ("燃煤锅炉改燃生物质成型燃料", "retrofit", "operation"),           # a fuel switch, not making pellets
    ("生物质成型燃料生产线", None, "manufacturing"),
    ("Replacement of diesel buses with electric buses", None, "operation"),
    ("New energy vehicle charging network", None, None),     # "new energy" is not a new build
    ("新建与改造并举", None, "operation"),                            # both: not guessed
    ("Grid-scale battery storage 100 MW / 400 MWh", None, "operation"),  # sized in MW: a plant built and run
    ("Loan to ABC Ltd for 20 MW rooftop PV on factory roofs", None, "operation"),   # the factory is the site
    ("Insulation materials plant (mineral wool)", None, "manufacturing"),
    ("Lithium-ion battery cell gigafactory", None, "manufacturing"),
    ("光伏组件扩产项目流动资金贷款", None, "manufacturing"),          # expanding output (扩产) is making more of it
    ("老旧柴油货车淘汰更新为新能源货车", "retrofit", "operation"),     # a fleet renewal: vehicles bought to run
    ("废弃电器电子产品拆解处理", None, "operation"),                    # dismantling waste is a service on a site
    ("印刷企业VOCs治理", None, "operation"),
    ("VOCs治理设备", None, None),                                      # the equipment: made or bought, not said
    ("E-waste dismantling line", None, "operation"),
    ("Ultra-supercritical coal power unit construction", None, "operation"),   # building a unit, not making one
    ("Construction materials made from slag", None, None),
    ("工业热泵替代燃煤锅炉", None, "operation"),                        # replacing a boiler in a running plant
    ("燃气锅炉改电锅炉", None, "operation"),
    ("水泥窑替代燃料生产线", None, "manufacturing"),                   # 替代燃料 is a fuel, made on a line
])
def test_new_build_retrofit_and_activity_are_read(text, project, activity):
    r = read(text)
    assert (r.project, r.activity) == (project, activity)


@pytest.mark.parametrize("pue, grade", [(1.2, 1), (1.25, 2), (1.3, 2), (1.45, 3), (1.5, 3), (1.8, 4)])
def test_pue_maps_to_gb40879_grades(pue, grade):
    assert bankmetrics.data_centre_grade(pue) == grade


@pytest.mark.parametrize("ie, grade", [(5, 1), (4, 2), (3, 3), (2, 4)])
def test_ie_classes_map_to_gb18613_grades(ie, grade):
    assert bankmetrics.motor_grade(ie) == grade


def test_named_facts_and_their_errors():
    assert parse_fact("refrigerant=R32").value == 675
    assert parse_fact("motor_ie_class=IE4").value == 4
    with pytest.raises(InputError, match="Did you mean"):
        parse_fact("refrigerant=R41OA")
    with pytest.raises(InputError, match="IE1 to IE5"):
        parse_fact("motor_ie_class=super")


def test_pue_from_text_fails_the_new_data_centre_item(kg):
    res = evaluate(kg, route="gtr:R0693", facts=["pue=1.8"], project="new")
    gf = res["verdicts"][0]
    assert gf["verdict"] == "not-eligible"
    assert {i["code"]: i["verdict"] for i in gf["items"]}["6.6.3"] == "not-applicable"   # a retrofit item
    c = next(c for c in gf["criteria"] if c["id"] == "6.6.2/c1")
    assert c["result"] == "fail" and "GB 40879" in c["detail"] and c["fact_source"] == "derived"


def test_retrofit_picks_the_retrofit_item(kg):
    gf = evaluate(kg, route="gtr:R0693", project="retrofit")["verdicts"][0]
    by = {i["code"]: i["verdict"] for i in gf["items"]}
    assert by["6.6.2"] == "not-applicable" and by["6.6.3"] != "not-applicable"


def test_explicit_fact_overrides_the_text_and_both_are_shown(kg):
    res = evaluate(kg, text="新建数据中心，PUE 1.8", facts=["pue=1.2"])
    assert res["read_from_text"]["facts"][0]["value"] == 1.8
    used = {f["metric"]: f for f in res["facts"]}
    assert used["pue"]["value"] == 1.2 and used["data_centre_grade"]["value"] == 1


def test_ie4_motor_fails_a_grade_1_item(kg):
    res = evaluate(kg, code="gfspc2025:1.1.7", facts=["motor_ie_class=IE4"])
    gf = res["verdicts"][0]
    c = next(c for c in gf["criteria"] if c.get("metric") == "energy_efficiency_grade")
    assert c["result"] == "fail" and "IE4" in c["detail"]
    assert not res["warnings"]          # motor_ie_class feeds a metric the item tests


def test_equipment_is_told_from_a_material_or_fuel():
    assert read("Hydrogen electrolyser equipment production line").equipment
    assert read("电解水制氢设备生产线").equipment
    assert not read("Green cement (LC3) production line").equipment
    assert not read("生物柴油生产线").equipment
