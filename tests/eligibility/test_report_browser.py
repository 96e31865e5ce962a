"""The screening report in a real browser (Chromium through Playwright): it opens, every loan is a row, the
Chinese item names are there as text, and they are drawn with a CJK font from the declared stack.

Needs Debian's `chromium` and `fonts-noto-cjk` (.ci/run installs them) and the `playwright` package (dev extra);
skips with the reason when one is missing."""
from __future__ import annotations

import shutil

import pytest

from greentaxo.eligibility import portfolio, report

BOOK = [{"id": "PV-1", "route": "gtr:R0212", "amount": "1000000"},
        {"id": "HP-1", "route": "gtr:R0651", "facts": "refrigerant=R410A", "amount": "250000"},
        {"id": "DC-1", "description": "新建数据中心项目，PUE 1.8", "amount": "500000"}]


@pytest.fixture(scope="module")
def page_of_report(kg, tmp_path_factory, playwright_driver):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("Chromium not found (apt-get install chromium fonts-noto-cjk)")
    rep = report.Report(report.provenance(kg, ["test"], None))
    for r in portfolio.screen(kg, BOOK):
        rep.add(r)
    html = rep.finish(tmp_path_factory.mktemp("browser") / "book.csv")[2]
    browser = playwright_driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    page = browser.new_page()
    page.goto(html.as_uri())
    yield page
    browser.close()


def test_every_loan_is_a_row_with_its_chinese_item_name(page_of_report):
    page = page_of_report
    assert "eligibility screening" in page.title()
    rows = page.locator("#loans tr").all_inner_texts()[1:]
    assert [r.split("\t")[0] for r in rows] == ["PV-1", "HP-1", "DC-1"]
    assert "太阳能利用设施建设和运营" in rows[0]


def test_chinese_is_drawn_with_a_cjk_font_from_the_stack(page_of_report):
    page = page_of_report
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"')
    # the fonts Chromium really drew the heading's Chinese with (DevTools protocol): a CJK font, not a fallback box
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1 span"})["nodeId"]
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    drawn = {f["familyName"]: f["glyphCount"] for f in fonts}
    assert any("CJK" in name and count >= 8 for name, count in drawn.items()), drawn
