"""An installed wheel serves the bundled taxonomy: every package and every data file the graph, the
validator and the classifier read is declared in pyproject.toml, and greentaxo.paths finds the installed copy."""
from __future__ import annotations

import fnmatch
import shutil
import tomllib

import pytest

from greentaxo import paths
from tests.support import ROOT

SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_under_src_is_listed():
    found = {".".join(p.parent.relative_to(ROOT / "src").parts) for p in (ROOT / "src").rglob("__init__.py")}
    missing = found - set(SETUP["packages"])
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def _installed(path) -> str | None:
    """Where a checkout file lands in an installed wheel (greentaxo/bundle/...), if pyproject declares it."""
    rel = path.relative_to(ROOT)
    for package, folder in SETUP["package-dir"].items():
        if not package.startswith("greentaxo.bundle.") or rel.parent.as_posix() != folder:
            continue
        if any(fnmatch.fnmatch(rel.name, g) for g in SETUP["package-data"].get(package, [])):
            return "/".join(package.split(".")) + "/" + rel.name
    for package in SETUP["packages"]:       # subfolders of a mapped folder (greentaxo.bundle.ontology.routes)
        head, _, sub = package.partition(".bundle.")
        if head == "greentaxo" and sub and "." in sub:
            top, rest = sub.split(".", 1)
            if rel.parent.as_posix() == f"{SETUP['package-dir'][f'greentaxo.bundle.{top}']}/{rest.replace('.', '/')}" \
                    and any(fnmatch.fnmatch(rel.name, g) for g in SETUP["package-data"].get(package, [])):
                return "/".join(package.split(".")) + "/" + rel.name
    return None


def _runtime_files() -> list:
    model = ROOT / "models" / "greentaxo-classifier.npz"
    return [*paths.ontology_files(ROOT), *paths.mapping_files(ROOT), *sorted(paths.shapes_dir(ROOT).glob("*.ttl")), model]


def test_every_runtime_file_is_package_data():
    missing = [str(f.relative_to(ROOT)) for f in _runtime_files() if _installed(f) is None]
    assert not missing, f"declare these in pyproject.toml (package-dir / package-data): {missing}"


def test_paths_find_the_installed_copy(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    for f in _runtime_files():
        dest = site / _installed(f)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
    monkeypatch.delenv("GREENTAXO_HOME", raising=False)
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)                 # not a checkout: no pyproject.toml
    monkeypatch.setattr(paths, "_BUNDLE", site / "greentaxo" / "bundle")
    root = paths.home()
    assert root == site / "greentaxo" / "bundle"
    assert [f.relative_to(root) for f in paths.ontology_files(root)] == \
        [f.relative_to(ROOT) for f in paths.ontology_files(ROOT)]
    assert [f.name for f in paths.mapping_files(root)] == [f.name for f in paths.mapping_files(ROOT)]
    assert (root / "models" / "greentaxo-classifier.npz").is_file()


@pytest.mark.parametrize("override", ["GREENTAXO_HOME"])
def test_checkout_is_preferred_unless_overridden(monkeypatch, tmp_path, override):
    monkeypatch.delenv(override, raising=False)
    assert paths.home() == ROOT
    monkeypatch.setenv(override, str(tmp_path))
    assert paths.home() == tmp_path
