"""Spreadsheet round-trip: export xlsx, edit, import back into Turtle + SSSOM (on a copy of the sources)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from greentaxo.sources.files import load_routes, mapping_sets, row_key
from greentaxo.workbook.export import export_root
from greentaxo.workbook.importer import import_workbook
from tests.support import ROOT, run_cli


def copy_sources(dst: Path) -> Path:
    shutil.copytree(ROOT / "ontology", dst / "ontology")
    shutil.copytree(ROOT / "mappings", dst / "mappings")
    return dst


def snapshot(root: Path) -> dict[str, bytes]:
    files = list((root / "ontology" / "routes").glob("*.ttl")) + list((root / "mappings").glob("*.tsv"))
    return {str(f.relative_to(root)): f.read_bytes() for f in files}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A copy of the bundled sources and a workbook exported from it (read-only for the tests)."""
    root = copy_sources(tmp_path_factory.mktemp("src"))
    wb = root / "taxonomy.xlsx"
    export_root(root, wb)
    return root, wb


@pytest.fixture
def repo(tmp_path, exported):
    root = copy_sources(tmp_path)
    wb = tmp_path / "edit.xlsx"
    shutil.copyfile(exported[1], wb)
    return root, wb


def sheet_with(wb, iri: str):
    """(sheet, row number, header->column index) of the row whose IRI cell is `iri`."""
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        if header[0] != "IRI":
            continue
        for row in ws.iter_rows(min_row=2):
            if row[0].value == iri:
                return ws, row[0].row, {h: i + 1 for i, h in enumerate(header)}
    raise AssertionError(iri)


def test_bundled_round_trip_is_lossless(exported, tmp_path):
    root, wb = exported
    before = snapshot(root)
    res = import_workbook(wb, root)
    assert res.errors == [] and res.written
    assert res.new == {} and res.changed_files == []
    assert isomorphic(load_routes(ROOT), load_routes(root))
    orig, back = mapping_sets(ROOT), mapping_sets(root)
    assert set(orig) == set(back) and len(orig) >= 6
    for scheme in orig:
        assert sorted(map(row_key, orig[scheme].rows)) == sorted(map(row_key, back[scheme].rows)), scheme
    assert snapshot(root) == before   # deterministic writers: not a byte changed


def test_workbook_layout(exported):
    from openpyxl import load_workbook

    root, wb_path = exported
    wb = load_workbook(wb_path, read_only=True)
    names = wb.sheetnames
    g = load_routes(root)
    from rdflib.namespace import SKOS
    tops = {s for s in g.subjects(SKOS.topConceptOf, None)}
    assert sum(1 for n in names if n.startswith("SSSOM ")) == len(mapping_sets(root))
    side = ["facets", "indicators", "thresholds"]
    assert [n for n in names if n in side] == side
    assert len([n for n in names if n != "about" and n not in side and not n.startswith("SSSOM ")]) == len(tops)
    facet_header = [c.value for c in next(wb["facets"].iter_rows(max_row=1))]
    assert facet_header[:3] == ["IRI", "notation", "kind"] and "involvesRoute" in facet_header
    kpi_header = [c.value for c in next(wb["indicators"].iter_rows(max_row=1))]
    assert {"kpiOf", "metric", "unit", "direction", "typicalMin", "typicalMax", "source"} <= set(kpi_header)
    header = [c.value for c in next(wb[names[1]].iter_rows(max_row=1))]
    for col in ("IRI", "notation", "prefLabel@zh", "prefLabel@en", "altLabel@zh", "definition@en", "broader",
                "trlMin", "trlMax", "providesFunction", "requires", "complements"):
        assert col in header
    sssom_header = [c.value for c in next(wb["SSSOM gbt4754-2017"].iter_rows(max_row=1))]
    assert sssom_header[:4] == ["subject_id", "subject_label", "predicate_id", "predicate_modifier"]
    assert "industry_role" in sssom_header and "confidence" in sssom_header


