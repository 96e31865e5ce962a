"""A live server and one real browser for the whole session (tests/web).

The server is `uvicorn greentaxo.api.main:app` in a subprocess on a free loopback port, as `make serve`
starts it, with its own edit store, edit tokens and releases folder under a temporary directory. The
browser is Debian's chromium driven by Playwright (`executable_path`: Playwright never downloads a browser
here); `.ci/run` installs chromium and fonts-noto-cjk from Debian.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.edits import free_port

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TOKENS = {"editor": "web-editor-erin-000000000001", "reviewer": "web-reviewer-rita-0000000002",
          "expert": "web-editor-eve-0000000000003"}


def _release(folder: Path) -> None:
    """A published release as `greentaxo release` lays it out (manifest, source copy, changelog), with a
    changelog of two added routes: the changes page reads these files and nothing else."""
    d = folder / "0.1.0"
    (d / "source" / "ontology").mkdir(parents=True)
    shutil.copy(ROOT / "ontology" / "greentaxo.ttl", d / "source" / "ontology" / "greentaxo.ttl")
    (d / "manifest.json").write_text(json.dumps({"version": "0.1.0", "issued": "2026-01-15", "previous": None,
                                                 "changes": {"added": 2, "deprecated": 0}}), encoding="utf-8")
    log = {"old": "(nothing)", "new": "0.1.0", "summary": {"added": 2},
           "concepts": {"added": [{"id": "gtr:R0312", "notation": "01.10.01.03", "label": "Vanadium redox flow battery storage",
                                   "broader": ["gtr:R0310"]},
                                  {"id": "gtr:R0102", "notation": "01.01.01.01",
                                   "label": "Ultra-supercritical pulverised-coal power units", "broader": []}]},
           "mappings": {}}
    (d / "changelog.json").write_text(json.dumps(log), encoding="utf-8")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("web-server")
    _release(tmp / "releases")
    port = free_port()
    env = {**os.environ, "GREENTAXO_EDITS_DB": str(tmp / "edits.sqlite"), "GREENTAXO_RELEASES": str(tmp / "releases"),
           "GREENTAXO_EDIT_TOKENS": ",".join(f"{tok}:{name}:{role}" for role, tok, name in
                                             (("editor", TOKENS["editor"], "erin"), ("reviewer", TOKENS["reviewer"], "rita"),
                                              ("editor", TOKENS["expert"], "eve"))),
           "GREENTAXO_RATE_AUTH_FAILURES": "off"}
    env.pop("GREENTAXO_EDITS_URL", None)
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "greentaxo.api.main:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise AssertionError("the server did not start: " + (tmp / "server.log").read_text(errors="replace")[-2000:])
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's chromium: apt-get install -y chromium fonts-noto-cjk "
                    "(.ci/run does this)")
    b = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser, server):
    """A fresh context (cookies, language) per test, desktop size; the browser is shared."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server, locale="zh-CN")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
