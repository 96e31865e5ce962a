"""The screening report a credit committee can file: per-loan table, amount-weighted summary, provenance.

Results stream in (`Report.add`); each loan is reduced to one compact line kept in a temporary spool file,
and the summary is accumulated on the way, so memory stays flat for any size of book. `finish` writes the
CSV (one line per loan and catalogue), the XLSX (Summary, Loans, Evidence, Errors, Provenance sheets) and
the HTML (Jinja2, autoescaped, with a CJK font stack). Text cells that a spreadsheet would run as a
formula (starting with = + - @, tab or carriage return) are written with a leading apostrophe.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import orjson

from greentaxo.eligibility import report_files
from greentaxo.eligibility.catalogues import CATALOGUES
from greentaxo.eligibility.report_files import EU_STATUS, VERDICTS
from greentaxo.eligibility.resolve import model_version
from greentaxo.security.cells import safe_record

CSV_COLUMNS = ["id", "amount", "catalogue", "edition", "verdict", "items", "criteria", "missing_evidence", "route",
               "route_confidence", "reason", "error"]
MAX_IDS = 20                 # loan ids listed per evidence line (the count is always complete)
MAX_ERRORS = 1000


def loan_line(result: dict) -> dict:
    """One loan, reduced to what the tables show."""
    line = {"id": result["id"], "amounts": result.get("amounts") or {}}
    if "error" in result:
        return {**line, "error": result["error"]}
    inp = result.get("input") or {}
    line["input"] = inp.get("route") or inp.get("code") or inp.get("text") or ""
    routes = result.get("routes") or []
    line["route"] = "; ".join(f"{r['id'].rsplit('/', 1)[-1]} {r['label'].get('zh', '')}" for r in routes[:3]) + \
        (f" (+{len(routes) - 3})" if len(routes) > 3 else "")
    line["facts"] = "; ".join(f"{f['metric']}={f['value']:g} {f['unit']}".replace(" dimensionless", "")
                              + (" (text)" if f.get("source") == "text" else "") for f in result.get("facts") or [])
    line["warnings"] = result.get("warnings") or []
    per = {}
    for v in result["verdicts"]:
        items = list(dict.fromkeys(f"{i['code']} {i['name']}" for i in v["items"]
                                   if i.get("verdict") not in ("not-applicable",)))
        crit = list(dict.fromkeys(f"{_MARK.get(c['result'], '?')} {c['id']}" for c in v["criteria"]))
        support = v.get("route_support")
        per[v["catalogue"]] = {
            "edition": v["edition"], "verdict": v["verdict"], "items": items, "criteria": crit,
            "missing": list(dict.fromkeys(v["to_evidence"])), "reason": v["reason"],
            "confidence": support["score"] if support else None,
            "status": _eu_status(v) if v["catalogue"] == "eutaxonomy" else None,
            "evidence": {c["id"]: c["summary"] for c in v["criteria"] if c["id"] in v["to_evidence"]},
        }
    line["catalogues"] = per
    return line


_MARK = {"pass": "✔", "fail": "✘", "not-evidenced": "…", "noted": "·"}


def _eu_status(v: dict) -> str:
    """The EU's own words: aligned (meets every criterion), eligible (a listed activity), or neither."""
    if v["verdict"] == "eligible":
        return "aligned"
    if v["verdict"] == "eligible-if" or (v["verdict"] == "not-eligible" and any(
            i.get("verdict") == "not-eligible" for i in v["items"])):
        return "eligible, not aligned"
    if v["verdict"] == "not-eligible":
        return "not eligible"
    return "not assessed"


