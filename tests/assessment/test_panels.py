"""Expert panels in the store, on SQLite and on PostgreSQL: the life of an assessment, every refusal, a
process killed mid-round, and twenty experts scoring at once through the live API."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from greentaxo.assessment.schema import ASSESSMENTS, SCORES, SHEETS
from greentaxo.assessment.sheets import Score
from greentaxo.edits.auth import Forbidden, Principal
from greentaxo.edits.errors import PreconditionFailed, StateConflict
from greentaxo.errors import InputError, NotFoundError
from tests.edits.conftest import edits_db_url, pg_server  # noqa: F401  (the edit tests' fixtures: both backends)
from tests.support import ROOT
from tests.support.edits import kill_when_paused, live_app

CHAIR = Principal("chen", "editor")
EXPERTS = [f"x{i:02d}" for i in range(20)]


@pytest.fixture
def store(edits_db_url, kg):  # noqa: F811
    from greentaxo.assessment.store import AssessmentStore

    s = AssessmentStore(edits_db_url, ROOT, kg=kg)
    yield s
    s.engine.dispose()


def _sheet(store, aid: int, level: float, expert_index: int = 0) -> dict[str, Score]:
    system = store.system_snapshot(aid)
    return {i.iri: Score(float(min(5, max(1, level + (1 if (j + expert_index) % 4 == 0 else 0)))))
            for j, i in enumerate(system.leaves())}


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_life_of_a_panel(store):
    a = store.open(CHAIR, "yeda", {"title": "VRFB mixed-acid electrolyte", "routes": ["01.10.01.03"]},
                   min_experts=3, experts=EXPERTS[:5], observers=["olga"])
    aid, etag = a["id"], a["etag"]
    assert a["subject"]["routes"] == ["https://w3id.org/greentaxo/route/R0312"] and a["round"] == 1
    for k, e in enumerate(EXPERTS[:2]):
        store.submit(Principal(e, "editor"), aid, {e: _sheet(store, aid, 4, k)})
    # blind: nobody sees figures while the round is open, and only the chair sees who has scored
    for who in (Principal("x00", "editor"), Principal("olga", "editor"), CHAIR):
        with pytest.raises(StateConflict, match="blind until the chair closes"):
            store.results(who, aid)
    assert store.get(Principal("x00", "editor"), aid)["panel"] == [{"user": "x00", "role": "expert", "status": "active"}]
    assert store.get(CHAIR, aid)["progress"]["sheets"] == 2
    with pytest.raises(StateConflict, match="has 2 sheet.*needs 3"):
        store.close_round(CHAIR, aid, etag)
    # a declared conflict excludes: no sheet, and a sheet given before it does not count
    etag = store.declare_conflict(Principal("x01", "editor"), aid, "x01", "co-inventor of the electrolyte")["etag"]
    with pytest.raises(Forbidden, match="conflict of interest"):
        store.submit(Principal("x01", "editor"), aid, {"x01": _sheet(store, aid, 4)})
    for k, e in enumerate(EXPERTS[2:5], start=2):
        store.submit(CHAIR, aid, {e: _sheet(store, aid, 4, k)})          # paper sheets entered by the chair
    with pytest.raises(PreconditionFailed, match="is stale"):
        store.close_round(CHAIR, aid, a["etag"])
    with pytest.raises(Forbidden, match="only the chair"):
        store.close_round(Principal("x00", "editor"), aid, etag)
    r1 = store.close_round(CHAIR, aid, etag)
    assert r1["experts"] == 4 and r1["round"] == 1 and "x01" not in {p["expert"] for p in r1["per_expert"]}
    seen = store.results(Principal("olga", "editor"), aid)
    assert [p["expert"] for p in seen["per_expert"]] == ["expert 1", "expert 2", "expert 3", "expert 4"]
    # Delphi: the distribution is shared without names, and the experts score again
    nxt = store.next_round(CHAIR, aid, store.get(CHAIR, aid)["etag"])
    assert nxt["round"] == 2 and nxt["status"] == "scoring" and len(nxt["feedback"]) == 20
    assert "x00" not in str(nxt["feedback"])
    for k, e in enumerate(["x00", "x02", "x03"]):
        store.submit(Principal(e, "editor"), aid, {e: _sheet(store, aid, 5, k)})
    r2 = store.close_round(CHAIR, aid, store.get(CHAIR, aid)["etag"])
    assert r2["round"] == 2 and r2["overall"]["mean"] > r1["overall"]["mean"]
    assert store.results(CHAIR, aid, 1)["overall"] == r1["overall"]               # round 1 stays as it was
    assert [x["action"] for x in store.audit(CHAIR, aid)] == \
        ["open", "invite", "invite", "score", "score", "conflict", "score", "score", "score", "close", "round",
         "score", "score", "score", "close"]
    [row] = store.assessments(None, "yeda")
    assert row["score"] == pytest.approx(r2["overall"]["mean"]) and row["outcome"] == r2["decision"]["outcome"]
    with pytest.raises(Forbidden, match="not on the panel"):
        store.get(Principal("mallory", "editor"), aid)


def test_bad_input_stores_nothing(store):
    subject = {"title": "t", "routes": ["gtr:R0312"]}
    with pytest.raises(NotFoundError, match="'yedda' is not an indicator system"):
        store.open(CHAIR, "yedda", subject)
    with pytest.raises(InputError, match="weights.1: 0 is not positive"):
        store.open(CHAIR, "yeda", subject, weights={"1": 0})
    with pytest.raises(InputError, match="weights.2: -1 is not positive"):
        store.open(CHAIR, "yeda", subject, weights={"2": -1})
    with pytest.raises(NotFoundError):
        store.open(CHAIR, "yeda", {"title": "t", "routes": ["gtr:R9999"]})
    with pytest.raises(InputError, match="min_experts"):
        store.open(CHAIR, "yeda", subject, min_experts=0)
    assert _count(store, ASSESSMENTS) == 0
    aid = store.open(CHAIR, "yeda", subject, min_experts=1, experts=["x00"])["id"]
    with pytest.raises(Forbidden, match="mallory is not an invited expert"):
        store.submit(Principal("mallory", "editor"), aid, {"mallory": _sheet(store, aid, 3)})
    partial = dict(list(_sheet(store, aid, 3).items())[:19])
    with pytest.raises(InputError, match="needs exactly one score"):
        store.submit(Principal("x00", "editor"), aid, {"x00": partial})
    with pytest.raises(Forbidden, match="only x00 or the chair"):
        store.submit(Principal("olga", "editor"), aid, {"x00": _sheet(store, aid, 3)})
    assert _count(store, SHEETS) == 0 and _count(store, SCORES) == 0
    store.submit(Principal("x00", "editor"), aid, {"x00": _sheet(store, aid, 3)})
    with pytest.raises(StateConflict, match="x00 already scored round 1"):
        store.submit(Principal("x00", "editor"), aid, {"x00": _sheet(store, aid, 5)})
    assert _count(store, SCORES) == 20
    with pytest.raises(StateConflict, match="already on the panel"):
        store.invite(CHAIR, aid, ["x00"], "expert", store.get(CHAIR, aid)["etag"])


KILLED = """
import sys
from pathlib import Path
from greentaxo.assessment.store import AssessmentStore
from greentaxo.edits.auth import Principal
store = AssessmentStore(sys.argv[1], Path(sys.argv[2]), pause_at=("close", sys.argv[4]))
store.close_round(Principal("chen", "editor"), int(sys.argv[3]), "*")
"""


def test_process_killed_while_closing_a_round_loses_nothing(tmp_path, kg):
    """On SQLite only: PostgreSQL runs the same one-transaction code, and the edit store's kill test covers it."""
    from greentaxo.assessment.store import AssessmentStore

    store = AssessmentStore(f"sqlite:///{tmp_path / 'a.sqlite'}", ROOT, kg=kg)
    opened = store.open(CHAIR, "yeda", {"title": "t", "routes": ["gtr:R0312"]}, min_experts=2, experts=EXPERTS[:2])
    aid = opened["id"]
    for k, e in enumerate(EXPERTS[:2]):
        store.submit(Principal(e, "editor"), aid, {e: _sheet(store, aid, 4, k)})
    flag = tmp_path / "paused"
    kill_when_paused(KILLED, [store.url, str(ROOT), str(aid), str(flag)], flag, "closing")
    from greentaxo.assessment.store import AssessmentStore

    fresh = AssessmentStore(store.url, ROOT, kg=store.kg)               # as after a restart
    state = fresh.get(CHAIR, aid)
    assert state["status"] == "scoring" and state["etag"] == opened["etag"] and state["progress"]["sheets"] == 2
    assert [x["action"] for x in fresh.audit(CHAIR, aid)][-1] == "score"
    done = fresh.close_round(CHAIR, aid, state["etag"])                 # the sheets are all there: close again
    assert done["experts"] == 2
    fresh.engine.dispose()
    store.engine.dispose()


