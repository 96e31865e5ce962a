"""SSSOM reading and writing: round trip, and malformed rows named by file, row and column."""
from __future__ import annotations

import pytest

from greentaxo.errors import InputError
from greentaxo.mappings.sssom import read, write
from tests.support import ROOT

HEADER = """#curie_map:
#  gtr: https://w3id.org/greentaxo/route/
#  gbt4754: https://w3id.org/greentaxo/code/gbt4754-2017/
#  skos: http://www.w3.org/2004/02/skos/core#
#  semapv: https://w3id.org/semapv/vocab/
#mapping_set_id: https://example.org/test.sssom.tsv
#object_source: https://w3id.org/greentaxo/code/gbt4754-2017
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tauthor_id\tcomment\tindustry_role
"""
ROW = "gtr:R0102\tskos:broadMatch\tgbt4754:4411\tsemapv:ManualMappingCuration\t0.9\tgtteam:editors\tapplied class\tapplied\n"


def test_bundled_files_round_trip(tmp_path):
    for path in sorted((ROOT / "mappings").glob("*.sssom.tsv")):
        msf = read(path)
        out = tmp_path / path.name
        write(out, msf.scheme, msf.rows, version=msf.metadata["mapping_set_version"], title=msf.metadata["mapping_set_title"],
              date=str(msf.metadata["mapping_date"]), object_source_version=str(msf.metadata.get("object_source_version", "")))
        assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), f"{path.name} not canonical"


def test_reads_rows_with_lines(tmp_path):
    p = tmp_path / "t.sssom.tsv"
    p.write_text(HEADER + ROW, encoding="utf-8")
    msf = read(p)
    assert msf.scheme == "gbt4754-2017"
    r = msf.rows[0]
    assert r.line == 9 and r.code == "4411" and r.industry_role == "applied" and r.confidence == 0.9


@pytest.mark.parametrize("row,words", [
    (ROW.replace("0.9", "high"), ["t.sssom.tsv:9", "confidence", "high"]),
    (ROW.replace("gbt4754:4411", "foo:4411"), ["t.sssom.tsv:9", "object_id", "foo:4411"]),
    (ROW.replace("skos:broadMatch", ""), ["t.sssom.tsv:9", "predicate_id", "empty"]),
    (ROW.replace("applied\n", "applied\textra\n"), ["t.sssom.tsv:9", "cells", "stray tab"]),
])
def test_malformed_rows_are_named(tmp_path, row, words):
    p = tmp_path / "t.sssom.tsv"
    p.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read(p)
    for w in words:
        assert w in str(exc.value)


def test_missing_column_and_bad_yaml(tmp_path):
    p = tmp_path / "t.sssom.tsv"
    p.write_text(HEADER.replace("predicate_id\t", "") + ROW, encoding="utf-8")
    with pytest.raises(InputError, match="predicate_id"):
        read(p)
    p.write_text("#curie_map: [unclosed\n" + ROW, encoding="utf-8")
    with pytest.raises(InputError, match="YAML"):
        read(p)
