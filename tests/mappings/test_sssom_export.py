"""GET /export?format=sssom is valid SSSOM, as sssom-py (the reference implementation) reads and validates it."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from greentaxo.api.main import app


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    with TestClient(app) as client:
        r = client.get("/export", params={"format": "sssom"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    path = tmp_path_factory.mktemp("sssom") / "greentaxo.sssom.tsv"
    path.write_bytes(r.content)
    return path


def test_metadata_block_and_curies(exported, kg):
    text = exported.read_text(encoding="utf-8")
    meta = [ln for ln in text.splitlines() if ln.startswith("#")]
    for key in ("#curie_map:", "#mapping_set_id: ", "#license: ", "#mapping_set_version: "):
        assert any(ln.startswith(key) for ln in meta), key
    header, *rows = [ln.split("\t") for ln in text.splitlines() if not ln.startswith("#")]
    assert len(rows) == len(kg.mappings.rows)
    for col in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
        values = {r[header.index(col)] for r in rows}
        assert not any(v.startswith(("http://", "https://")) for v in values), f"{col}: full IRIs, not CURIEs"


def test_sssom_py_parses_and_validates_it(exported):
    from sssom.constants import SchemaValidationType as V
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(exported)
    assert len(msdf.df) > 5000
    # sssom-py fills in a default id and licence when they are missing: ours must be the ones it read
    assert msdf.metadata["mapping_set_id"].startswith("https://w3id.org/greentaxo/mappings/")
    assert msdf.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    reports = validate(msdf, [V.JsonSchema, V.PrefixMapCompleteness, V.StrictCurieFormat], fail_on_error=False)
    assert {k.value: v.results for k, v in reports.items()} == {"JsonSchema": [], "PrefixMapCompleteness": [],
                                                               "StrictCurieFormat": []}


def test_a_missing_prefix_is_caught(exported, tmp_path):
    """The check above can fail: the same table without the ipc prefix is reported."""
    from sssom.constants import SchemaValidationType as V
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(exported.read_text(encoding="utf-8").replace("#  ipc: https://w3id.org/greentaxo/code/ipc/\n", ""),
                   encoding="utf-8")
    reports = validate(parse_sssom_table(bad), [V.PrefixMapCompleteness], fail_on_error=False)
    assert reports[V.PrefixMapCompleteness].results
