"""What the fusion is fitted to score: whether the right route lies in a route's subtree. A group route whose
own label is in the text must not count as a wrong answer, or it loses to leaves of n-gram noise (the issue's
pumped-storage row)."""
from __future__ import annotations

import numpy as np

from greentaxo.classify.routes import RouteIndex
from greentaxo.classify.training import _subtree_target
from greentaxo.namespaces import GTR


def test_a_right_leaf_marks_its_ancestors_and_nothing_else(kg):
    routes = RouteIndex.from_graph(kg)
    leaf = routes.col[GTR + "R0352"]                  # pumped storage, a leaf under the storage groups
    y = np.zeros((2, len(routes)), dtype=np.int8)
    y[0, leaf] = 1                                    # record 1 is not green: no route is right
    target = _subtree_target(y, routes)
    expected = {leaf, *routes.ancestors[leaf]}
    assert routes.ancestors[leaf] and set(np.flatnonzero(target[0])) == expected
    assert not target[1].any()
    assert y[0].sum() == 1                            # the relevance the calibration reads is left alone
