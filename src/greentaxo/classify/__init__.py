"""Classify technology achievements into routes.

A tiny registry (as in Annif) maps backend names to their modules so that nothing heavy is imported
until a backend is asked for. `load_classifier` is the entry point the CLI and the API use.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from greentaxo.classify.base import Backend
    from greentaxo.classify.classifier import Classifier
    from greentaxo.classify.routes import RouteIndex
    from greentaxo.graph import KnowledgeGraph

_BACKENDS = {
    "labels": ("greentaxo.classify.labels", "LabelBackend"),
    "ngram": ("greentaxo.classify.ngram", "NgramBackend"),
    "ipc": ("greentaxo.classify.ipc", "IpcBackend"),
}


def backend_names() -> list[str]:
    return list(_BACKENDS)


def get_backend(name: str) -> type[Backend]:
    if name not in _BACKENDS:
        raise ValueError(f"unknown backend {name!r}; known: {', '.join(_BACKENDS)}")
    module, cls = _BACKENDS[name]
    return getattr(importlib.import_module(module), cls)


def make_backends(routes: RouteIndex) -> dict[str, Backend]:
    return {name: get_backend(name)(routes) for name in _BACKENDS}


def load_classifier(kg: KnowledgeGraph | None = None, model: str | None = None) -> Classifier:
    """The bundled (or given) trained model over the bundled (or given) knowledge graph; cached per pair."""
    from greentaxo.classify.classifier import load  # noqa: PLC0415  (heavy: numpy; and classifier imports this registry)

    return load(kg, model)
