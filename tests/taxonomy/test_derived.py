"""KnowledgeGraph.derived: an index computed once per graph and key, thread-safe, one lock per key;
kg.version and kg.stats()."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pyoxigraph as ox

from greentaxo.graph import KnowledgeGraph


def _empty() -> KnowledgeGraph:
    return KnowledgeGraph(ox.Store(), Path("."), [])


def test_computed_once_under_concurrent_first_use():
    kg, calls = _empty(), []

    def slow(g):
        calls.append(g)
        time.sleep(0.2)
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(kg.derived("k", slow))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and calls[0] is kg
    assert len({id(r) for r in results}) == 1 and kg.derived("k", slow) is results[0]


def test_one_lock_per_key():
    """A slow index does not hold up another key."""
    kg, release = _empty(), threading.Event()
    slow = threading.Thread(target=lambda: kg.derived("slow", lambda g: release.wait(10)))
    slow.start()
    time.sleep(0.05)
    started = time.perf_counter()
    assert kg.derived("fast", lambda g: 42) == 42
    assert time.perf_counter() - started < 1.0
    release.set()
    slow.join()


def test_graphs_do_not_share_indexes():
    a, b = _empty(), _empty()
    assert a.derived("k", lambda g: "a") == "a" and b.derived("k", lambda g: "b") == "b"


def test_version_and_stats(kg):
    assert kg.version == "0.1.0"
    s = kg.stats()
    assert s["concepts"] == len(kg.taxonomy.live())
    assert sum(s["mapping_rows"].values()) == len(kg.mappings.rows)
    assert s["code_schemes"]["gbt4754-2017"] == len(kg.codes.codes["gbt4754-2017"])
    assert kg.taxonomy is kg.taxonomy and kg.mappings is kg.mappings      # built once
