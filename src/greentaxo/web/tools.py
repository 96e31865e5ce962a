"""Pages for the tools: classify (one text or a file), eligibility (one project or a portfolio), packages.

Forms post to the page itself and get the page back with the answer, so everything works without
JavaScript. A batch file is uploaded once; with JavaScript the answer streams back as NDJSON — a
`{"done", "total"}` line per chunk, every result, and a closing line with the summary and the CSV — so the
page shows progress and offers the download without the server keeping any job state; without
JavaScript the same upload answers with the results file itself.
"""
from __future__ import annotations

import hashlib
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from greentaxo.api.routers.classify import _classifier as loaded
from greentaxo.api.settings import SETTINGS
from greentaxo.classify.recordio import Writer, guess_format, parse_columns, read_records
from greentaxo.eligibility import CATALOGUES, catalogue_for, evaluate
from greentaxo.eligibility.portfolio import read_records as read_loans
from greentaxo.eligibility.portfolio import screen
from greentaxo.eligibility.report import Report, provenance
from greentaxo.errors import GreentaxoError, InputError
from greentaxo.packages.output import result_to_dict
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.packages.service import assemble
from greentaxo.web import views
from greentaxo.web.render import highlight, page

router = APIRouter(include_in_schema=False)
CHUNK = 25          # results between two progress lines


def _split(value: str, sep: str = ",") -> list[str]:
    return [v.strip() for v in value.replace("，", ",").split(sep) if v.strip()]


def _classifier(request: Request):
    return loaded(request)


# ---- classify ---------------------------------------------------------------------------------------------
@router.get("/ui/classify")
async def classify_form(request: Request):
    return page(request, "classify.html", form={}, out=None)


@router.post("/ui/classify")
async def classify(request: Request, title: str = Form("", max_length=100_000), abstract: str = Form("", max_length=100_000),
                   keywords: str = Form("", max_length=2000), ipc: str = Form("", max_length=2000)):
    form = {"title": title, "abstract": abstract, "keywords": keywords, "ipc": ipc}
    if not (title.strip() or abstract.strip()):
        raise InputError("give a title or an abstract to classify")
    rec = {"id": "1", "title": title, "abstract": abstract, "keywords": _split(keywords), "ipc": _split(ipc)}
    out = _classifier(request).classify(rec, top_k=5)
    text = f"{title}\n{abstract}"         # evidence offsets are into title + "\n" + abstract
    spans = [(e["start"], e["end"]) for r in out["routes"] for e in r.get("evidence", [])]
    return page(request, "classify.html", form=form, out=out, marked=highlight(text, spans), scheme_title=views.scheme_title)


@router.post("/ui/classify/batch")
async def classify_batch(request: Request, file: UploadFile, stream: bool = Query(False),
                         encoding: str = Form("utf-8", max_length=40), columns: str = Form("", max_length=500)):
    raw = await _upload(file)
    fmt = guess_format(Path(file.filename or "upload.jsonl"), None)
    records = list(read_records(io.BytesIO(raw), fmt, encoding, parse_columns(_split(columns))))
    _check_count(len(records))
    clf = _classifier(request)
    results = clf.classify_records(records, top_k=5)
    return _answer(results, len(records), stream, "classified", _classify_tail)


def _classify_tail(results: list[dict]) -> dict:
    buf = io.StringIO()
    w = Writer(buf, "csv")
    for r in results:
        w.write(r)
    green = sum(1 for r in results if r.get("green"))
    return {"summary": {"records": len(results), "green": green, "errors": sum(1 for r in results if "error" in r)},
            "csv": buf.getvalue()}


# ---- eligibility --------------------------------------------------------------------------------------------
@router.get("/ui/eligibility")
async def eligibility_form(request: Request, route: str = Query("", max_length=300), code: str = Query("", max_length=100)):
    return page(request, "eligibility.html", form={"route": route, "code": code}, out=None, catalogues=_catalogues(request))


def _catalogues(request: Request) -> list[tuple[str, str, str]]:
    kg = request.app.state.kg
    return [(cid, catalogue_for(kg, cid).edition, catalogue_for(kg, cid).title) for cid in CATALOGUES]


@router.post("/ui/eligibility")
async def eligibility(request: Request, route: str = Form("", max_length=300), code: str = Form("", max_length=100),
                      text: str = Form("", max_length=20_000), facts: str = Form("", max_length=5000),
                      as_of: str = Form("", max_length=10), activity: str = Form("", max_length=20),
                      catalogue: list[str] | None = Form(None)):
    form = {"route": route, "code": code, "text": text, "facts": facts, "as_of": as_of, "activity": activity,
            "catalogue": catalogue or []}
    given = {"route": route.strip() or None, "code": code.strip() or None, "text": text.strip() or None}
    kg = request.app.state.kg
    out = await run_in_threadpool(
        evaluate, kg, **given, facts=[f for f in (x.strip() for x in facts.splitlines()) if f], as_of=as_of or None,
        activity=activity or None, catalogues=catalogue or None)
    return page(request, "eligibility.html", form=form, out=out, catalogues=_catalogues(request), tax=kg.taxonomy)


