"""Where the bundled taxonomy lives.

The ontology, shapes, mappings and model are the editable sources of a checkout; run from one, the
package finds them at the repository root, so an editor's change is live without reinstalling. An
installed wheel carries a copy of them under greentaxo/bundle/ (pyproject.toml maps the top-level
folders there). $GREENTAXO_HOME, or an explicit root, overrides both.
"""
from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
_BUNDLE = Path(__file__).resolve().parent / "bundle"


def bundled_root() -> Path:
    """The checkout's root when the package runs from a checkout, else the copy installed with the package."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "ontology" / "greentaxo.ttl").is_file():
        return _CHECKOUT
    return _BUNDLE


def home(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("GREENTAXO_HOME")
    if env:
        return Path(env)
    return bundled_root()


def ontology_files(root: Path) -> list[Path]:
    """Schema, routes, scenarios and generated code systems, in a stable order."""
    onto = root / "ontology"
    files = [onto / "greentaxo.ttl"]
    for sub in ("routes", "scenarios", "criteria", "codes"):
        files += sorted((onto / sub).glob("*.ttl"))
    return [f for f in files if f.exists()]


def mapping_files(root: Path) -> list[Path]:
    return sorted((root / "mappings").glob("*.sssom.tsv"))


def shapes_dir(root: Path) -> Path:
    return root / "shapes"


def shared_data(root: Path) -> Path:
    env = os.environ.get("GREENTAXO_DATA")
    return Path(env) if env else root.parent / "shared" / "data"
