"""Portfolio screening: a CSV/JSONL of loans in, one result per loan out, plus an HTML summary.

Input columns: id, and one of route / code / description (free text); optional facts
("metric=value unit" separated by ';'), as_of, activity (manufacturing|operation), evidence (criterion ids
separated by ';').
A bad record becomes an error record for its id; the run goes on.
"""
from __future__ import annotations

import csv
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.errors import GreentaxoError, InputError
from greentaxo.security.cells import safe_record

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

CSV_COLUMNS = ["id", "catalogue", "edition", "verdict", "items", "to_evidence", "reason", "error"]


def read_records(path: Path) -> list[dict]:
    from greentaxo.security.uploads import check_cells, read_text

    text = read_text(path)           # size limit (GREENTAXO_MAX_UPLOAD_BYTES), UTF-8
    cells = 0
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        out = []
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                rec = {"id": f"line-{i}", "_error": f"line {i}: not JSON ({getattr(exc, 'msg', 'nested too deeply')})"}
            if not isinstance(rec, dict):
                rec = {"id": f"line-{i}", "_error": f"line {i}: expected a JSON object"}
            cells += max(1, len(rec))
            check_cells(cells, path, i)      # GREENTAXO_MAX_CELLS
            out.append(rec)
        return out
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise InputError("the CSV header needs an id column plus route, code or description", source=str(path), line=1)
    out = []
    for r in reader:
        cells += max(1, len(r))
        check_cells(cells, path, reader.line_num)
        out.append(dict(r))
    return out


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def screen_one(kg: KnowledgeGraph, rec: dict, n: int, memo: dict | None = None,
               classification: dict | None = None) -> dict:
    rid = str(rec.get("id") or f"row-{n}")
    if rec.get("_error"):
        return {"id": rid, "error": rec["_error"]}
    route, code = (rec.get("route") or "").strip() or None, (rec.get("code") or rec.get("industry_code") or "").strip() or None
    text = (rec.get("description") or rec.get("text") or "").strip() or None
    if route:          # the most specific input wins; the others are kept for the reader
        code = text = None
    elif code:
        text = None
    from greentaxo.eligibility.engine import evaluate

    kwargs = {"route": route, "code": code, "text": text, "facts": _split(rec.get("facts")),
              "as_of": rec.get("as_of") or None, "attested": _split(rec.get("evidence")),
              "activity": rec.get("activity") or None}
    # loan books repeat the same industry code or route many times: identical inputs get the same answer
    key = repr(sorted(kwargs.items()))
    if memo is not None and key in memo:
        res = memo[key]
    else:
        try:
            res = evaluate(kg, **kwargs, classification=classification if text else None)
        except GreentaxoError as exc:
            res = {"error": str(exc)}
        if memo is not None and len(memo) < 50_000:
            memo[key] = res
    return {"id": rid, **res}


def screen(kg: KnowledgeGraph, records: Iterable[dict], progress: Callable[[], None] | None = None,
           chunk: int = 256) -> Iterator[dict]:
    """Results in input order; free-text records are classified a chunk at a time (the classifier is batched)."""
    from greentaxo.eligibility.engine import classify_many

    memo: dict = {}
    buf: list[dict] = []

    def flush(start: int) -> Iterator[dict]:
        texts = [_text_of(r) for r in buf]
        wanted = [i for i, t in enumerate(texts) if t]
        blocks = dict(zip(wanted, classify_many(kg, [texts[i] for i in wanted]), strict=True))
        for i, rec in enumerate(buf):
            out = screen_one(kg, rec, start + i, memo, blocks.get(i))
            if progress:
                progress()
            yield out
        buf.clear()

    n = 1
    for rec in records:
        buf.append(rec)
        if len(buf) >= chunk:
            yield from flush(n)
            n += chunk
    yield from flush(n)


def _text_of(rec: dict) -> str | None:
    """The description a record will be judged by, if free text is what it gives (route and code win)."""
    if rec.get("_error") or (rec.get("route") or "").strip() or (rec.get("code") or rec.get("industry_code") or "").strip():
        return None
    text = str(rec.get("description") or rec.get("text") or "").strip()
    return text if 0 < len(text) <= 20_000 else None


def csv_rows(result: dict) -> list[dict]:
    if "error" in result:
        return [{"id": result["id"], "error": result["error"]}]
    rows = []
    for v in result["verdicts"]:
        rows.append({"id": result["id"], "catalogue": v["catalogue"], "edition": v["edition"], "verdict": v["verdict"],
                     "items": "; ".join(f"{i['code']} {i['name']}" for i in v["items"]),
                     "to_evidence": "; ".join(v["to_evidence"]), "reason": v["reason"], "error": ""})
    return rows


def write(results: list[dict], out: Path, fmt: str) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for r in results:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            return
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for r in results:
            for row in csv_rows(r):
                w.writerow(safe_record(row))


def summary(results: list[dict]) -> dict:
    counts: Counter = Counter()
    evidence: dict[tuple[str, str], dict] = {}
    errors = []
    for r in results:
        if "error" in r:
            errors.append({"id": r["id"], "error": r["error"]})
            continue
        crit = {}
        for v in r["verdicts"]:
            counts[(v["catalogue"], v["verdict"])] += 1
            crit.update({c["id"]: c for c in v["criteria"]})
            if v["verdict"] == "eligible-if":
                for cid in v["to_evidence"]:
                    e = evidence.setdefault((v["catalogue"], cid), {"catalogue": v["catalogue"], "criterion": cid,
                                                                    "summary": crit[cid]["summary"], "loans": []})
                    e["loans"].append(r["id"])
    return {"records": len(results), "errors": errors,
            "counts": [{"catalogue": c, "verdict": v, "n": n} for (c, v), n in sorted(counts.items())],
            "evidence": sorted(evidence.values(), key=lambda e: (-len(e["loans"]), e["catalogue"], e["criterion"]))}


def html_report(results: list[dict]) -> str:
    s = summary(results)
    esc = html.escape
    cats = sorted({c["catalogue"] for c in s["counts"]})
    verdicts = ["eligible", "eligible-if", "not-eligible", "unknown"]
    table = {(c["catalogue"], c["verdict"]): c["n"] for c in s["counts"]}
    rows = "".join(f"<tr><th>{esc(c)}</th>" + "".join(f"<td>{table.get((c, v), 0)}</td>" for v in verdicts) + "</tr>"
                   for c in cats)
    ev = "".join(f"<tr><td>{esc(e['catalogue'])}</td><td>{esc(e['criterion'])}</td>"
                 f"<td>{esc(e['summary'].get('zh', ''))}<br>{esc(e['summary'].get('en', ''))}</td>"
                 f"<td>{len(e['loans'])}</td><td>{esc(', '.join(e['loans'][:20]))}</td></tr>"
                 for e in s["evidence"])
    err = "".join(f"<li>{esc(e['id'])}: {esc(e['error'])}</li>" for e in s["errors"])
    return f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>Eligibility screening</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:4px 8px;text-align:left}}</style>
<h1>Green-finance eligibility screening</h1><p>{s['records']} records, {len(s['errors'])} with errors.</p>
<h2>Verdicts per catalogue</h2><table><tr><th>catalogue</th>{''.join(f'<th>{v}</th>' for v in verdicts)}</tr>{rows}</table>
<h2>Evidence to collect (eligible-if)</h2>
<table><tr><th>catalogue</th><th>criterion</th><th>what to show</th><th>loans</th><th>ids</th></tr>{ev}</table>
<h2>Records with errors</h2><ul>{err or '<li>none</li>'}</ul></html>
"""