def test_edit_new_route_gets_next_free_iri(repo):
    from openpyxl import load_workbook

    root, path = repo
    used = max(int(m) for m in re.findall(r"gtr:R(\d+)", "".join(
        f.read_text(encoding="utf-8") for f in (root / "ontology" / "routes").glob("*.ttl"))))
    wb = load_workbook(path)
    ws, r, col = sheet_with(wb, "gtr:R0102")
    ws.cell(r, col["prefLabel@en"], "Ultra-supercritical coal power units (edited)")
    ws.cell(r, col["altLabel@en"], ws.cell(r, col["altLabel@en"]).value + "\nUSC unit")
    new = ws.max_row + 1
    values = {"notation": "01.01.01.99", "prefLabel@zh": "测试新路线", "prefLabel@en": "A test route",
              "definition@zh": "用于测试导入的新路线。", "definition@en": "A new route to test the import.",
              "broader": "gtr:R0101", "trlMin": 4, "trlMax": 6, "providesFunction": "gtx:F001",
              "altLabel@zh": "测试导入路线", "altLabel@en": "import test route\nITR"}
    for h, v in values.items():
        ws.cell(new, col[h], v)
    ms = wb["SSSOM gbt4754-2017"]
    mcol = {c.value: i + 1 for i, c in enumerate(ms[1])}
    m = ms.max_row + 1
    for h, v in {"subject_id": "01.01.01.99", "predicate_id": "skos:broadMatch", "object_id": "gbt4754:4411",
                 "mapping_justification": "semapv:ManualMappingCuration", "confidence": 0.8,
                 "author_id": "gtteam:editors", "industry_role": "applied"}.items():
        ms.cell(m, mcol[h], v)
    wb.save(path)

    res = import_workbook(path, root)
    assert res.errors == [], [e.line() for e in res.errors]
    new_iri = f"gtr:R{used + 1:04d}"
    assert res.new == {new_iri: "01.01.01.99"}
    text = (root / "ontology" / "routes" / "01-energy-transition.ttl").read_text(encoding="utf-8")
    assert f"{new_iri}\n" in text and '"A test route"@en' in text and '"USC unit"@en' in text
    assert "(edited)" in text
    rows = [x for x in mapping_sets(root)["gbt4754-2017"].rows if x.subject_id.endswith(new_iri[4:])]
    assert len(rows) == 1 and rows[0].subject_label == "测试新路线" and rows[0].industry_role == "applied"
    assert sorted(res.changed_files) == ["mappings/gbt4754-2017.sssom.tsv", "ontology/routes/01-energy-transition.ttl"]
    # the written sources load and export again to the same workbook content
    again = root / "again.xlsx"
    export_root(root, again)
    assert import_workbook(again, root).changed_files == []


def test_cell_errors_are_reported_and_nothing_is_written(repo):
    from openpyxl import load_workbook

    root, path = repo
    before = snapshot(root)
    wb = load_workbook(path)
    ws, r, col = sheet_with(wb, "gtr:R0102")
    ws.cell(r, col["trlMax"], 12)
    ws.cell(r, col["broader"], "gtr:R9999")
    ws.cell(r, col["prefLabel@zh"], "甲\n乙")
    ws2, r2, _ = sheet_with(wb, "gtr:R0103")
    ws2.delete_rows(r2)                                    # a deleted row: its IRI disappears
    ms = wb["SSSOM gfspc2025"]
    mcol = {c.value: i + 1 for i, c in enumerate(ms[1])}
    ms.cell(2, mcol["confidence"], "high")
    ms.cell(3, mcol["predicate_id"], "skos:sameAs")
    wb.save(path)

    res = import_workbook(path, root)
    got = {e.line() for e in res.errors}
    L = {h: c for h, c in col.items()}
    from openpyxl.utils import get_column_letter as letter
    assert any(x.startswith(f"{ws.title}!{letter(L['trlMax'])}{r}: trlMax '12'") for x in got), got
    assert any(x.startswith(f"{ws.title}!{letter(L['broader'])}{r}: 'gtr:R9999'") for x in got), got
    assert any(x.startswith(f"{ws.title}!{letter(L['prefLabel@zh'])}{r}: prefLabel@zh takes one value") for x in got)
    assert any(x.startswith("(workbook)!IRI: gtr:R0103") and "deprecated" in x for x in got), got
    assert any(x.startswith(f"SSSOM gfspc2025!{letter(mcol['confidence'])}2: confidence 'high'") for x in got), got
    assert any(x.startswith(f"SSSOM gfspc2025!{letter(mcol['predicate_id'])}3: 'skos:sameAs'") for x in got), got
    assert not res.written and res.changed_files == []
    assert snapshot(root) == before