# ------------------------------------------------------------------------------ the live API

TOKENS = {f"tok-assess-{u}-{'0' * 12}": (u, "editor") for u in ["chen", *EXPERTS]}


@pytest.fixture
def live(store, monkeypatch):
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "edit_tokens", ",".join(f"{t}:{u}:{r}" for t, (u, r) in TOKENS.items()))
    monkeypatch.setattr(SETTINGS, "edit_tokens_file", None)
    with live_app(assessments=store) as base:
        yield base


def _auth(user: str) -> dict:
    return {"Authorization": f"Bearer tok-assess-{user}-{'0' * 12}"}


def test_twenty_experts_scoring_at_once_lose_nothing(live, store):
    """Every expert sends the sheet twice at the same moment as the others: each sheet is stored exactly once,
    the duplicate is refused with 409, and closing the round counts all twenty."""
    import httpx

    with httpx.Client(base_url=live, timeout=120) as http:
        r = http.post("/assessments", headers=_auth("chen"), json={
            "system": "yeda", "subject": {"title": "VRFB electrolyte", "routes": ["gtr:R0312"]}, "experts": EXPERTS})
        assert r.status_code == 201, r.text
        aid = r.json()["id"]
    barrier = threading.Barrier(len(EXPERTS) * 2)
    codes: dict[str, list[int]] = {e: [] for e in EXPERTS}
    errors: list[BaseException] = []

    def send(k: int, expert: str) -> None:
        try:
            scores = {str(j): 1 + (j + k) % 5 for j in range(1, 21)}
            with httpx.Client(base_url=live, timeout=120) as http:
                barrier.wait()
                resp = http.post(f"/assessments/{aid}/scores", headers=_auth(expert), json={"scores": scores})
            codes[expert].append(resp.status_code)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=send, args=(k, e)) for k, e in enumerate(EXPERTS) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert all(sorted(c) == [201, 409] for c in codes.values()), codes
    assert _count(store, SHEETS) == 20 and _count(store, SCORES) == 400
    for k, e in enumerate(EXPERTS):                    # each stored sheet is the one its expert sent
        mine = store.sheet(Principal(e, "editor"), aid)
        system = store.system_snapshot(aid)
        assert {system.indicators[i].notation: s.value for i, s in mine.items()} == \
            {str(j): float(1 + (j + k) % 5) for j in range(1, 21)}
    with httpx.Client(base_url=live, timeout=120) as http:
        etag = http.get(f"/assessments/{aid}", headers=_auth("chen")).headers["ETag"]
        r = http.post(f"/assessments/{aid}/close", headers={**_auth("chen"), "If-Match": etag})
        assert r.status_code == 200, r.text
        assert r.json()["experts"] == 20
    assert [x["action"] for x in store.audit(CHAIR, aid)].count("score") == 20
