"""A release ships a classifier model built for what it releases, or refuses saying why (issue 14, item 5)."""
from __future__ import annotations

import json
import shutil

import pytest

from greentaxo.editorial.release import ReleaseRefused, release
from tests.releases.test_release import ROOT, copy_sources, relabel


def _with_model(tmp_path):
    """A copy of the sources with a model built for exactly them: the committed model, re-stamped with the
    copy's taxonomy hash (so these tests do not depend on whether the committed model is current)."""
    from greentaxo.classify.classifier import Classifier
    from greentaxo.classify.routes import RouteIndex
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.paths import mapping_files, ontology_files

    root = copy_sources(tmp_path / "root")
    (root / "models").mkdir()
    shutil.copy2(ROOT / "models" / "greentaxo-classifier.npz", root / "models")
    routes = RouteIndex.from_graph(KnowledgeGraph.from_files(ontology_files(root), root, mapping_files(root)))
    clf = Classifier.from_file(routes, root / "models" / "greentaxo-classifier.npz")
    clf.meta["taxonomy_hash"] = routes.content_hash()
    clf.save(root / "models" / "greentaxo-classifier.npz")
    return root


def test_a_model_built_for_the_taxonomy_ships_with_the_release(tmp_path):
    root = _with_model(tmp_path)
    res = release(root, "1.0.0", tmp_path / "releases", issued="2026-01-15")
    manifest = json.loads((res.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["checks"]["classifier"].startswith("0.") and (res.folder / "models" / "greentaxo-classifier.npz").exists()


def test_a_stale_model_that_cannot_be_rebuilt_refuses_the_release(tmp_path, monkeypatch):
    root = _with_model(tmp_path)
    relabel(root)                                    # the taxonomy changed since the model was built
    monkeypatch.setenv("GREENTAXO_DATA", str(tmp_path / "no-data"))
    with pytest.raises(ReleaseRefused, match="greentaxo train"):
        release(root, "1.0.0", tmp_path / "releases", issued="2026-01-15")
    assert not (tmp_path / "releases" / "1.0.0").exists()


def test_a_release_without_the_model_says_so_and_ships_none(tmp_path, monkeypatch):
    """An editor with no patents-dev to retrain on can still release the taxonomy: the stale model stays out and the
    manifest names it and that it did not fit."""
    root = _with_model(tmp_path)
    relabel(root)
    monkeypatch.setenv("GREENTAXO_DATA", str(tmp_path / "no-data"))
    res = release(root, "1.0.0", tmp_path / "releases", issued="2026-01-15", with_model=False)
    checks = json.loads((res.folder / "manifest.json").read_text(encoding="utf-8"))["checks"]
    assert checks["classifier"] == "not shipped (--without-model)"
    assert checks["checkout_model"].startswith("0.") and checks["checkout_model_fits"] is False
    assert not (res.folder / "models").exists() and not any("models/" in f for f in res.files)


def test_classifier_says_when_its_model_is_stale(tmp_path):
    from greentaxo.classify.classifier import Classifier
    from greentaxo.classify.routes import RouteIndex
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.paths import mapping_files, ontology_files

    root = _with_model(tmp_path)
    model = root / "models" / "greentaxo-classifier.npz"

    def load():
        kg = KnowledgeGraph.from_files(ontology_files(root), root, mapping_files(root))
        return Classifier.from_file(RouteIndex.from_graph(kg), model)

    assert load().stale is None
    relabel(root)
    assert "greentaxo train" in load().stale
