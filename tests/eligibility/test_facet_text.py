"""A loan line that names a project type rather than a technology (docs/eligibility.md, "From a description"):
with no route firmly found, the catalogues are judged on the project type's own mapping rows and the items'
criteria, the facts read from the text still apply, and a text naming no facet concept is judged as before."""
from __future__ import annotations

import pytest

from greentaxo.eligibility import evaluate, resolve
from tests.eligibility.loan_cases import CASES


def _by_cat(out: dict) -> dict[str, dict]:
    return {v["catalogue"]: v for v in out["verdicts"]}


def test_a_metro_line_is_read_through_its_project_type(kg):
    out = evaluate(kg, text="地铁线路建设")
    cls = out["classification"]
    assert cls["method"] == "facet-label"
    assert cls["facet"]["curie"] == "gtf:F0044" and cls["facet"]["kind"] == "project type"
    v = _by_cat(out)
    assert v["gfspc2025"]["verdict"] == "eligible"
    assert [i["code"] for i in v["gfspc2025"]["items"]] == ["6.2.6"]
    assert "gtf:F0044" in v["gfspc2025"]["reason"] and v["gfspc2025"]["facet"] == cls["facet"]["id"]
    assert v["gigc2019"]["verdict"] in ("eligible", "eligible-if")
    assert out["routes"] == []      # no route is claimed: the answer rests on the project type


def test_a_green_building_project_is_read_through_the_star_rating_project_type(kg):
    """"绿色建筑项目" had gone to nearly-zero-energy buildings (the domain label's walk), doubted and needs-review;
    it names the project type whose items are the catalogues' green-building ones, rated by stars."""
    out = evaluate(kg, text="绿色建筑项目")
    assert out["classification"]["method"] == "facet-label" and out["classification"]["facet"]["curie"] == "gtf:F0031"
    v = _by_cat(out)
    assert v["gfspc2025"]["verdict"] == "eligible-if" and [i["code"] for i in v["gfspc2025"]["items"]] == ["6.1.1"]
    assert v["gigc2019"]["verdict"] == "eligible-if" and "5.1.2" in [i["code"] for i in v["gigc2019"]["items"]]
    assert out["routes"] == []      # the doubted nearly-zero-energy candidate is not claimed


def test_a_project_type_is_found_by_its_hidden_label(kg):
    """"high-standard farmland" is a hidden label of the project type 高标准农田建设: the English line was judged
    not green (not-eligible everywhere) while its Chinese twin was read through the project type, because facet
    hidden labels were written in the files but never read. Hidden, they still match and are still not shown."""
    out = evaluate(kg, text="Construction of high-standard farmland", catalogues=["gfspc2025"])
    cls = out["classification"]
    assert cls["method"] == "facet-label" and cls["facet"]["curie"] == "gtf:F0022"
    assert _by_cat(out)["gfspc2025"]["verdict"] == "eligible-if"
    facet = kg.facets["https://w3id.org/greentaxo/facet/F0022"]
    assert "high-standard farmland" in facet.hidden["en"]
    assert "high-standard farmland" not in str(facet.to_dict())


def test_a_criterion_for_other_routes_does_not_concern_the_project_type(kg):
    """5.2.7 of the 2019 catalogue asks bought buses to meet JT/T 711 (gt:forRoute: the bus routes); a metro line read
    through its project type involves rail routes only, so it is eligible without that evidence, and a bus route
    still has to show it."""
    metro = _by_cat(evaluate(kg, text="地铁线路建设", catalogues=["gigc2019"]))["gigc2019"]
    assert metro["verdict"] == "eligible", metro["reason"]
    assert "5.2.7/c1" not in {c["id"].rsplit("/criterion/", 1)[-1] for c in metro["criteria"]} | set(metro["to_evidence"])
    bus = _by_cat(evaluate(kg, route="gtr:R1003", catalogues=["gigc2019"]))["gigc2019"]
    assert bus["verdict"] == "eligible-if" and any("5.2.7/c1" in e for e in bus["to_evidence"])


@pytest.mark.parametrize(("text", "verdict"), [("New hyperscale data centre, design PUE 1.25", "eligible"),
                                               ("New data centre construction, design PUE 1.8", "not-eligible"),
                                               ("新建数据中心项目，设计PUE 1.8", "not-eligible")])
def test_a_new_data_centre_is_judged_on_its_pue(kg, text, verdict):
    out = evaluate(kg, text=text)
    assert out["classification"]["method"] == "facet-label"
    assert out["classification"]["facet"]["curie"] == "gtf:F0045"
    v = _by_cat(out)
    assert v["gfspc2025"]["verdict"] == verdict
    grade = next(c for c in v["gfspc2025"]["criteria"] if c["id"] == "6.6.2/c1")     # GB 40879 grade from the PUE
    assert grade["result"] == ("pass" if verdict == "eligible" else "fail") and "PUE" in grade["detail"]
    assert v["gigc2019"]["verdict"] == "not-eligible"      # the 2019 catalogue has no data-centre item
    assert v["eutaxonomy"]["verdict"] == "eligible-if"     # 8.1 asks for the Code of Conduct, not a PUE


