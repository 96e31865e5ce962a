"""Code systems: generated deterministically from ../shared/data, with the SOURCE.md quirks handled."""
from __future__ import annotations

import pytest

from greentaxo.codes.build import BUILDERS, build_all
from greentaxo.errors import InputError, NotFoundError
from tests.support import ROOT, run_cli


def test_committed_code_files_are_up_to_date_and_deterministic(tmp_path, shared_data):
    counts = build_all(shared_data, tmp_path / "a")
    build_all(shared_data, tmp_path / "b")
    for sid in BUILDERS:
        a = (tmp_path / "a" / f"{sid}.ttl").read_bytes()
        assert a == (tmp_path / "b" / f"{sid}.ttl").read_bytes(), f"{sid} not deterministic"
        assert a == (ROOT / "ontology" / "codes" / f"{sid}.ttl").read_bytes(), f"run `greentaxo codes build`: {sid} stale"
        assert counts[sid] > 0


def test_official_counts(kg):
    levels = {}
    for code in kg.codes.codes["gbt4754-2017"].values():
        levels[code.level] = levels.get(code.level, 0) + 1
    assert levels == {1: 20, 2: 97, 3: 473, 4: 1381}
    g = {}
    for code in kg.codes.codes["gfspc2025"].values():
        g[code.level] = g.get(code.level, 0) + 1
    assert g == {1: 9, 2: 38, 3: 271}
    c19 = {}
    for code in kg.codes.codes["gigc2019"].values():
        c19[code.level] = c19.get(code.level, 0) + 1
    assert c19 == {1: 6, 2: 30, 3: 211}
    assert len(kg.codes.codes["eutaxonomy"]) == 6 + 242


def test_leading_zeros_kept_and_titles_exact(kg):
    assert kg.codes.get("gbt4754:0220").label == "造林和更新"
    assert kg.codes.get("gbt4754:4416").label == "太阳能发电"
    assert kg.codes.get("gfspc2025:4.1.8").label == "新型储能产品制造"


def test_source_quirks_are_recorded(kg):
    def ask(q):
        res = kg.query(q)
        return bool(res) if q.lstrip().startswith("ASK") else list(res)

    # appendix C 7512-7516 shift corrected: 7514 (节能技术推广服务) carries the printed value note
    rows = ask('SELECT ?n WHERE { gbt4754:7514 skos:editorialNote ?n }')
    assert any("corrected" in r["n"].value for r in rows)
    # GB/T 13745 doubtful codes flagged
    assert ask("ASK { gbt13745:32058 gt:provenanceDoubt true }")
    # 1.1.10 code/name mismatch kept with its flag
    assert ask('ASK { ?row gt:industryCode gbt4754:3411 ; gt:sourceFlag ?f FILTER(STRSTARTS(?f, "code_name_mismatch")) }')
    # EU Taxonomy irregular NACE notations normalised with a note
    assert ask('ASK { ?a gt:industryCode nace2:84 ; skos:editorialNote ?n FILTER(CONTAINS(?n, "section letter")) }')


@pytest.mark.parametrize("ref,words", [
    ("gbt4754:44160", ["not well formed", "4416"]),
    ("gbt4754:4499", ["no code", "44"]),
    ("gbc2021:3.2.1", ["2021", "2025"]),
    ("gbt4754-2011:4416", ["superseded"]),
    ("foo:1", ["unknown code scheme"]),
])
def test_bad_codes_explain_themselves(kg, ref, words):
    with pytest.raises((InputError, NotFoundError)) as exc:
        kg.codes.get(ref)
    for w in words:
        assert w in str(exc.value)


def test_cli_codes_show():
    r = run_cli("codes", "show", "gfspc2025:4.2.1")
    assert r.returncode == 0 and "风力发电设施建设和运营" in r.stdout
    r = run_cli("codes", "show", "gbt4754:44160")
    assert r.returncode == 2 and "4416" in r.stderr
