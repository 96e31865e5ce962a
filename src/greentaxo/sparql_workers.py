"""SPARQL queries in worker processes that are killed when they run past their timeout, so a slot always frees.

pyoxigraph evaluates a query in Rust, holding the GIL, and offers no way to interrupt it: a thread that
gives up waiting leaves the query running and its CPU burning (measured: two runaway queries kept both
slots for 93 s after their 5 s timeouts). A process can be killed. The pool keeps `slots` worker
processes, each with the whole graph, and hands each query to an idle one; past the timeout the worker
gets SIGKILL and a new one takes its place.

Workers are forked from a *zygote*: one process, started clean (`python -m greentaxo.sparql_workers`),
that loads the graph once and then only forks. Forking the zygote (single-threaded, idle) is safe where
forking the server (threads, an event loop) is not, takes milliseconds instead of the seconds a fresh
load takes, and the children share the graph's memory with it copy-on-write. Each fork hands the server its end of a socket pair
(multiprocessing.reduction.send_handle). When the server dies, the zygote and idle workers see their
sockets close and exit.

Queueing: at most `slots` queries run; at most `queue` more wait, each for at most the query timeout (a
slot frees within a timeout, as every query is stopped by then); others get QueryTimeout (503) at once
with Retry-After saying when the first running query will have finished or been stopped.
"""
from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path

from greentaxo.errors import GreentaxoError, InputError
from greentaxo.sparql import QueryTimeout, evaluate

FORK_WAIT = 120.0       # seconds a fork may wait for the zygote, which answers only once it has loaded the graph


@dataclass
class _Worker:
    pid: int
    conn: Connection
    deadline: float = 0.0          # when its running query will be stopped (monotonic clock)


