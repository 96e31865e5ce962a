"""Runaway SPARQL queries really stop: past the timeout the worker process is killed and replaced, its slot
frees, and a trivial query answers; when every slot is busy the 503 says how long to wait."""
from __future__ import annotations

import os
import threading
import time

import pytest

from greentaxo.sparql import QueryTimeout
from greentaxo.sparql_workers import QueryPool
from tests.support import ROOT

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"       # ~10^10 rows: minutes of CPU
TRIVIAL = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def pool():
    p = QueryPool(ROOT, slots=2, queue=1)
    p.start()
    p.run(TRIVIAL, JSON, timeout=60, max_results=10)         # the zygote has loaded the graph
    yield p
    p.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_two_runaway_queries_are_stopped_and_their_slots_serve_the_next_query(pool):
    outcomes: list = []
    killed = pool.killed

    def runaway():
        try:
            pool.run(RUNAWAY, JSON, timeout=1.0, max_results=10)
            outcomes.append("finished")
        except QueryTimeout as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    busy = [w.pid for w in pool._busy]
    assert len(busy) == 2 and pool.stats()["running"] == 2
    body, media = pool.run(TRIVIAL, JSON, timeout=5.0, max_results=10)     # waits in the queue for a slot
    for t in threads:
        t.join(10)
    assert b'"boolean":true' in body and media == JSON
    assert len(outcomes) == 2 and all(isinstance(o, QueryTimeout) and o.retry_after >= 1 for o in outcomes)
    assert "stopped" in str(outcomes[0])
    time.sleep(0.2)
    assert not any(_alive(pid) for pid in busy), "a timed-out query's process still runs"
    assert pool.stats() == {"slots": 2, "running": 0, "waiting": 0, "idle_workers": 2, "stopped_at_timeout": killed + 2}


def test_a_full_queue_is_refused_at_once_with_the_time_to_wait(pool):
    started = threading.Event()

    def runaway():
        started.set()
        try:
            pool.run(RUNAWAY, JSON, timeout=2.0, max_results=10)
        except QueryTimeout:
            pass

    threads = [threading.Thread(target=runaway) for _ in range(3)]     # two run, one waits: the queue is full
    for t in threads:
        t.start()
    started.wait(5)
    time.sleep(0.5)
    with pytest.raises(QueryTimeout, match="2 queries are running and 1 waiting") as refused:     # not queued
        pool.run(TRIVIAL, JSON, timeout=2.0, max_results=10)
    assert 1 <= refused.value.retry_after <= 2          # when the first running query will have stopped
    assert refused.value.problem_headers() == {"Retry-After": str(refused.value.retry_after)}
    for t in threads:
        t.join(15)


def test_query_errors_come_back_as_input_errors(pool):
    from greentaxo.errors import InputError

    killed = pool.killed
    with pytest.raises(InputError, match="syntax"):
        pool.run("SELECT WHERE {", JSON, timeout=5, max_results=10)
    with pytest.raises(InputError, match="more than 3 results"):
        pool.run("SELECT ?s WHERE { ?s ?p ?o }", JSON, timeout=5, max_results=3)
    assert pool.killed == killed and pool.stats()["idle_workers"] == 2


def test_closing_the_pool_ends_its_processes(pool):
    for t in threading.enumerate():          # the previous test's queries have all been answered
        if t is not threading.current_thread() and t.name.startswith("Thread"):
            t.join(15)
    pids = [w.pid for w in pool._idle]
    zygote = pool._zygote[0]
    pool.close()
    time.sleep(0.2)
    assert zygote.poll() is not None and not any(_alive(p) for p in pids)

