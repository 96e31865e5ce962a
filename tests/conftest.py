"""Fixtures every test folder uses: the bundled graph, a writer for small taxonomies, the official data."""
from __future__ import annotations

from pathlib import Path

import pytest

from greentaxo.paths import shared_data as _shared_data
from tests.support import MINI, ROOT


@pytest.fixture(scope="session")
def kg():
    import greentaxo

    return greentaxo.load()


@pytest.fixture
def mini(tmp_path: Path):
    """Write the valid mini taxonomy (optionally edited) and return its path."""
    def make(text: str = MINI, name: str = "mini.ttl") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p
    return make


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The official tables (../shared/data, or $GREENTAXO_DATA). A fresh clone has none: the test skips,
    and pytest counts and prints the skip; CI runs it where the data is present."""
    data = _shared_data(ROOT)
    if not data.is_dir():
        pytest.skip(f"needs the official tables: {data} not found (../shared/data)")
    return data


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no requests counted against the test client (the API's per-client rate limits,
    greentaxo.api.ratelimit, would otherwise add up over a whole run). Only when a test has loaded the app."""
    import sys

    main = sys.modules.get("greentaxo.api.main")
    if main is not None:
        main.RATE_LIMITS.reset()
    yield


@pytest.fixture
def rate_limits():
    """Set the API's per-client limits for one test, e.g. rate_limits(sparql="3/minute", auth_failures="off");
    the configured ones come back afterwards."""
    from greentaxo.api.main import RATE_LIMITS
    from greentaxo.api.settings import SETTINGS

    def configure(**rates: str):
        RATE_LIMITS.configure({**SETTINGS.rates(), **rates})
        return RATE_LIMITS
    yield configure
    RATE_LIMITS.configure(SETTINGS.rates(), SETTINGS.rate_storage)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per test process. Its sync API allows one instance at a time in a thread, and both the web
    pages' tests and the screening report's test drive Chromium (with --dist loadfile they may share a worker)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        yield p
