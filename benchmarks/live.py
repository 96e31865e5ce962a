"""What the availability benchmarks share: a server in its own process group on a loopback port, a throwaway
PostgreSQL cluster (scripts/pg.sh), the edit tokens, and percentiles.

`--src DIR` runs another checkout's code (e.g. `git archive main | tar -x -C /tmp/before`) with this venv,
started the way that checkout is served (plain uvicorn when it has no `greentaxo serve`), for before/after
figures. Loopback only; everything started here is stopped here.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EDITORS = {f"bench-editor-{i:02d}-0000000000": f"ed{i:02d}" for i in range(40)}
REVIEWERS = {f"bench-reviewer-{i:02d}-00000000": f"rev{i:02d}" for i in range(40)}
TOKENS = ",".join([f"{t}:{u}:editor" for t, u in EDITORS.items()] + [f"{t}:{u}:reviewer" for t, u in REVIEWERS.items()])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q / 100 * len(v)) - 1))]


class Server:
    """`greentaxo serve` (or `uvicorn greentaxo.api.main:app`: `plain`, or a checkout without serve) in its own
    process group."""

    def __init__(self, env: dict[str, str], workers: int = 1, src: Path | None = None, log: Path | None = None,
                 plain: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full = {**os.environ, "GREENTAXO_EDIT_TOKENS": TOKENS, **env}
        code = Path(src) if src else ROOT
        full["GREENTAXO_HOME"] = str(code)
        if src:
            full["PYTHONPATH"] = str(code / "src")
        serve = (code / "src" / "greentaxo" / "api" / "serving.py").exists() and not plain
        cmd = [sys.executable, "-m", "greentaxo.cli.main", "serve"] if serve else \
            [sys.executable, "-m", "uvicorn", "greentaxo.api.main:app", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--workers", str(workers)]
        self.launcher = "greentaxo serve" if serve else "uvicorn"
        self.log_path = log
        self.log = open(log or os.devnull, "ab")
        self.proc = subprocess.Popen(cmd, env=full, cwd=code, stdout=self.log, stderr=self.log, start_new_session=True)

    def wait(self, timeout: float = 120) -> float:
        """Seconds until /health answers 200."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-3000:] if self.log_path else ""
                raise RuntimeError(f"server exited with {self.proc.returncode}\n{tail}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return time.monotonic() - t0
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group (uvicorn, its workers, SPARQL workers) and wait for the leader."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(30)
        if sig != signal.SIGKILL:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.kill(signal.SIGTERM)


class Postgres:
    """A throwaway cluster for the run; `database()` gives a URL of a new, empty database."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="greentaxo-bench-pg-"))
        os.chmod(self.dir, 0o711)
        out = subprocess.run([str(ROOT / "scripts" / "pg.sh"), "start", str(self.dir / "cluster"), str(free_port())],
                             capture_output=True, text=True, timeout=120, check=True)
        self.url = out.stdout.strip()

    def database(self) -> str:
        import sqlalchemy as sa

        name = "bench_" + uuid.uuid4().hex[:10]
        admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.url.rsplit("/", 1)[0] + "/" + name

    def __enter__(self) -> Postgres:
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run([str(ROOT / "scripts" / "pg.sh"), "stop", str(self.dir / "cluster")], capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)


def store_env(backend: str, pg: Postgres | None, folder: Path) -> dict[str, str]:
    """The environment naming a new, empty edit store on `backend`."""
    if backend == "postgresql":
        return {"GREENTAXO_EDITS_URL": pg.database()}
    return {"GREENTAXO_EDITS_DB": str(folder / f"edits-{uuid.uuid4().hex[:8]}.sqlite")}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (the server and everything it started)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:          # fields after the name: state ppid pgrp ... utime(12) stime(13)
            total += (int(fields[11]) + int(fields[12])) / tick
    return total
