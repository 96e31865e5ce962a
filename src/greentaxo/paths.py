"""Where the bundled taxonomy lives.

The ontology, shapes and mappings are the editable sources of a checkout; the package finds them at
the repository root (or at $GREENTAXO_HOME), so an editor's change is live without reinstalling.
"""
from __future__ import annotations

import os
from pathlib import Path


def home(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("GREENTAXO_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def ontology_files(root: Path) -> list[Path]:
    """Schema, routes, their indicators, facets, scenarios and generated code systems, in a stable order."""
    onto = root / "ontology"
    files = [onto / "greentaxo.ttl"]
    for sub in ("routes", "kpis", "facets", "scenarios", "criteria", "codes"):
        files += sorted((onto / sub).glob("*.ttl"))
    return [f for f in files if f.exists()]


def mapping_files(root: Path) -> list[Path]:
    return sorted((root / "mappings").glob("*.sssom.tsv"))


def shapes_dir(root: Path) -> Path:
    return root / "shapes"


def shared_data(root: Path) -> Path:
    env = os.environ.get("GREENTAXO_DATA")
    return Path(env) if env else root.parent / "shared" / "data"
