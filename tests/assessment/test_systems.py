"""The indicator systems as data: the paper's tables reproduced exactly, files canonical, shapes and loader
refusing broken systems."""
from __future__ import annotations

import pytest
import rdflib

from greentaxo.assessment.systems import system, systems
from greentaxo.errors import InputError, NotFoundError
from tests.support import ROOT

INDICATORS = ROOT / "ontology" / "indicators"

# Table 2 of the seed paper: 序号, 评估指标 (Chinese and English as printed), 权重
YEDA_TABLE = [
    ("1", "市场需求", "Market needs", 5.0), ("2", "市场容量", "Market size", 4.3),
    ("3", "现有专利", "Existence of patent", 4.3), ("4", "研发成功几率", "Chance of success", 4.2),
    ("5", "技术创新性", "Level of innovation", 4.2), ("6", "技术成熟度", "Maturity of idea", 4.1),
    ("7", "现有战略伙伴", "Existence of strategic partner", 3.7), ("8", "产品潜力", "potential of products", 3.1),
    ("9", "人员组织能力", "Skills of human resources", 3.0), ("10", "竞争程度", "Level of competition", 2.9),
    ("11", "创新者的参与程度", "Involvement of innovator", 2.9), ("12", "研发时长", "Time to develop", 2.8),
    ("13", "经费", "Budget", 2.7), ("14", "产品价格", "Final price", 2.7),
    ("15", "生产复杂程度", "Production process complexity", 2.2), ("16", "对经济的控制", "Control of economic", 2.2),
    ("17", "分配制度", "Distribution system", 1.9), ("18", "收益净现值", "NPV of profit", 1.8),
    ("19", "销售净现值", "NPV of sales", 1.7), ("20", "需要外包", "Need for subcontractor", 1.3),
]
# Table 1: 一级指标 -> 二级指标, in the table's order
GIB_TABLE = {
    "技术指标": ["可再生能源使用", "能源效率", "废弃物管理", "绿色建筑", "清洁交通"],
    "绿色指标": ["减少温室气体排放", "提高自然资源使用效率", "保护或改善自然环境", "保护或改善生物多样性", "促进环境可持续性"],
    "市场指标": ["审计和尽职调查", "预期绩效", "财务可持续性", "市场需求", "投资回报率"],
    "风险指标": ["风险识别", "风险评估", "风险类别", "政策风险"],
}


def test_yeda_reproduces_table_2_exactly(kg):
    y = system(kg, "yeda")
    got = [(i.notation, i.label["zh"], i.label["en"], i.weight) for i in y.indicators.values()]
    assert got == YEDA_TABLE
    assert not y.hierarchical and y.min_experts == 10 and y.weight_basis == "published"
    assert sum(y.global_weights().values()) == pytest.approx(1.0)
    assert y.global_weights()[y.indicator("1").iri] == pytest.approx(5.0 / 61.0)
    assert [r.outcome for r in y.rules] == ["transfer", "patent", "decline"]


def test_gib_reproduces_table_1_structure(kg):
    g = system(kg, "gib")
    got = {t.label["zh"]: [g.indicators[c].label["zh"] for c in t.children] for t in g.tops()}
    assert got == GIB_TABLE
    assert list(got) == list(GIB_TABLE) and len(g.leaves()) == 19
    assert g.weight_basis == "assumed"             # the table gives no weights: equal, and said so
    assert all(i.direction == "lower" for t in g.tops() if t.label["zh"] == "风险指标" for i in map(g.indicators.get, t.children))


def test_greentaxo_system_has_the_six_headings_tied_to_route_data(kg):
    s = system(kg, "gtt")
    assert [t.label["en"] for t in s.tops()] == ["Greenness", "Technology readiness", "Transferability",
                                                 "Economic benefit", "Social benefit", "Risk"]
    assert all(len(t.children) >= 3 for t in s.tops())
    evidence = {e for i in s.leaves() for e in i.evidence}
    assert {"https://w3id.org/greentaxo/def#trlMax", "https://w3id.org/greentaxo/def#kpiOf"} <= evidence
    for i in s.leaves():          # measurable guidance: anchor points for both ends of the scale
        assert "1 =" in i.guidance["en"] and "5 =" in i.guidance["en"] or "TRL" in i.guidance["en"], i.notation


