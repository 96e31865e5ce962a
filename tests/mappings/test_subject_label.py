"""MAP-SUBJECT-LABEL: a row whose subject_label is not its subject's current zh preferred label is flagged for
re-judging (docs/review.md: 143 rows of 20 renamed routes had kept their old labels and, with them, claims about the
old scope). The bundle carries none; a copied file with a stale label is named by file and line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from greentaxo.mappings.rubric import rubric_findings
from greentaxo.mappings.sssom import read
from tests.support import ROOT
from tests.support.deprecation import copy_sources

GTR = "https://w3id.org/greentaxo/route/"
GTF = "https://w3id.org/greentaxo/facet/"
STALE = "船舶与港口大气及水污染防治"          # R0822's label before it was narrowed to exhaust scrubbing


def _stale_copy(tmp_path, name: str, subject: str, stale: str):
    """Copy a bundled mapping file and give the first row of `subject` an old label; return (path, line, current)."""
    text = (ROOT / "mappings" / name).read_text(encoding="utf-8").splitlines(keepends=True)
    curie = subject.replace(GTR, "gtr:").replace(GTF, "gtf:")
    i = next(n for n, ln in enumerate(text) if ln.startswith(curie + "\t"))
    cells = text[i].split("\t")
    current, cells[1] = cells[1], stale
    text[i] = "\t".join(cells)
    out = tmp_path / name
    out.write_text("".join(text), encoding="utf-8")
    return out, i + 1, current


def test_the_bundle_has_no_stale_subject_label(kg):
    assert [f for f in rubric_findings(kg) if f.check == "MAP-SUBJECT-LABEL"] == []


def test_a_stale_route_label_in_a_copied_file_is_flagged(kg, tmp_path):
    path, line, current = _stale_copy(tmp_path, "gfspc2025.sssom.tsv", GTR + "R0822", STALE)
    assert current == kg.taxonomy.concepts[GTR + "R0822"].pref["zh"]
    found = [f for f in rubric_findings(kg, read(path).rows) if f.check == "MAP-SUBJECT-LABEL"]
    assert len(found) == 1
    f = found[0]
    assert (f.severity, f.source, f.focus) == ("warning", f"{path}:{line}", "gtr:R0822")
    assert STALE in f.message and current in f.message
    assert "re-judge the row against the route as it is now, then update the label" in f.message


def test_a_facet_row_is_held_to_the_facet_label(kg, tmp_path):
    facet = next(r.subject_id for r in kg.mappings.rows if r.scheme == "gfspc2025" and r.subject_id.startswith(GTF))
    path, line, current = _stale_copy(tmp_path, "gfspc2025.sssom.tsv", facet, "旧名称")
    assert current == kg.facets[facet].pref["zh"]
    found = [f for f in rubric_findings(kg, read(path).rows) if f.check == "MAP-SUBJECT-LABEL"]
    assert [(f.source, f.focus) for f in found] == [(f"{path}:{line}", facet.replace(GTF, "gtf:"))]
    assert "'旧名称'" in found[0].message and repr(current) in found[0].message


def test_mappings_check_on_copied_sources_reports_the_row(tmp_path):
    root = copy_sources(tmp_path / "root")
    _stale_copy(root / "mappings", "gfspc2025.sssom.tsv", GTR + "R0822", STALE)
    exe = Path(sys.executable).parent / "greentaxo"
    run = subprocess.run([str(exe), "mappings", "check"], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "GREENTAXO_HOME": str(root)})
    assert run.returncode == 0, run.stderr                # a warning, not an error
    assert "0 errors, 1 warnings" in run.stdout
    flagged = [ln for ln in run.stdout.splitlines() if "MAP-SUBJECT-LABEL" in ln]
    assert len(flagged) == 1 and "gfspc2025.sssom.tsv:" in flagged[0] and STALE in flagged[0]
