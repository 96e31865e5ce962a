"""`greentaxo release VERSION`: gate a numbered release on the checks, then write its artefacts.

Gates, cheapest first, so a refusal comes fast: the version is new and higher than the previous
release; no route IRI of the previous release has disappeared (deprecate, never delete); `validate`
conforms; `quality` has no error. The previous release is the highest version folder in the releases
folder (each release keeps a `source/` copy of ontology/ and mappings/, which later diffs compare with).

A release folder is written to a staging folder and renamed into place, so it appears whole or not at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from greentaxo import graph
from greentaxo.editorial.changelog import to_markdown
from greentaxo.editorial.diff import diff
from greentaxo.editorial.docpage import doc_page
from greentaxo.editorial.release_model import check_model, ship_model, skip_model
from greentaxo.editorial.revisions import Snapshot, snapshot
from greentaxo.errors import GreentaxoError, InputError
from greentaxo.export import RDF_FORMATS as FMTS
from greentaxo.export import export
from greentaxo.graph import KnowledgeGraph
from greentaxo.namespaces import DCT, OWL, PREFIXES, ROUTE_SCHEME, XSD, compact
from greentaxo.paths import mapping_files, ontology_files
from greentaxo.quality import report as quality
from greentaxo.releases import parse_version
from greentaxo.sources.files import concept_iris, load_routes, mapping_sets, write_mapping_set
from greentaxo.validate.runner import validate_bundle
from greentaxo.workbook.export import export_root

ONTOLOGY = "https://w3id.org/greentaxo/def"
RELEASES = "https://w3id.org/greentaxo/releases/"
RDF_FORMATS = {"ttl": "ttl", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "nt"}


class ReleaseRefused(GreentaxoError):
    """A gate failed; the message says which and what to do. Exit code 1 like a failed check."""

    exit_code = 1
    status, title = 409, "Release refused"


@dataclass
class ReleaseResult:
    version: str
    folder: Path
    previous: str | None
    files: dict[str, str] = field(default_factory=dict)    # relative path -> sha256
    summary: dict = field(default_factory=dict)


def previous_release(releases: Path, version: str) -> Path | None:
    """The highest release folder below `version`; refuses when `version` is not above every release."""
    found = []
    for d in releases.glob("*/manifest.json") if releases.is_dir() else []:
        try:
            found.append((parse_version(d.parent.name), d.parent))
        except InputError:
            continue
    if not found:
        return None
    top_v, top = max(found)
    if parse_version(version) <= top_v:
        raise ReleaseRefused(f"version {version} is not above the latest release {top.name}; choose a higher version")
    return top


def missing_iris(previous: Path, root: Path) -> list[str]:
    return sorted(concept_iris(load_routes(previous / "source")) - concept_iris(load_routes(root)))


def run_gates(root: Path, version: str, releases: Path, previous: Path | None, *, with_model: bool = True) -> dict:
    """Every gate in turn; raises ReleaseRefused at the first that fails, else returns what was checked."""
    checked: dict = {}
    if previous is not None:
        gone = missing_iris(previous, root)
        if gone:
            shown = ", ".join(compact(i) for i in gone[:10]) + (" …" if len(gone) > 10 else "")
            raise ReleaseRefused(f"{len(gone)} route IRI(s) of release {previous.name} disappeared: {shown}; "
                                 "put them back with owl:deprecated true and dct:isReplacedBy")
        checked["iris_kept_from"] = previous.name

    # validate_bundle and quality read the per-root cached graph; drop it so that sources edited since it
    # was loaded (an import, another release in the same process) are what gets checked
    graph.invalidate(str(root))
    report = validate_bundle(root)
    if not report.conforms:
        first = next((f.line() for f in report.findings if f.severity == "error"), "")
        raise ReleaseRefused(f"greentaxo validate does not conform ({report.to_dict()['errors']} errors; first: "
                             f"{first}); fix them and try again")
    checked["validate"] = report.checked
    findings = quality.run(graph.load_graph(str(root)))
    if quality.fails(findings, "error"):
        first = next(f.line() for f in findings if f.severity == "error")
        raise ReleaseRefused(f"greentaxo quality --fail-on error fails ({first}); fix the errors and try again")
    checked["quality"] = quality.summary(findings)
    def refuse(message: str) -> None:
        raise ReleaseRefused(message)

    checked.update(check_model(root, graph.load_graph(str(root)), refuse) if with_model else
                   skip_model(root, graph.load_graph(str(root))))
    return checked


def version_iris(version: str) -> dict[str, str]:
    """owl:versionIRI per versioned resource: the schema keeps its def/<version> pattern; the scheme's
    version IRI sits under releases/ (a gtr: IRI would look like a route)."""
    return {ONTOLOGY: f"{ONTOLOGY}/{version}", ROUTE_SCHEME: f"{RELEASES}{version}/scheme"}


def _versioned_graph(kg, version: str, issued: str) -> list:
    """The exported graph (schema, routes, scenarios, mappings; no code systems) with version statements."""
    triples = list(ox.parse(export(kg, "nt"), format=ox.RdfFormat.N_TRIPLES))
    heads = version_iris(version)
    replaced = {OWL + "versionIRI", OWL + "versionInfo", DCT + "issued"}
    out = [t for t in triples if not (t.subject.value in heads and t.predicate.value in replaced)]
    for s, v_iri in heads.items():
        out += [ox.Triple(ox.NamedNode(s), ox.NamedNode(OWL + "versionIRI"), ox.NamedNode(v_iri)),
                ox.Triple(ox.NamedNode(s), ox.NamedNode(OWL + "versionInfo"), ox.Literal(version)),
                ox.Triple(ox.NamedNode(s), ox.NamedNode(DCT + "issued"),
                          ox.Literal(issued, datatype=ox.NamedNode(XSD + "date")))]
    return sorted(out, key=str)


def _serialise(triples: list, fmt: str) -> bytes:
    kwargs = {"prefixes": dict(PREFIXES)} if fmt in ("ttl", "rdfxml") else {}
    return ox.serialize(triples, format=FMTS[fmt][0], **kwargs)


def write_release(root: Path, version: str, releases: Path, *, issued: str | None = None,
                  previous: Path | None = None, checked: dict | None = None, with_model: bool = True) -> ReleaseResult:
    """Write the artefacts of an already gated release into releases/VERSION."""
    issued = issued or dt.date.today().isoformat()
    target = releases / version
    stage = releases / f".{version}.partial"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "source").mkdir(parents=True)
    shutil.copytree(root / "ontology", stage / "source" / "ontology")
    shutil.copytree(root / "mappings", stage / "source" / "mappings")
    kg = KnowledgeGraph.from_files(ontology_files(root), root, mapping_files(root))
    stem = f"greentaxo-{version}"
    triples = _versioned_graph(kg, version, issued)
    for ext, fmt in RDF_FORMATS.items():
        (stage / f"{stem}.{ext}").write_bytes(_serialise(triples, fmt))
    (stage / "mappings").mkdir()
    for scheme, ms in mapping_sets(root).items():
        write_mapping_set(stage / "mappings" / ms.path.name, scheme, ms.rows, ms, version=version, date=issued)
    export_root(root, stage / f"{stem}.xlsx")
    if with_model:
        ship_model(root, stage)
    (stage / "index.html").write_text(doc_page(kg, version, issued), encoding="utf-8")
    new = snapshot(str(root))
    if previous is not None:
        d = diff(snapshot(str(previous)), new)
        d["old"], d["new"] = previous.name, version
    else:
        d = diff(_empty(), new)
        d["old"], d["new"] = "(nothing)", version
    (stage / "CHANGELOG.md").write_text(to_markdown(d, f"greentaxo {version} ({issued})"), encoding="utf-8")
    (stage / "changelog.json").write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files = {str(p.relative_to(stage)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(stage.rglob("*")) if p.is_file() and "source" not in p.relative_to(stage).parts}
    res = ReleaseResult(version, target, previous.name if previous else None, files, d["summary"])
    manifest = {"version": version, "issued": issued, "previous": res.previous,
                "versionIRI": version_iris(version),
                "checks": checked or {}, "changes": d["summary"], "files": files}
    (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stage.rename(target)
    return res


def _empty():


    return Snapshot("(nothing)", Graph(), {}, Graph(), True)


def release(root: Path, version: str, releases: Path, *, issued: str | None = None,
            with_model: bool = True) -> ReleaseResult:
    """Gate, then write. Nothing is written when a gate refuses. `with_model=False` releases the taxonomy without
    the classifier model (for editors who cannot rebuild it: the manifest says so, and which model it was)."""
    parse_version(version)
    if (releases / version).exists():
        raise ReleaseRefused(f"release {version} already exists in {releases}; releases are never overwritten")
    previous = previous_release(releases, version)
    checked = run_gates(root, version, releases, previous, with_model=with_model)
    return write_release(root, version, releases, issued=issued, previous=previous, checked=checked,
                         with_model=with_model)
