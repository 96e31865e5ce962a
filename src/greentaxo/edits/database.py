"""The edit store's database and the rules for waiting on it: every wait is bounded, and a wait that runs out
is StoreBusy (HTTP 503 + Retry-After), never a 500 and never a half-written change.

- one connection at a time per request: a caller that holds a connection passes it on instead of opening
  a second one (a thread holding one while waiting for another is how a pool deadlocks on itself);
- on SQLite, one writer at a time per process: SQLite has one write lock per database, and a thread that
  waits for it here holds no connection, so readers never find the pool empty behind queued writers;
- the pool never grows past `pool_size` (sized to the server's threads), and a thread that finds it
  empty, a write waiting for another process's lock (SQLite's busy timeout, PostgreSQL's lock_timeout)
  and a queue such as the approvals' all give up after `busy_timeout` seconds.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from greentaxo.edits.errors import StoreBusy
from greentaxo.edits.schema import engine


class Database:
    def __init__(self, url: str, *, pool_size: int = 40, busy_timeout: float = 30.0) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        self.engine = engine(url, pool_size=pool_size, busy_timeout=busy_timeout)
        self._writer = threading.Lock() if self.engine.dialect.name == "sqlite" else None

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Driver and pool waits that ran out become StoreBusy: the request is refused whole."""
        try:
            yield
        except sa.exc.TimeoutError:
            raise StoreBusy(f"all {self.engine.pool.size()} connections of the edit store stayed in use for "
                            f"{self.busy_timeout:g} s", retry_after=self.busy_timeout) from None
        except sa.exc.OperationalError as exc:
            what = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else exc.__class__.__name__
            raise StoreBusy(f"the edit store's database could not serve the request ({what}); nothing was "
                            "written", retry_after=self.busy_timeout) from None

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """One connection for a read (or for the reads and the validation of one step)."""
        with self.translated(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """One write transaction, committed when the block ends without an error."""
        with self.turn(self._writer, "other writes to the edit store"):
            with self.translated(), self.engine.begin() as conn:
                yield conn

    @contextmanager
    def turn(self, lock: threading.Lock | None, who: str) -> Iterator[None]:
        """Hold `lock` (None: nothing to wait for), waiting at most busy_timeout for it."""
        if lock is None:
            yield
            return
        if not lock.acquire(timeout=self.busy_timeout):
            raise StoreBusy(f"{who} kept the edit store busy for {self.busy_timeout:g} s; nothing was written",
                            retry_after=self.busy_timeout)
        try:
            yield
        finally:
            lock.release()