@router.post("/ui/eligibility/portfolio")
async def portfolio(request: Request, file: UploadFile, stream: bool = Query(False),
                    encoding: str = Form("utf-8", max_length=40), columns: str = Form("", max_length=500)):
    raw = await _upload(file)
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".xlsx"):
        raise InputError(f"file {file.filename!r}: give a .csv, .jsonl or .xlsx file")
    with tempfile.TemporaryDirectory() as tmp:     # the library reads a path, with its own size, cell and zip limits
        path = Path(tmp) / f"portfolio{suffix}"
        path.write_bytes(raw)
        records = []
        for rec in read_loans(path, encoding, _split(columns)):
            records.append(rec)
            _check_count(len(records))
    kg = request.app.state.kg
    prov = {**provenance(kg, ["greentaxo web: portfolio upload"], None), "input": file.filename,
            "input_sha256": hashlib.sha256(raw).hexdigest()}
    return _answer(screen(kg, records), len(records), stream, "screened", lambda done: _portfolio_tail(done, prov))


def _portfolio_tail(results: list[dict], prov: dict) -> dict:
    """The library's portfolio report (greentaxo.eligibility.report): its CSV and HTML, as the CLI writes them."""
    rep = Report(prov)
    for r in results:
        rep.add(r)
    s = rep.summary()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, _, html_path = rep.finish(Path(tmp) / "portfolio")
        return {"summary": {"records": s["records"], "errors": s["errors"]},
                "csv": csv_path.read_text(encoding="utf-8"), "report": html_path.read_text(encoding="utf-8")}


# ---- packages -----------------------------------------------------------------------------------------------
@router.get("/ui/packages")
async def packages(request: Request, scenario: str = Query("", max_length=100), min_trl: str = Query("", pattern="^[1-9]?$"),
                   exclude: str = Query("", max_length=2000), eligible_under: str = Query("", max_length=40),
                   k: int = Query(2, ge=0, le=5)):
    kg = request.app.state.kg
    form = {"scenario": scenario, "min_trl": min_trl, "exclude": exclude, "eligible_under": eligible_under, "k": k}
    out = None
    if scenario:
        def solve() -> dict:
            result, matches = assemble(kg, scenario, min_trl=int(min_trl) if min_trl else None, exclude=_split(exclude),
                                       eligible_under=eligible_under or None, k=k)
            return result_to_dict(result, kg, matches)

        # the same question on the same graph has the same answer: solve once, keep the last 64 (views.Memo)
        key = (scenario, min_trl, tuple(sorted(_split(exclude))), eligible_under, k)
        out = await run_in_threadpool(views.memo(kg, "packages").get, key, solve)
    return page(request, "packages.html", form=form, out=out, scenarios=scenarios_from_graph(kg).all(),
                labels=views.gtx_labels(kg))


# ---- shared ---------------------------------------------------------------------------------------------------
async def _upload(file: UploadFile) -> bytes:
    """The uploaded file's bytes; the app's body limit (GREENTAXO_MAX_BODY_BYTES) has bounded them already."""
    raw = await file.read()
    if not raw.strip():
        raise InputError(f"file {file.filename!r} is empty; give one record a line")
    return raw


def _check_count(n: int) -> None:
    if n > SETTINGS.max_batch:
        raise InputError(f"the file has {n} records; at most {SETTINGS.max_batch} (GREENTAXO_MAX_BATCH) in one upload — "
                         "split it, or use the CLI for larger runs")


def _answer(results: Iterable[dict], total: int, stream: bool, what: str, tail) -> Response:
    """NDJSON with progress for the page's script (stream=true), else the results as a JSONL download."""
    if not stream:
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        return Response(body, media_type="application/x-ndjson",
                        headers={"Content-Disposition": f'attachment; filename="greentaxo-{what}.jsonl"'})

    def lines() -> Iterator[str]:
        done: list[dict] = []
        yield json.dumps({"done": 0, "total": total}) + "\n"
        try:
            for r in results:
                done.append(r)
                yield json.dumps({"result": r}, ensure_ascii=False) + "\n"
                if len(done) % CHUNK == 0:
                    yield json.dumps({"done": len(done), "total": total}) + "\n"
            yield json.dumps({"done": len(done), "total": total, **tail(done)}, ensure_ascii=False) + "\n"
        except GreentaxoError as exc:       # a whole-file problem found while streaming: say it on the stream
            yield json.dumps({"error": str(exc)}, ensure_ascii=False) + "\n"

    return StreamingResponse(iterate_in_threadpool(lines()), media_type="application/x-ndjson")
