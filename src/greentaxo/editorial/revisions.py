"""Turn what a user names (a repository root, a route folder, a release folder or a git revision) into a
Snapshot of the editable sources: routes, mapping sets and eligibility criteria.

Git revisions are read with `git archive`, into a temporary folder, so the working tree is never touched.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from greentaxo import paths
from greentaxo.errors import InputError
from greentaxo.graph import KnowledgeGraph
from greentaxo.sources.files import load_routes, mapping_sets

PARTS = ("ontology/routes", "ontology/criteria", "mappings")


@dataclass
class Snapshot:
    name: str
    routes: Graph
    mappings: dict = field(default_factory=dict)       # scheme -> list[MappingRow]
    criteria: Graph | None = None
    has_mappings: bool = False


def _load_root(root: Path, name: str) -> Snapshot:
    maps = {k: v.rows for k, v in mapping_sets(root).items()} if (root / "mappings").is_dir() else {}
    crit = None
    crit_files = sorted((root / "ontology" / "criteria").glob("*.ttl"))
    if crit_files:
        crit = Graph()
        for f in crit_files:
            crit.parse(f, format="turtle")
    return Snapshot(name, load_routes(root), maps, crit, (root / "mappings").is_dir())


def _load_route_folder(folder: Path, name: str) -> Snapshot:
    g = Graph()
    for f in sorted(folder.glob("*.ttl")):
        g.parse(f, format="turtle")
    snap = Snapshot(name, g)
    # a route folder inside a checkout (…/ontology/routes) brings the checkout's mapping sets along
    if folder.name == "routes" and (folder.parent.parent / "mappings").is_dir():
        snap.mappings = {k: v.rows for k, v in mapping_sets(folder.parent.parent).items()}
        snap.has_mappings = True
    return snap


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120)


def is_revision(repo: Path, ref: str) -> bool:
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _load_revision(repo: Path, ref: str) -> Snapshot:
    present = [p for p in PARTS if _git(repo, "cat-file", "-e", f"{ref}:{p}").returncode == 0]
    if "ontology/routes" not in present:
        raise InputError(f"git revision {ref!r} has no ontology/routes folder")
    out = _git(repo, "archive", "--format=tar", ref, *present)
    if out.returncode != 0:
        raise InputError(f"git archive {ref} failed: {out.stderr.decode(errors='replace').strip().splitlines()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        return _load_root(Path(tmp), ref)


def snapshot(ref: str, repo: Path | None = None) -> Snapshot:
    """A path (repository root, release folder or route folder) or, failing that, a git revision of `repo`."""
    p = Path(ref)
    if p.is_dir():
        if (p / "ontology" / "routes").is_dir():
            return _load_root(p, ref)
        if (p / "source" / "ontology" / "routes").is_dir():      # a release folder written by `greentaxo release`
            return _load_root(p / "source", ref)
        if any(p.glob("*.ttl")):
            return _load_route_folder(p, ref)
        raise InputError("folder holds neither ontology/routes nor .ttl route files", source=ref)
    repo = paths.home(repo)
    if is_revision(repo, ref):
        return _load_revision(repo, ref)
    raise InputError(f"{ref!r} is neither a folder nor a git revision of {repo}; give a repository root, "
                     "a route folder, a release folder or a revision such as HEAD~1 or a tag")


def load_graph_at(ref: str, repo: Path | None = None):
    """The whole KnowledgeGraph (schema, routes, codes, criteria, mappings) of a root or a git revision,
    or None when `ref` names only part of the sources (a route folder)."""
    def load(root: Path):
        return KnowledgeGraph.from_files(paths.ontology_files(root), root, paths.mapping_files(root))

    p = Path(ref)
    if p.is_dir():
        for root in (p, p / "source"):     # a checkout, or a release folder with its source copy
            if (root / "ontology" / "greentaxo.ttl").exists():
                return load(root)
        return None
    repo = paths.home(repo)
    if not is_revision(repo, ref):
        return None
    present = [x for x in ("ontology", "mappings") if _git(repo, "cat-file", "-e", f"{ref}:{x}").returncode == 0]
    out = _git(repo, "archive", "--format=tar", ref, *present)
    if out.returncode != 0 or "ontology" not in present:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        return load(Path(tmp))    # the store holds everything in memory; the folder may go