def test_a_route_named_in_the_text_wins_over_the_project_type(kg):
    out = evaluate(kg, text="数据中心节能改造，PUE由1.6降至1.25")     # names the retrofit route and "数据中心"
    assert out["classification"]["method"] != "facet-label" and "facet" not in out["classification"]
    assert out["routes"]


def test_a_text_naming_no_facet_is_judged_as_before(kg, monkeypatch):
    texts = [t for _, t, _, _ in CASES if resolve.named_facet(kg, t) is None]
    assert len(texts) >= 20
    now = [evaluate(kg, text=t) for t in texts]
    monkeypatch.setattr(resolve, "named_facet", lambda kg, text: None)
    before = [evaluate(kg, text=t) for t in texts]
    assert now == before
    assert not any(o["classification"]["method"] == "facet-label" for o in now)


def test_short_or_partial_labels_do_not_name_a_facet(kg):
    assert resolve.named_facet(kg, "地铁") is None                  # two characters: too unspecific
    assert resolve.named_facet(kg, "metro") is None                 # one word
    assert resolve.named_facet(kg, "metadata centres") is None      # not the words "data centre"
    f, matched = resolve.named_facet(kg, "Loan for a data centre, Shanghai")
    assert f.curie == "gtf:F0045" and matched == "data centre"


def test_a_code_mapped_only_to_facet_concepts_names_them(kg):
    """Industry codes of services and project types reach facet concepts, not routes: the error says which, so a
    bank can describe the project instead of guessing a route."""
    from greentaxo.errors import NotFoundError
    from greentaxo.namespaces import GTR

    rows = [r for r in kg.mappings.rows if r.scheme == "gbt4754-2017" and r.is_match]
    by_code: dict[str, list] = {}
    for r in rows:
        by_code.setdefault(r.object_id, []).append(r)
    facet_only = sorted(c for c, rs in by_code.items()
                        if not any(r.subject_id.startswith(GTR) for r in rs) and all(r.subject_id in kg.facets for r in rs))
    assert facet_only, "the bundle maps some service codes to facet concepts only"
    code = facet_only[0].rsplit("/", 1)[-1]
    with pytest.raises(NotFoundError) as err:
        evaluate(kg, code=f"gbt4754:{code}")
    for r in by_code[facet_only[0]]:
        assert kg.facets[r.subject_id].curie in str(err.value)


@pytest.mark.parametrize(("text", "facet", "item"), [
    ("电解铝企业节能改造", "gtf:F0046", "1.4.1"),          # an industrial plant's energy-efficiency retrofit
    ("Energy efficiency retrofit of a factory", "gtf:F0046", "1.4.1"),
    ("High-speed railway construction", "gtf:F0047", "6.2.8"),    # a railway line
    ("Tram line construction", "gtf:F0044", "6.2.6"),           # urban rail, by its new label
])
def test_plant_retrofits_and_railway_lines_are_read_through_their_project_types(kg, text, facet, item):
    """Each line was not-eligible everywhere: 节能 alone is an ambiguous word, and no route or project type named a
    railway line or a tram line."""
    out = evaluate(kg, text=text, catalogues=["gfspc2025"])
    assert out["classification"]["method"] == "facet-label" and out["classification"]["facet"]["curie"] == facet
    v = out["verdicts"][0]
    assert v["verdict"] in ("eligible", "eligible-if") and item in [i["code"] for i in v["items"]]


def test_the_plant_retrofit_project_type_needs_an_industrial_word(kg):
    """Its labels name industry (工业, 工厂) or a sector (钢铁企业, 电解铝企业 ...), not any enterprise: a data centre's
    retrofit is read as the data-centre project type, not as key-industry item 1.4.1."""
    out = evaluate(kg, text="数据中心企业节能改造", catalogues=["gfspc2025"])
    assert out["classification"].get("facet", {}).get("curie") != "gtf:F0046"
    assert "1.4.1" not in [i["code"] for i in out["verdicts"][0]["items"]]


def test_a_facet_label_that_holds_the_route_label_wins(kg):
    """"Purchase of renewable energy certificates" names the renewable-energy group only inside the trading
    mechanism's own name: the certificates are read, not a solar plant."""
    out = evaluate(kg, text="Purchase of renewable energy certificates", catalogues=["gfspc2025"])
    assert out["classification"].get("facet", {}).get("curie") == "gtf:F0002"
    assert [i["code"] for i in out["verdicts"][0]["items"]] == ["7.6.6"]
    # a route label that is not inside the facet's name keeps the route
    out = evaluate(kg, text="Offshore wind farm, 500 MW", catalogues=["gfspc2025"])
    assert "facet" not in out["classification"]