class Report:
    def __init__(self, provenance: dict) -> None:
        self.provenance = provenance
        self.records = 0
        self.errors: list[dict] = []
        self.n_errors = 0
        self.counts: Counter = Counter()
        self.sums: dict[str, Counter] = defaultdict(Counter)      # amount kind -> (catalogue, verdict) -> sum
        self.eu: dict[str, Counter] = defaultdict(Counter)        # amount kind -> EU status -> sum
        self.totals: Counter = Counter()
        self.evidence: dict[tuple[str, str], dict] = {}
        self._spool = tempfile.TemporaryFile("w+b")

    def add(self, result: dict) -> None:
        line = loan_line(result)
        self.records += 1
        self._spool.write(orjson.dumps(line) + b"\n")
        if "error" in line:
            self.n_errors += 1
            if len(self.errors) < MAX_ERRORS:
                self.errors.append({"id": line["id"], "error": line["error"]})
            return
        money = line["amounts"]
        for kind, x in money.items():
            self.totals[kind] += x
        for cid, v in line["catalogues"].items():
            self.counts[(cid, v["verdict"])] += 1
            for kind, x in money.items():
                self.sums[kind][(cid, v["verdict"])] += x
                if v["status"]:
                    self.eu[kind][v["status"]] += x
            if v["verdict"] in ("eligible-if",):
                for crit, summary in v["evidence"].items():
                    e = self.evidence.setdefault((cid, crit), {"catalogue": cid, "criterion": crit, "summary": summary,
                                                               "n": 0, "loans": []})
                    e["n"] += 1
                    if len(e["loans"]) < MAX_IDS:
                        e["loans"].append(line["id"])

    def lines(self) -> Iterator[dict]:
        self._spool.flush()
        self._spool.seek(0)
        for raw in self._spool:
            yield orjson.loads(raw)

    def summary(self) -> dict:
        cats = sorted({c for c, _ in self.counts}, key=lambda c: _ORDER.get(c, 9))
        rows = []
        for c in cats:
            row = {"catalogue": c, "counts": {v: self.counts.get((c, v), 0) for v in VERDICTS}, "shares": {}}
            for kind, total in self.totals.items():
                if total > 0:
                    row["shares"][kind] = {v: self.sums[kind].get((c, v), 0.0) / total for v in VERDICTS}
            rows.append(row)
        eu = {kind: {s: self.eu[kind].get(s, 0.0) / total for s in EU_STATUS}
              for kind, total in self.totals.items() if total > 0 and kind in ("turnover", "capex", "amount")}
        return {"records": self.records, "errors": self.n_errors, "catalogues": rows, "totals": dict(self.totals),
                "eu_alignment": eu, "provenance": self.provenance,
                "evidence": sorted(self.evidence.values(), key=lambda e: (-e["n"], e["catalogue"], e["criterion"]))}

    def finish(self, stem: Path) -> list[Path]:
        """Write the .csv, .xlsx and .html beside `stem` (its suffix replaced); returns the paths written."""
        s = self.summary()
        paths = [stem.with_suffix(".csv"), stem.with_suffix(".xlsx"), stem.with_suffix(".html")]
        with atomic(paths[0]) as tmp:
            write_csv(self.lines(), tmp)
        with atomic(paths[1]) as tmp:
            report_files.write_xlsx(s, self.lines(), self.errors, tmp)
        with atomic(paths[2]) as tmp:
            report_files.write_html(s, self.lines(), self.errors, tmp)
        self._spool.close()
        return paths


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """Write to a temporary file beside `path` and move it into place: a failed run leaves no half report."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


_ORDER = {"gfspc2025": 0, "gigc2019": 1, "eutaxonomy": 2}


def provenance(kg, command: list[str], source: Path | None) -> dict:
    """Who, when, on what: enough for a credit file to say which answer it rests on."""
    out = {"date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
           "taxonomy_release": kg.version or "unreleased",
           "model_version": model_version(kg) or "none (label search)",
           "catalogue_editions": {c: f"{cls.edition} -- {cls.title}" for c, cls in CATALOGUES.items()},
           "command": " ".join(command)}
    if source is not None:
        out["input"] = source.name
        out["input_sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
    return out


def money(x: float | None) -> str:
    return "" if x is None else (f"{x:.0f}" if float(x).is_integer() else f"{x:.2f}")


def csv_rows(line: dict) -> list[dict]:
    amount = money(line["amounts"].get("amount"))
    if "error" in line:
        return [{"id": line["id"], "amount": amount, "error": line["error"]}]
    return [{"id": line["id"], "amount": amount, "catalogue": cid, "edition": v["edition"], "verdict": v["verdict"],
             "items": "; ".join(v["items"]), "criteria": "; ".join(v["criteria"]),
             "missing_evidence": "; ".join(v["missing"]), "route": line["route"],
             "route_confidence": "" if v["confidence"] is None else v["confidence"], "reason": v["reason"], "error": ""}
            for cid, v in line["catalogues"].items()]


def write_csv(lines: Iterator[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for line in lines:
            for row in csv_rows(line):
                w.writerow(safe_record(row))
