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


def _sign_in(pg, token: str) -> None:
    """On the editors' page (where the pages list puts the browser): sign in, unless an earlier page of the same
    browser context already did (the session cookie is kept)."""
    if pg.locator(".edbar").count():
        return
    pg.fill("#token", token)
    pg.click("form[action='/ui/signin'] button[type=submit]")
    pg.wait_for_selector(".edbar")


def _review(tokens: dict[str, str]) -> Callable:
    """An editor proposes a change through the edit API (as a client would), a reviewer signs in on the page and
    opens it: the change set's diff with approve / reject."""
    def act(pg) -> None:
        editor = {"Authorization": f"Bearer {tokens['editor']}"}
        got = pg.request.get("/edits/concepts/gtr:R0254", headers=editor)
        alt = got.json().get("altLabel", {})
        alt = {**alt, "en": [*alt.get("en", []), "densified biomass fuel"]}
        put = pg.request.put("/edits/concepts/gtr:R0254", headers={**editor, "If-Match": got.headers["etag"]},
                             data={"set": {"altLabel": alt}, "comment": "a wording buyers use"})
        assert put.status == 202, put.text()
        _sign_in(pg, tokens["reviewer"])
        pg.goto(f"/ui/edits/changesets/{put.json()['id']}")
    return act


def open_assessment(request, tokens: dict[str, str], scored_by: tuple[str, ...]) -> int:
    """Through the assessment API, as a platform would: the reviewer (rita) opens a gtt assessment of the vanadium
    flow-battery route with erin and eve as experts (panel minimum 2); each of `scored_by` submits a sheet."""
    chair = {"Authorization": f"Bearer {tokens['reviewer']}"}
    a = request.post("/assessments", headers=chair, data={
        "system": "gtt", "min_experts": 2, "experts": ["erin", "eve"],
        "subject": {"kind": "route", "title": "全钒液流电池储能 Vanadium redox flow battery storage", "ref": "gtr:R0312",
                    "routes": ["gtr:R0312"], "text": "100 MW / 400 MWh grid storage station"}})
    assert a.status == 201, a.text()
    aid = a.json()["id"]
    system = request.get("/indicator-systems/gtt", headers=chair).json()
    leaves = [i["notation"] for i in system["indicators"] if not i["children"]]
    for k, who in enumerate(scored_by):
        sheet = {n: 3 + (k + j) % 3 for j, n in enumerate(leaves)}
        r = request.post(f"/assessments/{aid}/scores", headers={"Authorization": f"Bearer {tokens[who]}"},
                         data={"scores": sheet})
        assert r.status == 201, r.text()
    return aid


def _results(tokens: dict[str, str]) -> Callable:
    """Two experts scored, the chair closed the round: the panel results with the radar chart."""
    def act(pg) -> None:
        aid = open_assessment(pg.request, tokens, ("editor", "expert"))
        chair = {"Authorization": f"Bearer {tokens['reviewer']}"}
        etag = pg.request.get(f"/assessments/{aid}", headers=chair).headers["etag"]
        closed = pg.request.post(f"/assessments/{aid}/close", headers={**chair, "If-Match": etag})
        assert closed.status == 200, closed.text()
        _sign_in(pg, tokens["reviewer"])
        pg.goto(f"/ui/assessments/{aid}")
        pg.wait_for_selector("figure.radar svg")
    return act


def pages(tokens: dict[str, str]) -> list[tuple[str, str, Callable | None]]:
    return [
        ("home", "/", None),
        ("search", "/search?q=储能", None),
        ("tree", "/ui/tree?open=R0312", None),
        ("route", "/route/R0312", None),
        ("retired", "/route/R0703", None),
        ("facet", "/facet/F0015", None),
        ("kpis", "/route/R0691#kpi-h", None),           # data-centre PUE: the indicators table in view
        ("code", "/code/gbt4754-2017/4416?to=gfspc2025", None),
        ("scenario", "/scenario/S001", None),
        ("classify", "/ui/classify", _classify),
        ("eligibility", "/ui/eligibility", _eligibility),
        ("packages", "/ui/packages?scenario=gtx:S001&k=1#result", None),
        ("changes", "/ui/changes?release=0.1.0", None),
        ("editors", "/ui/edits", _review(tokens)),
        ("assessment", "/ui/edits", _results(tokens)),
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
