"""What the three kinds of users do, in a real browser against a live server (tests/web/conftest.py)."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.web.conftest import TOKENS


def test_search_with_suggestions_then_concept_page_then_mapping(page):
    page.goto("/")
    box = page.locator("#q-home")
    box.fill("钒液流")
    option = page.locator("#q-home-list [role=option]").first
    expect(option).to_contain_text("全钒液流电池储能")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")                          # the keyboard picks a suggestion
    expect(box).to_have_attribute("aria-activedescendant", "q-home-opt-0")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/route/R0312$"))
    expect(page.locator("h1")).to_contain_text("全钒液流电池储能")
    section = page.locator("section[aria-labelledby=map-h]")
    row = section.locator("tr", has=page.locator("a[href='/code/gbt4754-2017/3849']"))
    expect(row).to_contain_text("broadMatch")       # predicate, confidence and justification per row
    expect(row).to_contain_text("0.80")
    expect(row).to_contain_text("MappingChaining")
    row.locator("a[href='/code/gbt4754-2017/3849']").click()
    expect(page).to_have_url(re.compile(r"/code/gbt4754-2017/3849$"))
    expect(page.locator("section[aria-labelledby=routes-h]")).to_contain_text("全钒液流电池储能")


def test_search_form_gives_a_results_page_while_api_clients_keep_json(page, server):
    page.goto("/")
    page.fill("#q-home", "floating offshore wind")
    page.press("#q-home", "Enter")                 # no suggestion chosen: the form is submitted
    expect(page).to_have_url(re.compile(r"/search\?q=floating"))
    first = page.locator("ol.results li").first
    expect(first).to_contain_text("漂浮式海上风电")
    api = page.request.get("/search?q=floating%20offshore%20wind", headers={"Accept": "application/json"})
    assert api.headers["content-type"].startswith("application/json")
    expect(first).to_contain_text(api.json()["results"][0]["notation"])      # the page ranks as the API does


def test_classify_a_text_highlights_the_evidence(page):
    page.goto("/ui/classify")
    page.fill("#c-title", "一种全钒液流电池储能系统的电解液配方")
    page.click("form[action='/ui/classify#result'] button[type=submit]")
    marks = page.locator("#result p.marked mark")
    expect(marks.first).to_be_visible()
    assert any("全钒液流电池" in m for m in marks.all_inner_texts())
    expect(page.locator("#result table")).to_contain_text("01.10.01.03")
    page.fill("#c-title", "一种麻辣火锅底料")
    page.click("form[action='/ui/classify#result'] button[type=submit]")
    expect(page.locator("#result .badge.no")).to_be_visible()          # "not green", with the reason
    expect(page.locator("#result [data-reason=no-route]")).to_contain_text("未找到绿色技术路线")
    assert float(page.locator("#result [data-p-green]").inner_text()) < 0.5


def test_batch_upload_shows_progress_and_offers_the_results(page, tmp_path):
    lines = [json.dumps({"id": f"a{i}", "title": t}, ensure_ascii=False) for i, t in
             enumerate(["全钒液流电池储能电站", "floating offshore wind farm", "火锅底料"] * 20)]
    lines.append("{not json")
    f = tmp_path / "subs.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto("/ui/classify")
    page.set_input_files("#c-file", str(f))
    page.click("form[data-batch=classify] button[type=submit]")
    status = page.locator("form[data-batch=classify] .status")
    expect(status).to_contain_text("61", timeout=30_000)
    expect(status).to_contain_text("1 条出错")
    bar = page.locator("form[data-batch=classify] progress")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "61"
    with page.expect_download() as dl:
        page.click("form[data-batch=classify] a[download$='.csv']")
    text = open(dl.value.path(), encoding="utf-8").read()
    assert text.splitlines()[0].startswith("id,green,p_green,reason,routes") and len(text.splitlines()) == 62


def test_eligibility_with_a_fact_shows_the_failing_criterion(page):
    page.goto("/ui/eligibility")
    page.fill("#e-route", "gtr:R0132")
    page.fill("#e-facts", "lifecycle_ghg_intensity=420 kgCO2/MWh")
    page.click("form[action='/ui/eligibility#result'] button[type=submit]")
    card = page.locator("article.verdict", has=page.locator("h3#v-eutaxonomy"))
    failing = card.locator("li.r-fail")
    expect(failing).to_contain_text("ccm-4.29/sc1")
    expect(failing).to_contain_text("420 kgCO2/MWh = 420 gCO2e/kWh")       # the numbers, with unit conversion
    expect(page.locator(".alert.disagree")).to_be_visible()                # the catalogues disagree
    expect(page.locator("article.verdict")).to_have_count(3)


def test_portfolio_upload_gives_a_report(page, tmp_path):
    f = tmp_path / "loans.csv"
    f.write_text("id,route,code,description,facts\nL1,gtr:R0132,,,lifecycle_ghg_intensity=420 kgCO2/MWh\n"
                 "L2,,gbt4754:4416,,\nL3,,,全钒液流电池储能电站建设,\nL4,gtr:R9999,,,\n", encoding="utf-8")
    page.goto("/ui/eligibility")
    page.set_input_files("#p-file", str(f))
    page.click("form[data-batch=portfolio] button[type=submit]")
    expect(page.locator("form[data-batch=portfolio] .status")).to_contain_text("1 条出错", timeout=30_000)
    frame = page.frame_locator("iframe.reportframe")
    expect(frame.locator("h1")).to_contain_text("eligibility screening")


def test_packages_for_a_scenario(page):
    page.goto("/scenario/S001")
    page.click("a.button[href^='/ui/packages']")
    page.select_option("#p-scenario", "gtx:S001")
    page.fill("#p-k", "1")
    page.click("form[action='/ui/packages#result'] button[type=submit]")
    best = page.locator("article.package").first
    expect(best).to_contain_text("最优组合")
    expect(best.locator("tbody tr").first).to_contain_text("covers")     # why, in the solver's words


def test_editor_proposes_reviewer_approves_and_the_tree_shows_it(page, browser, server):
    page.goto("/ui/edits")
    page.fill("#token", TOKENS["editor"])
    page.click("form[action='/ui/signin'] button[type=submit]")
    expect(page.locator(".edbar")).to_contain_text("erin")
    page.goto("/ui/edits/tree?open=R0312")
    page.click("li.current > a")
    label = "Vanadium flow battery energy storage (web test)"
    page.fill("#pe", label)
    page.fill("#cm", "clearer English label")
    page.click("form.card button[type=submit]")
    expect(page.locator("h1 .badge.s-pending")).to_have_text("待审核")            # status in the page's language
    expect(page.locator("section.diff ins")).to_contain_text(label)            # the diff view shows the change
    expect(page.locator("button.ok")).to_have_count(0)                          # an editor cannot approve
    cid = page.url.split("/changesets/")[1].split("?")[0]

    reviewer = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server, locale="zh-CN").new_page()
    reviewer.goto("/ui/edits")
    reviewer.fill("#token", TOKENS["reviewer"])
    reviewer.click("form[action='/ui/signin'] button[type=submit]")
    reviewer.click(f"a[href='/ui/edits/changesets/{cid}']")
    reviewer.click("button.ok")
    expect(reviewer.locator("h1 .badge.s-applied")).to_have_text("已应用")
    reviewer.click("section.diff h3 a")                                          # to the concept in the tree
    expect(reviewer.locator("#tree li.current")).to_contain_text("全钒液流电池储能")     # Chinese label unchanged
    reviewer.click("header a.lang")
    expect(reviewer.locator("#tree li.current")).to_contain_text(label)                  # the new English one
    reviewer.context.close()


def test_keyboard_skip_link_and_language_remembered(page):
    page.goto("/route/R0102")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.click("header a.lang")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Ultra-supercritical")
    page.goto("/ui/tree")
    expect(page.locator("nav[aria-label='Main navigation']")).to_be_visible()   # the cookie keeps English


def test_api_docs_work_offline(page):
    """/docs and /redoc work with every request off the loopback server refused: scripts, styles and the OpenAPI
    document come from the app. ReDoc's bundle still asks for one image, its "API docs by Redocly" logo
    (cdn.redoc.ly/redoc/logo-mini.svg): refused, the page works without it; nothing else goes out."""
    outside = []

    def guard(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append((route.request.resource_type, route.request.url))
            route.abort()

    page.route("**/*", guard)
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("greentaxo", timeout=20_000)
    page.goto("/redoc")
    expect(page.locator("h1").first).to_contain_text("greentaxo", timeout=20_000)
    assert not [u for kind, u in outside if kind != "image"], f"asked the internet for: {outside}"
    assert {u for _, u in outside} <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}


def test_an_expert_scores_with_the_form(page, server):
    from tests.web.shots import open_assessment

    aid = open_assessment(page.request, TOKENS, ("expert",))           # eve has scored; erin has not
    page.goto("/ui/edits")
    page.fill("#token", TOKENS["editor"])
    page.click("form[action='/ui/signin'] button[type=submit]")
    page.click("a[href='/ui/assessments']")
    page.click(f"a[href='/ui/assessments/{aid}']")
    boxes = page.locator("form[action$='/scores'] input[type=number]")
    assert boxes.count() >= 15
    for k in range(boxes.count()):
        boxes.nth(k).fill("4")
    boxes.nth(0).fill("9")                                                # off the 1-5 scale: the browser holds it back
    page.click("form[action$='/scores'] button[type=submit]")
    assert boxes.nth(0).evaluate("e => e.validity.rangeOverflow") and "/scores" not in page.url
    boxes.nth(0).fill("5")
    page.click("form[action$='/scores'] button[type=submit]")
    expect(page.locator("p.note")).to_be_visible()                        # scored; results blind until the chair closes
    expect(page.locator("form[action$='/scores']")).to_have_count(0)
