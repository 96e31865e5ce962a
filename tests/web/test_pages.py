"""The web layer over HTTP, without a browser: content negotiation, languages, errors, the message table, and the
editors' rules (sign-in, CSRF, roles). Fast; the browser tests (test_e2e.py, test_screens.py) do the rest."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greentaxo.api.main import app
from greentaxo.web.i18n import MESSAGES

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "greentaxo" / "web" / "templates"


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


def test_every_message_key_a_template_uses_exists_in_both_languages():
    used = set()
    for f in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z0-9_.\-]+)'\)", f.read_text(encoding="utf-8")))
    assert len(used) > 100
    assert not used - set(MESSAGES), f"keys without a translation: {sorted(used - set(MESSAGES))}"
    assert all(zh and en and zh != en or key in ("concept.iri",) for key, (zh, en) in MESSAGES.items())


@pytest.mark.parametrize("accept, kind", [
    (HTML["Accept"], "text/html"), ("application/json", "application/json"), ("*/*", "application/json"),
    ("", "application/json"), ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("text/html;q=0.5, application/json", "application/json")])
def test_route_iri_path_by_content_negotiation(client, accept, kind):
    r = client.get("/route/R0102", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(kind)
    assert "Vary" in r.headers
    if kind == "application/json":
        assert r.json()["notation"] == "01.01.01.01" and r.json()["mappings"]
    if kind == "text/turtle":
        assert "gtr:R0102" in r.text or "route/R0102" in r.text


def test_code_and_scenario_pages_and_data(client):
    page = client.get("/code/gbt4754-2017/4416", headers=HTML)
    assert page.status_code == 200 and "太阳能发电" in page.text and "/route/R0211" in page.text
    data = client.get("/code/gbt4754-2017/4416").json()
    assert data["code"] == "4416" and any(r["subject_id"].endswith("R0211") for r in data["routes"])
    assert "a gt:Scenario" in client.get("/scenario/S001", headers={"Accept": "text/turtle"}).text.replace("\n", " ") or \
        "Scenario" in client.get("/scenario/S001", headers={"Accept": "text/turtle"}).text
    assert client.get("/scenario/F014").json()["providedBy"]
    assert client.get("/code/gbt4754-2017?code=4416", follow_redirects=False).headers["location"] == "/code/gbt4754-2017/4416"


def test_search_html_for_browsers_json_for_api_clients(client):
    html = client.get("/search", params={"q": "钒液流"}, headers=HTML)
    assert html.headers["content-type"].startswith("text/html") and 'href="/route/R0312"' in html.text
    assert client.get("/search", params={"q": "钒液流"}).json()["results"][0]["curie"] == "gtr:R0312"
    assert client.get("/search", headers=HTML).status_code == 200                    # empty search page
    assert client.get("/search").status_code == 422                                  # the API still needs q


def test_language_cookie_accept_language_and_switch(client):
    assert '<html lang="zh-Hans">' in client.get("/", headers=HTML).text
    assert '<html lang="en">' in client.get("/", headers={**HTML, "Accept-Language": "en-GB,en;q=0.8"}).text
    r = client.get("/ui/lang", params={"to": "en", "next": "/route/R0102"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/route/R0102" and "lang=en" in r.headers["set-cookie"]
    evil = client.get("/ui/lang", params={"to": "en", "next": "//evil.example"}, follow_redirects=False)
    assert evil.headers["location"] == "/"
    page = client.get("/route/R0102", headers=HTML, cookies={"lang": "en"})
    assert '<html lang="en">' in page.text and "Ultra-supercritical" in page.text


def test_a_route_page_shows_its_scope_note(client):
    """skos:scopeNote says what a route leaves to others (editable in the workbook and the edit store); the page shows
    it, in both languages, under the definition."""
    page = client.get("/route/R1326", headers=HTML, cookies={"lang": "en"})
    assert page.status_code == 200 and "Scope note" in page.text
    assert "CO2-based polycarbonates" in page.text and "全生物降解地膜" in page.text
    assert "Scope note" not in client.get("/route/R0102", headers=HTML, cookies={"lang": "en"}).text


def test_a_route_page_shows_the_rules_its_words_follow_in_a_text(client):
    """Sense rules, exclusion words and veto words decide what the classifier and eligibility read (docs/editing.md);
    an editor sees them on the route page, each under its own heading."""
    coatings = client.get("/route/R0870", headers=HTML, cookies={"lang": "en"}).text
    assert "Veto words" in coatings and "TGIC" in coatings and "Exclusion words" not in coatings
    sewage = client.get("/route/R0827", headers=HTML, cookies={"lang": "en"}).text
    assert "Words that count only in context" in sewage and "plant upgrade" in sewage and "effluent" in sewage
    bus = client.get("/route/R1001", headers=HTML, cookies={"lang": "zh"}).text
    assert "排除词" in bus and "柴油" in bus
    plain = client.get("/route/R0102", headers=HTML, cookies={"lang": "en"}).text
    assert "Veto words" not in plain and "Context words" not in plain


def test_errors_are_pages_for_browsers_and_problem_json_for_api_clients(client):
    page = client.get("/route/R01O2", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "R0102" in page.text
    api = client.get("/route/R01O2")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")
    assert client.get("/no/such/page", headers=HTML).status_code == 404
    bad = client.post("/ui/classify", data={"title": "", "abstract": ""}, headers=HTML)
    assert bad.status_code == 422 and "title or an abstract" in bad.text
    assert "Traceback" not in bad.text


def test_text_from_the_graph_and_users_is_escaped(client):
    r = client.post("/ui/classify", data={"title": "<script>alert(1)</script> 全钒液流电池储能"}, headers=HTML)
    assert r.status_code == 200 and "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text


def test_classify_page_shows_the_probability_and_why_a_text_is_not_green(client):
    green = client.post("/ui/classify", data={"title": "全钒液流电池储能电站"}, headers={**HTML, "Accept-Language": "en"})
    p = float(re.search(r'data-p-green>([0-9.]+)<', green.text).group(1))
    assert green.status_code == 200 and p >= 0.5 and "data-reason" not in green.text
    no = client.post("/ui/classify", data={"title": "A method of serving advertisements on a mobile phone"},
                     headers={**HTML, "Accept-Language": "en"})
    assert float(re.search(r'data-p-green>([0-9.]+)<', no.text).group(1)) < 0.5
    reason = re.search(r'data-reason="([a-z-]+)"', no.text).group(1)
    assert reason in ("no-route", "context-missing", "low-probability")
    assert MESSAGES[f"classify.reason.{reason}"][1] in no.text


def test_classify_page_says_when_a_green_text_has_no_route(client):
    r = client.post("/ui/classify", data={"title": "Engine Fuels"}, headers=HTML)
    assert r.status_code == 200 and 'data-reason="route-unknown"' in r.text
    zh = '<html lang="zh' in r.text                  # an earlier test may have switched the interface language
    assert MESSAGES["classify.reason.route-unknown"][0 if zh else 1] in r.text
    assert "<table" not in r.text.split('id="result"')[1]


def test_classify_page_says_when_a_green_text_has_only_guesses(client):
    r = client.post("/ui/classify", data={"title": "一种一体化光伏亮化装置"}, headers=HTML)
    assert r.status_code == 200 and 'data-reason="route-uncertain"' in r.text
    zh = '<html lang="zh' in r.text
    assert MESSAGES["classify.reason.route-uncertain"][0 if zh else 1] in r.text


def test_classify_page_says_when_a_description_is_green_by_the_route_it_names(client):
    r = client.post("/ui/classify", data={"title": "沥青路面就地热再生技术推广应用",
                                          "abstract": "在公路养护中对旧沥青路面就地加热、翻松，掺入再生剂和少量新料后拌和摊铺，"
                                                      "旧料全部在现场再利用，减少运输和新沥青用量。"},
                    headers=HTML)
    assert r.status_code == 200 and 'data-reason="route-named"' in r.text
    zh = '<html lang="zh' in r.text
    assert MESSAGES["classify.reason.route-named"][0 if zh else 1] in r.text and "06.01.04" in r.text


def test_batch_upload_without_javascript_answers_with_the_file(client):
    body = '{"id": "a", "title": "全钒液流电池储能电站"}\n{"id": "b", "title": "火锅底料"}\nnot json\n'
    r = client.post("/ui/classify/batch", files={"file": ("subs.jsonl", body.encode(), "application/x-ndjson")})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    lines = r.text.splitlines()
    assert len(lines) == 3 and '"green": true' in lines[0] and '"green": false' in lines[1] and '"error"' in lines[2]
    s = client.post("/ui/classify/batch?stream=true", files={"file": ("subs.jsonl", body.encode(), "application/x-ndjson")})
    last = s.text.splitlines()[-1]
    assert '"done": 3' in last and '"csv"' in last


def test_batch_upload_reads_an_excel_sheet(client):
    from openpyxl import Workbook

    wb = Workbook()
    for row in (["id", "title"], [1, "全钒液流电池储能电站"], [2, "火锅底料"]):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    r = client.post("/ui/classify/batch", files={"file": ("subs.xlsx", buf.getvalue(), xlsx)})
    lines = r.text.splitlines()
    assert r.status_code == 200 and len(lines) == 2 and '"id": "1"' in lines[0] and '"green": true' in lines[0]
    assert 'accept=".jsonl,.ndjson,.csv,.xlsx"' in client.get("/ui/classify", headers=HTML).text


def test_batch_upload_reads_a_gb18030_csv_and_the_file_s_own_column_names_when_the_form_says_so(client):
    body = "id,title\r\n1,全钒液流电池储能电站\r\n".encode("gb18030")
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", body, "text/csv")})
    assert r.status_code == 200 and '"error"' in r.text and "encoding field" in r.text   # the row says what to choose
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", body, "text/csv")}, data={"encoding": "gb18030"})
    assert r.status_code == 200 and '"green": true' in r.text and "R0312" in r.text
    assert 'name="encoding"' in client.get("/ui/eligibility", headers=HTML).text
    loans = "贷款编号,贷款用途,金额\r\nL1,抽水蓄能电站建设项目,1000\r\n".encode("gb18030")
    r = client.post("/ui/eligibility/portfolio", files={"file": ("loans.csv", loans, "text/csv")},
                    data={"encoding": "gb18030", "columns": "id=贷款编号，description=贷款用途, amount=金额"})
    assert r.status_code == 200 and "L1" in r.text and "eligible" in r.text
    subs = "编号,成果名称\r\n7,全钒液流电池储能电站\r\n".encode()
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", subs, "text/csv")},
                    data={"columns": "id=编号, title=成果名称"})
    assert r.status_code == 200 and '"id": "7"' in r.text and "R0312" in r.text
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", subs, "text/csv")}, data={"columns": "title=名称"})
    assert r.status_code == 422 and "its columns: 编号, 成果名称" in r.text         # InputError, as everywhere
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", subs, "text/csv")}, data={"columns": "title成果名称"})
    assert r.status_code == 422 and "write FIELD=COLUMN" in r.text and "--column" not in r.text.split("FIELD=COLUMN")[0]
    r = client.post("/ui/classify/batch", files={"file": ("subs.csv", subs, "text/csv")})
    assert r.status_code == 422 and "column-names field of the upload page" in r.text     # says where, on this page too


def test_editor_pages_need_a_token_a_role_and_the_form_token(client, monkeypatch, tmp_path):
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "edit_tokens", "pages-editor-0000000000001:erin:editor")
    monkeypatch.setenv("GREENTAXO_EDITS_DB", str(tmp_path / "edits.sqlite"))
    monkeypatch.setattr(app.state, "edits", None, raising=False)
    assert 'id="token"' in client.get("/ui/edits", headers=HTML).text          # not signed in: the sign-in form
    assert client.post("/ui/signin", data={"token": "wrong-token-000000000000"}, headers=HTML).status_code == 401
    r = client.post("/ui/signin", data={"token": "pages-editor-0000000000001"}, follow_redirects=False)
    assert r.status_code == 303 and "HttpOnly" in r.headers["set-cookie"] and "SameSite=strict" in r.headers["set-cookie"]
    client.cookies.set("gt_edit", "pages-editor-0000000000001", path="/ui")
    try:
        page = client.get("/ui/edits/concepts/gtr:R0102", headers=HTML)
        assert page.status_code == 200
        etag = re.search(r'name="etag" value="([0-9a-f]+)"', page.text).group(1)
        form = {"etag": etag, "pref_en": "USC coal units (pages test)", "csrf": "forged"}
        assert client.post("/ui/edits/concepts/gtr:R0102", data=form, headers=HTML).status_code == 403   # CSRF
        form["csrf"] = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
        stale = client.post("/ui/edits/concepts/gtr:R0102", data={**form, "etag": "0" * 32}, headers=HTML)
        assert stale.status_code == 412                                           # the API's If-Match rule
        done = client.post("/ui/edits/concepts/gtr:R0102", data=form, follow_redirects=False)
        assert done.status_code == 303, done.text[-1500:]
        cid = done.headers["location"].split("/changesets/")[1].split("?")[0]
        view = client.get(f"/ui/edits/changesets/{cid}", headers=HTML)
        assert "USC coal units (pages test)" in view.text and 'class="badge s-pending"' in view.text
        refused = client.post(f"/ui/edits/changesets/{cid}/approve", data={"csrf": form["csrf"]}, headers=HTML)
        assert refused.status_code == 403                                         # an editor cannot approve
    finally:
        client.cookies.clear()
        app.state.edits.engine.dispose()
        app.state.edits = None


def test_score_sheet_form_is_checked_by_the_assessment_store(client, monkeypatch, tmp_path):
    from greentaxo.api.settings import SETTINGS

    tokens = {"rita": "pages-reviewer-000000000001", "erin": "pages-editor-0000000000002"}
    monkeypatch.setattr(SETTINGS, "edit_tokens", f"{tokens['rita']}:rita:reviewer,{tokens['erin']}:erin:editor")
    monkeypatch.setenv("GREENTAXO_EDITS_DB", str(tmp_path / "edits.sqlite"))
    monkeypatch.setattr(app.state, "assessments", None, raising=False)
    chair = {"Authorization": f"Bearer {tokens['rita']}"}
    aid = client.post("/assessments", headers=chair, json={
        "system": "gtt", "min_experts": 1, "experts": ["erin"],
        "subject": {"kind": "route", "title": "R0312", "ref": "gtr:R0312"}}).json()["id"]
    client.cookies.set("gt_edit", tokens["erin"], path="/ui")
    try:
        page = client.get(f"/ui/assessments/{aid}", headers=HTML)
        assert page.status_code == 200 and 'name="s-1.1"' in page.text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
        leaves = re.findall(r'name="s-([0-9.]+)"', page.text)
        form = {"csrf": csrf, **{f"s-{n}": "4" for n in leaves}, "s-1.1": "9"}
        bad = client.post(f"/ui/assessments/{aid}/scores", data=form, headers=HTML)
        assert bad.status_code == 422 and "scores.1.1" in bad.text                  # named, nothing stored
        form["s-1.1"] = "5"
        assert client.post(f"/ui/assessments/{aid}/scores", data=form, follow_redirects=False).status_code == 303
        again = client.post(f"/ui/assessments/{aid}/scores", data=form, headers=HTML)
        assert again.status_code == 409                                               # a sheet is final once given
        etag = client.get(f"/assessments/{aid}", headers=chair).headers["etag"]
        assert client.post(f"/assessments/{aid}/close", headers={**chair, "If-Match": etag}).status_code == 200
        done = client.get(f"/ui/assessments/{aid}", headers=HTML).text
        assert "<svg" in done and "figure" in done and 'name="s-1.1"' not in done
    finally:
        client.cookies.clear()
        app.state.assessments.engine.dispose()
        app.state.assessments = None
