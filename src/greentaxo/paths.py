"""Where the bundled taxonomy lives.

The ontology, shapes, mappings and model are the editable sources of a checkout; run from one, the
package finds them at the repository root, so an editor's change is live without reinstalling. An
installed wheel carries a copy of them under greentaxo/bundle/ (pyproject.toml maps the top-level
folders there). An explicit root, or $GREENTAXO_HOME (greentaxo.settings), overrides both.
"""
from __future__ import annotations

import os
from pathlib import Path

from greentaxo import settings

_CHECKOUT = Path(__file__).resolve().parents[2]
_BUNDLE = Path(__file__).resolve().parent / "bundle"


def bundled_root() -> Path:
    """The checkout's root when the package runs from a checkout, else the copy installed with the package."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "ontology" / "greentaxo.ttl").is_file():
        return _CHECKOUT
    return _BUNDLE


def home(override: str | os.PathLike[str] | None = None) -> Path:
    """The root to read: `override`, else $GREENTAXO_HOME, else the checkout or the installed copy."""
    if override:
        return Path(override)
    return settings.current().home or bundled_root()


def ontology_files(root: Path) -> list[Path]:
    """Schema, routes, their key performance indicators, facets, scenarios, criteria, assessment indicator
    systems and generated code systems, in a stable order."""
    onto = root / "ontology"
    files = [onto / "greentaxo.ttl"]
    for sub in ("routes", "kpis", "facets", "scenarios", "criteria", "indicators", "codes"):
        files += sorted((onto / sub).glob("*.ttl"))
    return [f for f in files if f.exists()]


def mapping_files(root: Path) -> list[Path]:
    return sorted((root / "mappings").glob("*.sssom.tsv"))


def shapes_dir(root: Path) -> Path:
    return root / "shapes"


def shared_data(root: Path) -> Path:
    """The official tables: $GREENTAXO_DATA, else ../shared/data beside the root."""
    return settings.current().data or root.parent / "shared" / "data"
