"""The classifier model follows the taxonomy: a release ships a model built for exactly what it releases.

The checkout's model (`models/greentaxo-classifier.npz`) records a hash of the taxonomy content it was
built for (routes, labels, sense rules, IPC mappings: `RouteIndex.content_hash`). At release time:
- the model fits: it is copied into the release, and the manifest names its version;
- it does not: it is rebuilt (`greentaxo train`: the checkout's gold records plus the shared data) and
  written to the checkout and the release, so classify, the API and `impact` use the new one;
- it does not and cannot be rebuilt here (no shared data, no gold records): the release is refused, saying
  why and what to run — or, with `greentaxo release --without-model`, the taxonomy is released without a model
  (a standards body editing routes has no patents-dev to retrain on); the manifest says so and names the
  checkout's model and whether it fitted, and whoever runs the classifier retrains it for that release.
A checkout without a model file (a bare taxonomy) releases without one.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from greentaxo import paths
from greentaxo.classify.classifier import Classifier
from greentaxo.classify.corpus import green_corpus
from greentaxo.classify.gold import read_gold, to_training
from greentaxo.classify.routes import RouteIndex
from greentaxo.classify.training import train

MODEL = Path("models") / "greentaxo-classifier.npz"


def _checkout_model(root: Path, kg) -> tuple[RouteIndex, Classifier] | None:
    """The checkout's model read against `kg`'s route index, or None when the checkout has no model file."""
    path = root / MODEL
    if not path.exists():
        return None
    routes = RouteIndex.from_graph(kg)
    return routes, Classifier.from_file(routes, path)


def check_model(root: Path, kg, refuse) -> dict:
    """Make the checkout's model fit `kg` (the graph being released); what was done, for the manifest.
    `refuse(message)` raises the release's refusal."""
    found = _checkout_model(root, kg)
    if found is None:
        return {"classifier": "none in this checkout"}
    routes, clf = found
    if not clf.stale:
        return {"classifier": clf.model_version}
    data = paths.shared_data(root)
    gold = root / "data" / "gold" / "train.jsonl"
    missing = next((p for p in (data / "patents-dev", gold) if not p.exists()), None)
    if missing is not None:
        refuse(f"{clf.stale}; it cannot be rebuilt here (no {missing}): run `greentaxo train` where "
               "../shared/data is, commit the model, then release; or release the taxonomy alone with "
               "--without-model")
    docs, labels, *_ = to_training(read_gold(gold), routes, kg, source=str(gold), moved="not-green")
    new = train(kg, docs, labels, green_corpus(data), source=gold.name)
    new.save(root / MODEL)
    return {"classifier": new.model_version, "classifier_rebuilt_from": clf.model_version}


def skip_model(root: Path, kg) -> dict:
    """For the manifest of a release without a model: which model the checkout has and whether it fits."""
    found = _checkout_model(root, kg)
    if found is None:
        return {"classifier": "none in this checkout"}
    clf = found[1]
    return {"classifier": "not shipped (--without-model)", "checkout_model": clf.model_version,
            "checkout_model_fits": not clf.stale}


def ship_model(root: Path, stage: Path) -> None:
    """Copy the (checked) model into the release being written."""
    if (root / MODEL).exists():
        (stage / MODEL.parent).mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / MODEL, stage / MODEL)
