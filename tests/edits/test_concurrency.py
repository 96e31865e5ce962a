"""Proof that edits are never lost: many editors at once over a live server, and a process killed
between accepting a change set and applying it. Both run on SQLite and on PostgreSQL."""
from __future__ import annotations

import threading
import time

import httpx
import pytest

from greentaxo.edits.auth import Principal
from tests.support import ROOT
from tests.support.edits import TOKENS, kill_when_paused, live_app

CONCEPTS = ["gtr:R0102", "gtr:R0103", "gtr:R0104"]
EDITORS = [t for t, (u, r) in TOKENS.items() if u.startswith("ed") and r == "editor"][:9]
REVIEWERS = ["tok-reviewer-rita-00000003", "tok-reviewer-rob-000000004"]


@pytest.fixture
def edits_live(edits_store, edit_tokens):
    """The real app served by uvicorn on a loopback port, in this process (so it shares the test's store)."""
    with live_app(edits=edits_store) as base:
        yield base


def _editor(base: str, token: str, concept: str, label: str, barrier: threading.Barrier, log: dict) -> None:
    """Read, add one alt label, write with If-Match; on 412 or a conflict, read again and redo — like a person."""
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=120) as http:
        first = True
        for _ in range(60):
            r = http.get(f"/edits/concepts/{concept}", headers=h)
            assert r.status_code == 200, r.text
            alt = r.json().get("altLabel", {})
            body = {"set": {"altLabel": {**alt, "en": alt.get("en", []) + [label]}}}
            if first:
                barrier.wait()       # every editor has read the same versions before anyone writes
                first = False
            r = http.put(f"/edits/concepts/{concept}", json=body, headers={**h, "If-Match": r.headers["ETag"]})
            if r.status_code == 412:
                log["stale"].append(label)
                continue
            assert r.status_code == 202, r.text
            cid = r.json()["id"]
            log["submitted"].append(cid)
            while (status := http.get(f"/edits/changesets/{cid}", headers=h).json()["status"]) == "pending":
                time.sleep(0.05)
            if status == "applied":
                log["applied"][label] = cid
                return
            assert status == "conflict", status
            log["conflict"].append(cid)
        raise AssertionError(f"{label}: gave up after 60 attempts")


def _reviewer(base: str, token: str, stop: threading.Event, log: dict) -> None:
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=120) as http:
        while not stop.is_set():
            pending = http.get("/edits/changesets", params={"status": "pending"}, headers=h).json()
            for cs in reversed(pending):
                r = http.post(f"/edits/changesets/{cs['id']}/approve", headers=h)
                assert r.status_code in (200, 409, 412), r.text     # 409: the other reviewer got there first
                log["approve"].append((cs["id"], r.status_code))
            time.sleep(0.02)


def test_many_editors_on_the_same_concepts_lose_nothing(edits_live, edits_store):
    before = {c: edits_store.concept(c)[0].get("altLabel", {}).get("en", []) for c in CONCEPTS}
    log: dict = {"stale": [], "submitted": [], "conflict": [], "applied": {}, "approve": []}
    labels = {f"concurrent label {i}": CONCEPTS[i % len(CONCEPTS)] for i in range(len(EDITORS))}
    barrier, stop = threading.Barrier(len(EDITORS)), threading.Event()
    errors: list[BaseException] = []

    def guard(fn, *args):
        try:
            fn(*args)
        except BaseException as exc:   # surface a thread's failure in the test
            errors.append(exc)
            barrier.abort()

    editors = [threading.Thread(target=guard, args=(_editor, edits_live, tok, concept, label, barrier, log))
               for tok, (label, concept) in zip(EDITORS, labels.items(), strict=True)]
    reviewers = [threading.Thread(target=guard, args=(_reviewer, edits_live, tok, stop, log)) for tok in REVIEWERS]
    for t in reviewers + editors:
        t.start()
    for t in editors:
        t.join(600)
    stop.set()
    for t in reviewers:
        t.join(60)
    assert not errors, errors

    # every editor's change is in the store exactly once: nobody overwrote anybody
    for concept in CONCEPTS:
        now = edits_store.concept(concept)[0]["altLabel"]["en"]
        mine = [lbl for lbl, c in labels.items() if c == concept]
        assert sorted(now) == sorted(before[concept] + mine), concept
    # every attempt is accounted for: applied once, or refused and reported to its sender
    assert set(log["applied"]) == set(labels)
    by_status: dict[str, set[int]] = {}
    for cs in edits_store.changesets(limit=1000):
        by_status.setdefault(cs["status"], set()).add(cs["id"])
    assert set(by_status) <= {"applied", "conflict"}
    assert by_status["applied"] == set(log["applied"].values())
    assert by_status.get("conflict", set()) == set(log["conflict"])
    assert sorted(log["submitted"]) == sorted(by_status["applied"] | by_status.get("conflict", set()))
    # all editors read the same three versions, so on each concept all but one first attempt had to be refused
    assert len(log["stale"]) + len(log["conflict"]) >= len(EDITORS) - len(CONCEPTS)
    assert {cid for cid, code in log["approve"] if code == 412} == set(log["conflict"])
    assert len(edits_store.audit()) == len(labels) and edits_store.check_consistency() == []


KILLED = """
import sys
from pathlib import Path
from greentaxo.edits.auth import Principal
from greentaxo.edits.store import EditStore
store = EditStore(sys.argv[1], Path(sys.argv[2]), pause_at=(sys.argv[4], Path(sys.argv[5])))
store.approve(int(sys.argv[3]), Principal("rita", "reviewer"))
"""


@pytest.mark.parametrize("point", ["before_apply", "mid_apply"])
def test_process_killed_between_accept_and_apply_leaves_store_consistent(edits_store, tmp_path, point):
    c, etag = edits_store.concept("gtr:R0102")
    label = "written by a reviewer who was killed"
    alt = {**c["altLabel"], "en": c["altLabel"]["en"] + [label]}
    cs = edits_store.submit(Principal("erin", "editor"), [{"op": "update", "concept": "gtr:R0102", "set": {"altLabel": alt},
                                                     "if_match": etag}])
    flag = tmp_path / "paused"
    kill_when_paused(KILLED, [edits_store.url, str(ROOT), str(cs["id"]), point, str(flag)], flag, "approving")

    from greentaxo.edits.store import EditStore

    fresh = EditStore(edits_store.url, ROOT)         # as after a restart
    assert fresh.check_consistency() == []
    assert fresh.concept("gtr:R0102")[1] == etag and fresh.version() == 0 and fresh.audit() == []
    assert fresh.changeset(cs["id"])["status"] == "pending"
    done = fresh.approve(cs["id"], Principal("rob", "reviewer"))            # the change is not lost either
    assert done["status"] == "applied" and label in fresh.concept("gtr:R0102")[0]["altLabel"]["en"]
    assert fresh.check_consistency() == []
    fresh.engine.dispose()