class QueryPool:
    """`slots` worker processes over the graph at `root` (greentaxo.load(root)), `queue` queries waiting at most."""

    def __init__(self, root: Path, slots: int = 2, queue: int = 8) -> None:
        self.root, self.slots, self.queue = Path(root), slots, queue
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []
        self._free = slots            # slots not running a query
        self._waiting = 0
        self._zygote_lock = threading.Lock()
        self._zygote: tuple[subprocess.Popen, Connection] | None = None
        self.killed = 0               # workers stopped at a timeout, for /health and the tests
        self._closed = False

    # ---- life ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Spawn the zygote now and fork the workers in the background: start-up does not wait for the load."""
        self._spawn_zygote()
        threading.Thread(target=self._prefork, name="sparql-prefork", daemon=True).start()

    def _prefork(self) -> None:
        for _ in range(self.slots):
            try:
                worker = self._fork()
            except GreentaxoError:
                return                      # the first query reports the problem
            with self._cond:
                if self._closed or len(self._idle) + len(self._busy) >= self.slots:
                    _kill(worker)
                    return
                self._idle.append(worker)
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._idle = self._idle + self._busy, []
        for w in workers:
            _kill(w)
        with self._zygote_lock:
            if self._zygote is not None:
                proc, conn = self._zygote
                conn.close()                # the zygote exits when its socket closes
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
                self._zygote = None

    def _spawn_zygote(self) -> tuple[subprocess.Popen, Connection]:
        with self._zygote_lock:
            if self._zygote is None or self._zygote[0].poll() is not None:
                # a new interpreter (no threads, no event loop to inherit, nothing of the server's __main__)
                ours, theirs = socket.socketpair()
                proc = subprocess.Popen([sys.executable, "-m", "greentaxo.sparql_workers", str(theirs.fileno()),
                                         str(self.root)], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
                theirs.close()
                self._zygote = (proc, Connection(ours.detach()))
            return self._zygote

    def _fork(self) -> _Worker:
        """A new worker from the zygote (which may still be loading the graph: then this waits for it)."""
        proc, conn = self._spawn_zygote()
        with self._zygote_lock:
            try:
                conn.send("fork")
                if not conn.poll(FORK_WAIT):        # still loading the graph after all this time: something is wrong
                    raise QueryTimeout("the SPARQL workers are still starting; retry in a few seconds", retry_after=5)
                kind, value = conn.recv()
                if kind != "forked":
                    raise GreentaxoError(f"the SPARQL workers could not load the graph: {value}")
                fd = recv_handle(conn)
            except (EOFError, OSError):
                self._zygote = None          # it died: the next fork spawns another
                raise GreentaxoError("the SPARQL worker factory stopped; retry in a few seconds") from None
        return _Worker(value, Connection(fd))

    # ---- queries ------------------------------------------------------------------------------
    def run(self, query: str, accept: str, *, timeout: float, max_results: int) -> tuple[bytes, str]:
        """The query's serialised results and media type; InputError for a bad query, QueryTimeout (503) when it
        runs past `timeout` (its worker is killed) or when no slot frees in time."""
        worker = self._acquire(timeout)
        try:
            if worker is None:
                worker = self._fork()
            worker.deadline = time.monotonic() + timeout
            with self._cond:
                self._busy.append(worker)
            worker.conn.send((query, accept, max_results))
            if not worker.conn.poll(timeout):
                self._stop(worker, timed_out=True)
                worker = self._replacement()
                raise QueryTimeout(f"the query did not finish within {timeout:g} s and was stopped; add a LIMIT or "
                                   "narrow it", retry_after=timeout)
            kind, *answer = worker.conn.recv()
        except (EOFError, OSError):                 # the worker died under the query (e.g. out of memory)
            if worker is not None:
                self._stop(worker)
                worker = None
            raise QueryTimeout("the query's worker process stopped; retry, or narrow the query",
                               retry_after=1) from None
        finally:
            self._release(worker)
        if kind == "ok":
            return answer[0], answer[1]
        raise InputError(answer[0])

    def _acquire(self, timeout: float) -> _Worker | None:
        """A free slot (with its idle worker, or None: fork one), waiting in the queue at most `timeout`."""
        with self._cond:
            if self._free == 0 and self._waiting >= self.queue:
                raise QueryTimeout(f"{self.slots} queries are running and {self._waiting} waiting; retry later",
                                   retry_after=self._retry_after())
            self._waiting += 1
            try:
                if not self._cond.wait_for(lambda: self._free > 0, timeout):
                    raise QueryTimeout(f"no query slot freed within {timeout:g} s; retry later",
                                       retry_after=self._retry_after())
            finally:
                self._waiting -= 1
            self._free -= 1
            return self._idle.pop() if self._idle else None

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            if worker is not None:
                if worker in self._busy:
                    self._busy.remove(worker)
                if self._closed or len(self._idle) + len(self._busy) >= self.slots:
                    _kill(worker)               # one worker per slot (the pre-fork and a query may both fork)
                else:
                    self._idle.append(worker)
            self._free += 1
            self._cond.notify()

    def _stop(self, worker: _Worker, timed_out: bool = False) -> None:
        with self._cond:
            if worker in self._busy:
                self._busy.remove(worker)
            self.killed += timed_out
        _kill(worker)

    def _replacement(self) -> _Worker | None:
        """A new worker for the slot of a killed one, at once (milliseconds), so the next query does not wait."""
        try:
            return self._fork()
        except GreentaxoError:
            return None                 # the next query forks one, or reports why it cannot

    def _retry_after(self) -> int:
        """Seconds until the first running query ends or is stopped (called holding the condition)."""
        ends = [w.deadline for w in self._busy]
        return max(1, math.ceil(min(ends) - time.monotonic())) if ends else 1

    def stats(self) -> dict:
        with self._cond:
            return {"slots": self.slots, "running": self.slots - self._free, "waiting": self._waiting,
                    "idle_workers": len(self._idle), "stopped_at_timeout": self.killed}


def _kill(worker: _Worker) -> None:
    try:
        os.kill(worker.pid, signal.SIGKILL)     # the zygote reaps it (SIGCHLD ignored there)
    except ProcessLookupError:
        pass
    worker.conn.close()


# ---- the other side: zygote and workers -------------------------------------------------------
def _zygote_main(control: Connection, root: str) -> None:
    """Load the graph once, then fork a worker for each "fork" until the server's socket closes."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)     # children are reaped by the kernel: no zombies
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C stops the server, which closes our socket
    try:
        from greentaxo.graph import load_graph  # noqa: PLC0415  (heavy: rdflib, the graph; in the worker process only)

        kg = load_graph(root)
        failure = None
    except Exception as exc:                          # reported to every fork request, not raised here
        kg, failure = None, f"{exc.__class__.__name__}: {exc}"
    while True:
        try:
            control.recv()
        except (EOFError, OSError):
            return
        if kg is None:
            control.send(("failed", failure))
            continue
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:                                  # the worker
            control.close()
            ours.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _serve(kg, Connection(theirs.detach()))
            finally:
                os._exit(0)
        theirs.close()
        control.send(("forked", pid))
        send_handle(control, ours.fileno(), os.getppid())
        ours.close()



def _serve(kg, conn: Connection) -> None:
    while True:
        try:
            query, accept, max_results = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", *evaluate(kg, query, accept, max_results)))
        except InputError as exc:
            conn.send(("refused", str(exc)))
        except Exception as exc:                     # pyoxigraph's evaluation errors are about the query
            conn.send(("refused", f"the query could not be evaluated: {exc.__class__.__name__}: {exc}"))


if __name__ == "__main__":          # python -m greentaxo.sparql_workers FD ROOT: the zygote (QueryPool starts it)
    _zygote_main(Connection(int(sys.argv[1])), sys.argv[2])
