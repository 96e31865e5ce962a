"""The committed classifier, as every test in this folder reads it (cached on the graph: `load_classifier`)."""
from __future__ import annotations

import pytest

from greentaxo.classify import load_classifier


@pytest.fixture(scope="module")
def clf(kg):
    return load_classifier(kg)