def test_cli_export_and_import(tmp_path):
    root = copy_sources(tmp_path)
    wb = tmp_path / "out.xlsx"
    p = run_cli("export", "xlsx", "--root", str(root), "--output", str(wb))
    assert p.returncode == 0, p.stderr
    assert wb.exists() and "SSSOM ipc" in p.stdout
    p = run_cli("import", "xlsx", str(wb), "--root", str(root), "--dry-run")
    assert p.returncode == 0, p.stderr
    assert "would change 0 file(s)" in p.stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    p = run_cli("import", "xlsx", str(bad), "--root", str(root))
    assert p.returncode == 2 and "Traceback" not in p.stderr and "not an .xlsx workbook" in p.stderr


def test_round_trip_keeps_properties_without_a_fixed_column(repo):
    """Other languages, notes, deprecation and any other property survive export + import unchanged."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

    from greentaxo.sources.serialise import write_routes

    root, _ = repo
    g = load_routes(root)
    c, other = URIRef("https://w3id.org/greentaxo/route/R0104"), URIRef("https://w3id.org/greentaxo/route/R0102")
    g.add((c, SKOS.altLabel, Literal("IGCC-Kraftwerk", lang="de")))
    g.add((c, SKOS.scopeNote, Literal("Includes polygeneration plants.", lang="en")))
    g.add((c, DCTERMS.created, Literal("2026-01-01", datatype=XSD.date)))
    g.add((c, OWL.deprecated, Literal(True)))
    g.add((c, DCTERMS.isReplacedBy, other))
    write_routes(g, root / "ontology" / "routes")
    wb = root / "extra.xlsx"
    export_root(root, wb)
    from openpyxl import load_workbook
    header = [x.value for x in next(load_workbook(wb, read_only=True)["01 Energy transition"].iter_rows(max_row=1))]
    assert {"altLabel@de", "scopeNote@en", "ttl dct:created"} <= set(header)
    res = import_workbook(wb, root)
    assert res.errors == [] and res.changed_files == []
    assert isomorphic(g, load_routes(root))


def test_broken_header_is_reported_alone(repo):
    from openpyxl import load_workbook

    root, path = repo
    before = snapshot(root)
    wb = load_workbook(path)
    ws = wb.worksheets[1]
    ws.cell(1, 1, "Iri")
    wb.save(path)
    res = import_workbook(path, root)
    assert [e.line() for e in res.errors][:1] == [f"{ws.title}!A1: " + res.errors[0].reason]
    assert "unknown column 'Iri'" in res.errors[0].reason
    assert any("header has no 'IRI' column" in e.reason for e in res.errors)
    assert len(res.errors) == 2 and not res.written and snapshot(root) == before


def _append(ws, values: dict) -> None:
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    r = ws.max_row + 1
    for h, v in values.items():
        ws.cell(r, col[h], v)


def test_retirement_indicators_and_facets_in_one_import(repo):
    """deprecated + isReplacedBy on a live route retires it in one step (greentaxo.retirement): labels become
    hidden labels of the successor, mapping rows, relations, indicators and facet links follow. Indicators,
    thresholds and facet concepts are edited on their own sheets."""
    from openpyxl import load_workbook

    root, path = repo
    wb = load_workbook(path)
    ws, r, col = sheet_with(wb, "gtr:R0102")
    ws.cell(r, col["deprecated"], "true")
    ws.cell(r, col["isReplacedBy"], "gtr:R0103")
    ws.cell(r, col["deprecationReason@en"], "Merged for the test.")
    _append(wb["indicators"], {"kpiOf": "gtr:R0102", "metric": "net_efficiency", "prefLabel@zh": "供电效率",
                               "prefLabel@en": "Net efficiency", "unit": "%", "direction": "higher",
                               "typicalMin": 45, "typicalMax": "48.5", "source": "test"})
    _append(wb["thresholds"], {"indicator": "gtk:R0102-net_efficiency", "comparator": ">=", "threshold": 45, "unit": "%",
                              "source": "test standard, clause 1", "setBy": "gtc:gfspc2025/1.1.1"})
    fs, fr, fcol = sheet_with(wb, "gtf:F0001")
    fs.cell(fr, fcol["involvesRoute"], fs.cell(fr, fcol["involvesRoute"]).value + "\ngtr:R0102")
    wb.save(path)

    res = import_workbook(path, root)
    assert res.errors == [] and res.written, [e.line() for e in res.errors]
    assert [x["route"] for x in res.retired] == ["https://w3id.org/greentaxo/route/R0102"]
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, SKOS

    from greentaxo.sources.files import load_sources
    g = load_sources(root)
    R = "https://w3id.org/greentaxo/route/"
    old, new, gt = URIRef(R + "R0102"), URIRef(R + "R0103"), "https://w3id.org/greentaxo/def#"
    assert (old, OWL.deprecated, Literal(True)) in g and g.value(old, DCTERMS.isReplacedBy) == new
    assert [str(x) for x in g.objects(old, URIRef(gt + "deprecationReason"))] == ["Merged for the test."]
    assert (new, SKOS.hiddenLabel, Literal("超超临界燃煤发电机组", lang="zh")) in g
    assert (URIRef(R + "R0104"), URIRef(gt + "alternativeTo"), new) in g
    assert not set(g.subjects(None, old)) - {old}                          # nothing points at the retired route
    kpi = URIRef("https://w3id.org/greentaxo/kpi/R0102-net_efficiency")
    assert g.value(kpi, URIRef(gt + "kpiOf")) == new and str(g.value(kpi, URIRef(gt + "typicalMax"))) == "48.5"
    assert g.value(kpi, URIRef(gt + "hasThreshold")) == URIRef(str(kpi) + "-t1")
    assert (URIRef("https://w3id.org/greentaxo/facet/F0001"), URIRef(gt + "involvesRoute"), new) in g
    rows = [x for ms in mapping_sets(root).values() for x in ms.rows]
    assert not [x for x in rows if x.subject_id == str(old)]
    assert any(x.subject_id == str(new) and x.object_id.endswith("/47030") for x in rows)   # moved from R0102
    assert "ontology/kpis/01-energy-transition.ttl" in res.changed_files


def test_refused_retirement_and_shape_errors_write_nothing(repo):
    from openpyxl import load_workbook

    root, path = repo
    before = snapshot(root)
    wb = load_workbook(path)
    ws, r, col = sheet_with(wb, "gtr:R0101")               # a group: its narrower routes are still live
    ws.cell(r, col["deprecated"], "true")
    ws.cell(r, col["isReplacedBy"], "gtr:R0103")
    ws2, r2, col2 = sheet_with(wb, "gtr:R0104")            # a synonym R0102 already has
    ws2.cell(r2, col2["altLabel@en"], ws2.cell(r2, col2["altLabel@en"]).value + "\nUSC-PC")
    wb.save(path)

    res = import_workbook(path, root)
    got = [e.line() for e in res.errors]
    assert any("gtr:R0101: gtr:R0101 still has live narrower routes" in x for x in got), got
    assert any(x.startswith("(validation)!gtr:R0104: TAX-LABEL-COLLISION") and "USC-PC" in x for x in got), got
    assert not res.written and snapshot(root) == before