@pytest.mark.parametrize("name", ["gib.ttl", "gtt.ttl", "yeda.ttl"])
def test_system_files_are_canonical(name):
    """Written as rdflib's long Turtle (sorted, deterministic): an edit shows as a small diff."""
    path = INDICATORS / name
    g = rdflib.Graph().parse(path)
    assert g.serialize(format="longturtle") == path.read_text(encoding="utf-8")


def test_unknown_system_and_indicator_are_named(kg):
    with pytest.raises(NotFoundError, match="'yedda' is not an indicator system; known: gib, gtt, yeda"):
        system(kg, "yedda")
    with pytest.raises(NotFoundError, match="'21' is not an indicator of yeda"):
        system(kg, "yeda").indicator("21")
    assert system(kg, "gti:yeda").indicator("I03").notation == "3" and system(kg, "yeda").indicator("3.0").id == "I03"


@pytest.mark.parametrize("value,msg", [(0, "not positive"), (-1.5, "not positive"), ("heavy", "not a number"),
                                       (float("nan"), "not positive")])
def test_weight_overrides_must_be_positive_numbers(kg, value, msg):
    with pytest.raises(InputError, match=f"weights.3: .*{msg}"):
        system(kg, "yeda").with_weights({"3": value})
    assert system(kg, "yeda").with_weights({"3": 8}).indicator("3").weight == 8.0
    assert system(kg, "yeda").indicator("3").weight == 4.3        # the graph's system is untouched


def _broken(tmp_path, old: str, new: str):
    text = (INDICATORS / "yeda.ttl").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "yeda.ttl"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shapes_refuse_a_broken_system(tmp_path):
    from greentaxo.validate.runner import validate_files

    path = _broken(tmp_path, "gt:weight 5.0 ;", "gt:weight 0.0 ;")
    text = path.read_text(encoding="utf-8")
    text = text.replace("gt:weight 4.3 ;", "gt:weight -4.3 ;", 1)
    text = text.replace('skos:notation "3" ;', 'skos:notation "2" ;', 1)
    text = text.replace('gt:direction "higher" ;', 'gt:direction "up" ;', 1)
    text = text.replace("    gt:ratingScale yeda:scale ;\n", "", 1)                 # one indicator without a scale
    text = text.replace('gt:outcome "decline" ;', 'gt:outcome "decline" ;\n    gt:condition yeda:rule-patent-c1 ;')
    path.write_text(text, encoding="utf-8")
    report = validate_files([path], ROOT)
    checks = {f.check for f in report.findings if f.severity == "error"}
    assert {"IND-WEIGHT", "IND-NOTATION-TWICE", "IND-DIRECTION", "IND-SCALE", "IND-SYSTEM-NO-FALLBACK"} <= checks
    weights = [f for f in report.findings if f.check == "IND-WEIGHT"]
    assert sorted(f.focus for f in weights) == ["gti:yeda/I01", "gti:yeda/I02"]
    assert all("positive" in f.message for f in weights)
    assert not report.conforms


def test_loader_refuses_a_zero_weight_naming_file_and_indicator(tmp_path):
    from greentaxo.graph import KnowledgeGraph

    path = _broken(tmp_path, "gt:weight 5.0 ;", "gt:weight 0.0 ;")
    kg = KnowledgeGraph.from_files([ROOT / "ontology" / "greentaxo.ttl", path], ROOT)
    with pytest.raises(InputError, match=rf"^{tmp_path}/yeda.ttl: indicator gti:yeda/I01: gt:weight 0 is not positive"):
        systems(kg)


def test_bundle_validates_with_indicator_systems():
    from greentaxo.validate.runner import validate_files

    report = validate_files(sorted(INDICATORS.glob("*.ttl")), ROOT)
    assert report.conforms, [f.line() for f in report.findings]
