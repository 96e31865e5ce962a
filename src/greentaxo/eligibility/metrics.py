"""The metrics criteria may test: one id per measurable quantity, its canonical unit and labels.

Criteria in ontology/criteria/*.ttl name a metric by id (gt:metric); a project fact names the same id.
Keeping the vocabulary here (small, reviewed, bilingual) is what lets a fact for a metric no criterion
uses be rejected with near matches instead of being silently ignored.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from greentaxo.errors import InputError


@dataclass(frozen=True)
class Metric:
    id: str
    unit: str
    zh: str
    en: str
    feeds: str | None = None      # a metric banks hold that becomes this criterion metric (bankmetrics.derive)
    shown_only: bool = False      # read from loan text and shown, tested by no criterion (capacity, COP)


_M = [
    Metric(
        "lifecycle_ghg_intensity",
        "gCO2e/kWh",
        "全生命周期温室气体排放强度（每千瓦时产出）",
        "life-cycle GHG emissions per kWh of energy output",
    ),
    Metric(
        "direct_ghg_intensity",
        "gCO2e/kWh",
        "直接温室气体排放强度（每千瓦时产出）",
        "direct GHG emissions per kWh of energy output",
    ),
    Metric(
        "annual_direct_ghg_per_capacity",
        "kgCO2e/kW",
        "年均直接排放（每千瓦装机，20年平均）",
        "annual direct GHG emissions per kW of capacity, 20-year average",
    ),
    Metric(
        "grid_emission_factor",
        "gCO2e/kWh",
        "电网平均排放因子（全生命周期，五年滚动）",
        "average grid emission factor, life-cycle, rolling five years",
    ),
    Metric(
        "hydrogen_lifecycle_ghg",
        "tCO2e/tH2",
        "氢气全生命周期排放（每吨氢）",
        "life-cycle GHG emissions per tonne of hydrogen",
    ),
    Metric(
        "lifecycle_ghg_savings",
        "percent",
        "相对化石燃料基准的全生命周期温室气体减排率",
        "life-cycle GHG savings against the fossil-fuel comparator",
    ),
    Metric(
        "power_density",
        "W/m**2",
        "水电站功率密度（装机/水库面积）",
        "power density of a hydropower plant (capacity over reservoir area)",
    ),
    Metric(
        "clinker_specific_ghg",
        "tCO2e/t",
        "单位熟料温室气体排放",
        "specific GHG emissions per tonne of grey clinker",
    ),
    Metric(
        "cement_specific_ghg",
        "tCO2e/t",
        "单位水泥（或替代胶凝材料）温室气体排放",
        "specific GHG emissions per tonne of cement or alternative binder",
    ),
    Metric(
        "hot_metal_specific_ghg",
        "tCO2e/t",
        "单位铁水温室气体排放",
        "GHG emissions per tonne of hot metal",
    ),
    Metric(
        "eaf_scrap_share",
        "percent",
        "电弧炉废钢投入比（相对产品产出）",
        "steel scrap input relative to EAF output",
    ),
    Metric(
        "chlorine_electricity_intensity",
        "MWh/t",
        "单位氯气电耗（电解及氯气处理）",
        "electricity use per tonne of chlorine (electrolysis and treatment)",
    ),
    Metric(
        "nitric_acid_specific_ghg",
        "tCO2e/t",
        "单位硝酸温室气体排放",
        "GHG emissions per tonne of nitric acid",
    ),
    Metric(
        "refrigerant_gwp",
        "dimensionless",
        "制冷剂全球变暖潜能值（GWP100）",
        "global warming potential of the refrigerant (GWP100)",
    ),
    Metric(
        "window_u_value",
        "W/m**2/K",
        "外窗传热系数",
        "thermal transmittance (U-value) of windows",
    ),
    Metric(
        "door_u_value",
        "W/m**2/K",
        "外门传热系数",
        "thermal transmittance (U-value) of doors",
    ),
    Metric(
        "insulation_lambda",
        "W/m/K",
        "保温材料导热系数",
        "thermal conductivity (lambda) of insulating products",
    ),
    Metric(
        "water_supply_energy_intensity",
        "kWh/m**3",
        "供水取水与处理净能耗（每立方米）",
        "net energy for abstraction and treatment per cubic metre supplied",
    ),
    Metric(
        "wastewater_energy_intensity",
        "kWh/pe/year",
        "污水处理厂净能耗（每人口当量每年）",
        "net energy use of a waste-water plant per population equivalent per year",
    ),
    Metric(
        "material_recovery_rate",
        "percent",
        "分类收集非危废转化为再生原料的重量比例",
        "share by weight of separately collected non-hazardous waste turned into secondary raw material",
    ),
    Metric(
        "co2_transport_leakage",
        "percent",
        "二氧化碳运输泄漏率（占运输质量）",
        "CO2 leaked in transport, as a share of the mass transported",
    ),
    Metric(
        "tailpipe_co2",
        "g/km",
        "车辆直接（尾气）二氧化碳排放",
        "direct (tailpipe) CO2 emissions of the vehicle",
    ),
    Metric(
        "vessel_fuel_saving",
        "percent",
        "船舶改造燃料消耗降低比例",
        "reduction in a vessel's fuel use achieved by a retrofit",
    ),
    Metric(
        "ped_below_nzeb",
        "percent",
        "一次能源需求低于近零能耗建筑限值的幅度",
        "primary energy demand below the national NZEB threshold",
    ),
    Metric(
        "ped_reduction",
        "percent",
        "改造后一次能源需求降低比例",
        "reduction in primary energy demand achieved by a renovation",
    ),
    Metric(
        "energy_efficiency_grade",
        "dimensionless",
        "国家能效标准等级（1 级最优）",
        "grade under the applicable Chinese energy-efficiency standard (1 is best)",
    ),
    Metric(
        "boiler_efficiency_margin_tsg91",
        "percent",
        "锅炉热效率高出 TSG 91 目标值的百分点",
        "boiler thermal efficiency minus the TSG 91 target value for its type, fuel and size (percentage points)",
    ),
    Metric(
        "pollution_equipment_grade",
        "dimensionless",
        "环保装备能效/性能标准等级（数值越小越优）",
        "grade under the applicable pollution-control equipment standard (lower is better)",
    ),
    Metric(
        "cchp_overall_efficiency",
        "percent",
        "冷热电三联供综合能源利用效率",
        "overall energy efficiency of combined cooling, heat and power",
    ),
    Metric(
        "wind_turbine_rated_power",
        "MW",
        "风电机组单机额定功率",
        "rated power of a single wind turbine",
    ),
    Metric(
        "data_centre_grade",
        "dimensionless",
        "数据中心能效等级（GB 40879，1 级最优）",
        "data-centre energy-efficiency grade under GB 40879 (1 is best)",
    ),
    Metric(
        "pue",
        "dimensionless",
        "数据中心电能使用效率（PUE，即 GB 40879 的电能比）",
        "power usage effectiveness of a data centre (PUE; the electricity ratio of GB 40879)",
        feeds="data_centre_grade",
    ),
    Metric(
        "motor_ie_class",
        "dimensionless",
        "电动机国际能效等级（IE1-IE5，数值越大越优）",
        "international efficiency class of a motor (IE1-IE5, higher is better)",
        feeds="energy_efficiency_grade",
    ),
    Metric(
        "energy_saving_value_reached",
        "dimensionless",
        "是否达到能效标准的节能评价值（1 为达到，0 为未达到）",
        "whether the product reaches the energy-saving evaluation value of its standard (1 yes, 0 no)",
    ),
    Metric(
        "cop",
        "dimensionless",
        "热泵或制冷设备的性能系数（COP）",
        "coefficient of performance of a heat pump or chiller (COP)",
        shown_only=True,
    ),
    Metric(
        "scop",
        "dimensionless",
        "季节性能系数（SCOP）",
        "seasonal coefficient of performance (SCOP)",
        shown_only=True,
    ),
    Metric(
        "installed_capacity",
        "MW",
        "项目装机容量",
        "installed capacity of the project",
        shown_only=True,
    ),
    Metric(
        "pv_module_efficiency",
        "percent",
        "光伏组件光电转换效率",
        "conversion efficiency of the PV modules",
    ),
    Metric(
        "pv_first_year_degradation",
        "percent",
        "光伏组件投运首年功率衰减",
        "power loss of the PV modules in their first year of operation",
    ),
    Metric(
        "pv_annual_degradation",
        "percent",
        "光伏组件首年后年均功率衰减",
        "yearly power loss of the PV modules after the first year",
    ),
    Metric(
        "pv_lifetime_degradation",
        "percent",
        "光伏组件全生命周期功率衰减",
        "power loss of the PV modules over the project life",
    ),
    Metric(
        "wall_u_value",
        "W/m**2/K",
        "外墙系统传热系数",
        "thermal transmittance (U-value) of external wall systems",
    ),
    Metric(
        "roof_u_value",
        "W/m**2/K",
        "屋面系统传热系数",
        "thermal transmittance (U-value) of roofing systems",
    ),
    Metric(
        "aluminium_specific_ghg",
        "tCO2e/t",
        "原铝单位直接温室气体排放",
        "direct GHG emissions per tonne of primary aluminium",
    ),
    Metric(
        "aluminium_electricity_intensity",
        "MWh/t",
        "原铝单位电耗",
        "electricity use per tonne of primary aluminium",
    ),
    Metric(
        "sinter_specific_ghg",
        "tCO2e/t",
        "单位烧结矿温室气体排放",
        "GHG emissions per tonne of sintered ore",
    ),
    Metric(
        "coke_specific_ghg",
        "tCO2e/t",
        "单位焦炭温室气体排放（不含褐煤焦）",
        "GHG emissions per tonne of coke (lignite coke excluded)",
    ),
    Metric(
        "iron_casting_specific_ghg",
        "tCO2e/t",
        "单位铸铁温室气体排放",
        "GHG emissions per tonne of iron casting",
    ),
    Metric(
        "eaf_steel_specific_ghg",
        "tCO2e/t",
        "电弧炉工序单位钢温室气体排放",
        "GHG emissions of the electric-arc-furnace step per tonne of steel",
    ),
    Metric(
        "carbon_black_specific_ghg",
        "tCO2e/t",
        "单位炭黑温室气体排放",
        "GHG emissions per tonne of carbon black",
    ),
    Metric(
        "soda_ash_specific_ghg",
        "tCO2e/t",
        "单位纯碱温室气体排放",
        "GHG emissions per tonne of soda ash",
    ),
    Metric(
        "system_energy_reduction",
        "percent",
        "系统平均能耗较自身基线的降低比例",
        "cut in a system's average energy use against its own baseline",
    ),
    Metric(
        "green_building_stars",
        "dimensionless",
        "绿色建筑星级（一至三星）",
        "green-building star rating (one to three)",
    ),
]
METRICS: dict[str, Metric] = {m.id: m for m in _M}


def get(metric_id: str, *, field: str = "fact") -> Metric:
    key = metric_id.strip()
    if key in METRICS:
        return METRICS[key]
    near = difflib.get_close_matches(key, list(METRICS), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise InputError(f"{field}: no criterion uses a metric called {metric_id!r}.{hint} "
                     "`greentaxo eligibility --list-metrics` shows the metrics criteria test")
