"""The criteria data: generated files in sync, every rule well formed, coverage of what routes reach."""
from __future__ import annotations

from greentaxo.eligibility import build
from greentaxo.eligibility.criteria import items, metrics_in_use
from greentaxo.eligibility.metrics import METRICS
from greentaxo.eligibility.units import compatible
from tests.support import ROOT


def test_generated_turtle_is_in_sync_and_rows_check():
    assert build.build(ROOT, check=True) == []


def test_every_rule_is_machine_checkable(kg):
    n = 0
    for scheme in ("gfspc2025", "eutaxonomy"):
        for it in items(kg, scheme).values():
            for c in it.criteria:
                assert {"zh", "en"} <= set(c.summary), c.id
                assert c.source and it.code in c.source, c.id
                assert c.checkable == (c.metric is not None), c.id
                if c.metric:
                    n += 1
                    assert c.comparator in {"<", "<=", ">", ">=", "="}, c.id
                    assert compatible(c.unit, METRICS[c.metric].unit), c.id
    assert n >= 40


def test_every_metric_is_used_by_some_criterion(kg):
    # bank metrics feed a criterion metric (PUE -> GB 40879 grade); shown-only ones are read from text for the reader
    tested = {m for m in METRICS if not METRICS[m].shown_only and not METRICS[m].feeds}
    assert tested == metrics_in_use(kg, ["gfspc2025", "gigc2019", "eutaxonomy"])
    assert all(METRICS[m].feeds in tested for m in METRICS if METRICS[m].feeds)


def test_every_eu_mitigation_activity_reached_lists_dnsh_by_name(kg):
    eu = items(kg, "eutaxonomy")
    reached = {r.code for r in kg.mappings.rows if r.scheme == "eutaxonomy" and r.is_match and r.code.startswith("ccm-")}
    assert len(reached) > 80
    for code in reached:
        objectives = {c.dnsh_objective for c in eu[code].criteria if c.role == "dnsh"}
        assert objectives and "climate change adaptation" in objectives, code


def test_summaries_are_not_copied_from_the_official_text(kg):
    # our summaries paraphrase; a long verbatim run of the 2025 condition text would mean copying.
    # Standard titles 《...》 and codes in brackets are facts and may be cited exactly, so they are removed first.
    import re

    def strip(t: str) -> str:
        return re.sub(r"《[^》]*》|（[^）]*）|\([^)]*\)|\s", "", t)

    q = """SELECT ?n ?t WHERE { ?c skos:inScheme <https://w3id.org/greentaxo/code/gfspc2025> ; skos:notation ?n ;
             gt:industryRow ?r . ?r skos:scopeNote ?t }"""
    official: dict[str, str] = {}
    for row in kg.query(q):
        official[row["n"].value] = official.get(row["n"].value, "") + row["t"].value
    for it in items(kg, "gfspc2025").values():
        for c in it.criteria:
            zh, text = strip(c.summary["zh"]), strip(official.get(it.code, ""))
            runs = [zh[i:i + 20] for i in range(0, max(len(zh) - 20, 0) + 1)]
            assert not any(r and r in text for r in runs), c.id


def test_a_malformed_table_row_names_file_and_line(tmp_path):
    import pytest

    from greentaxo.eligibility.table import COLUMNS, read_tsv
    from greentaxo.errors import InputError

    p = tmp_path / "criteria_x.tsv"
    good = "\t".join(["4.2.1", "c1", "scope", "建设风电。", "Builds wind power.", "row 4415", "", "", "", "", ""])
    bad = "\t".join(["4.2.1", "c2", "technical", "甲", "A", "", "power > five MW", "", "", "", ""])
    p.write_text("# comment\n" + "\t".join(COLUMNS) + "\n" + good + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"criteria_x.tsv:4: .*metric OP number unit"):
        read_tsv(p)
    p.write_text("\t".join(COLUMNS) + "\n" + good + "\n", encoding="utf-8")
    assert [r.key for r in read_tsv(p)] == ["c1"]


def test_2019_summaries_are_not_copied_from_the_explanations(kg):
    import re

    def strip(t: str) -> str:
        return re.sub(r"《[^》]*》|（[^）]*）|\([^)]*\)|\s", "", t)

    q = """SELECT ?n ?t WHERE { ?c skos:inScheme <https://w3id.org/greentaxo/code/gigc2019> ; skos:notation ?n ;
             skos:scopeNote ?t }"""
    official = {row["n"].value: strip(row["t"].value) for row in kg.query(q)}
    n = 0
    for it in items(kg, "gigc2019").values():
        for c in it.criteria:
            zh = strip(c.summary["zh"])
            n += 1
            assert not any(zh[i:i + 20] in official.get(it.code, "") for i in range(0, max(len(zh) - 20, 0) + 1)), c.id
    assert n >= 211


def test_every_2019_item_has_its_conditions_encoded(kg):
    level3 = [it for it in items(kg, "gigc2019").values() if it.level == 3]
    assert len(level3) == 211 and all(it.criteria for it in level3)


def test_docs_criteria_tables_are_current():
    from greentaxo.eligibility import doctable

    assert doctable.update(check=True) == []


def test_every_route_a_criterion_is_limited_to_is_a_live_route(kg):
    """gt:forRoute names routes by notation; a route moved to a new notation (its IRI kept) or retired would
    silently free the criterion from its limit, so every notation must name a live route."""
    named = {r["n"].value for r in kg.query("SELECT DISTINCT ?n WHERE { ?c gt:forRoute ?n }")}
    live = {c.notation for c in kg.taxonomy.concepts.values() if not c.deprecated}
    assert named and not named - live, f"gt:forRoute names no live route: {sorted(named - live)}"
