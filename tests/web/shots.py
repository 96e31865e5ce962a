"""Every page the interface has, reached as a person reaches it, and screenshots of each in both languages at
1280x800 and at a phone's width. The browser tests (test_screens.py) visit them all; run as a script it writes
the screenshots of docs/ui.md:

    .venv/bin/python -m tests.web.shots docs/ui        # starts its own server and browser

A page is (name, path, action): the action, given the Playwright page, does what a user does before the
screenshot (fill a form and submit it).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _classify(pg) -> None:
    pg.fill("#c-title", "一种全钒液流电池储能系统的电解液配方")
    pg.fill("#c-abstract", "本发明公开了一种用于电网储能的全钒液流电池电解液，提高了能量密度和低温稳定性。")
    pg.click("form[action='/ui/classify#result'] button[type=submit]")
    pg.wait_for_selector("#result")


def _eligibility(pg) -> None:
    pg.fill("#e-route", "gtr:R0132")
    pg.fill("#e-facts", "lifecycle_ghg_intensity=420 kgCO2/MWh")
    pg.click("form[action='/ui/eligibility#result'] button[type=submit]")
    pg.wait_for_selector("#result")


def _signin(token: str) -> Callable:
    def act(pg) -> None:
        pg.fill("#token", token)
        pg.click("form[action='/ui/signin'] button[type=submit]")
        pg.wait_for_selector(".edbar")
    return act


def pages(reviewer_token: str) -> list[tuple[str, str, Callable | None]]:
    return [
        ("home", "/", None),
        ("search", "/search?q=储能", None),
        ("tree", "/ui/tree?open=R0312", None),
        ("route", "/route/R0312", None),
        ("code", "/code/gbt4754-2017/4416?to=gfspc2025", None),
        ("scenario", "/scenario/S001", None),
        ("classify", "/ui/classify", _classify),
        ("eligibility", "/ui/eligibility", _eligibility),
        ("packages", "/ui/packages?scenario=gtx:S001&k=1#result", None),
        ("changes", "/ui/changes?release=0.1.0", None),
        ("editors", "/ui/edits", _signin(reviewer_token)),
        ("quality", "/ui/quality", None),
    ]


def overflow(pg) -> int:
    """How many pixels the page is wider than the window (0 when nothing overflows sideways)."""
    return pg.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def main(argv: list[str]) -> int:
    import os

    import pytest

    os.environ["GREENTAXO_SCREENS_TO"] = str((Path(argv[0]) if argv else Path("docs/ui")).resolve())
    return pytest.main(["-q", "-p", "no:cacheprovider", "tests/web/test_screens.py"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
