"""Impact of a taxonomy change on records a platform classified earlier: which would now classify differently.

Inputs, as a platform operator keeps them:
- the earlier results of `greentaxo classify --input X --output Y` (JSONL: id, green, routes[...],
  taxonomy_version, model_version) plus the input file X (JSONL or CSV: id, title, abstract, ...), joined
  by id; or
- one file whose records carry both the text fields and the earlier `routes` (and `green`), e.g. a
  labelled set or an export from the operator's own database.

The texts are classified again with the NEW graph through greentaxo.classify's public API, one batch at a
time, and each result is compared with the earlier one: top route, route set, green verdict, and whether
an earlier route is now deprecated (with its dct:isReplacedBy successor) or gone.

Memory stays flat: records stream through the classifier; at most one batch of earlier results waits for
its re-classification. `classify` writes its output in input order, so the two files are walked side by
side; only if they are not in the same order is an index of id -> byte offset of the earlier file built
(about 100 bytes a record). Only changed records are kept for the report.
"""
from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from greentaxo.classify.recordio import guess_format, parse_json_line, read_records
from greentaxo.errors import InputError
from greentaxo.namespaces import GTR, compact

MAX_ERRORS_KEPT = 1000      # the count is exact; the listed error lines stop here
MD_ROWS = 200
EARLIER_ERROR = "earlier-error"     # what a lookup gives when the earlier run reported an error for the id


@dataclass
class Earlier:
    id: str
    routes: list[str]                 # route IRIs, best first
    green: bool
    model_version: str | None = None
    taxonomy_version: str | None = None


def _route_iri(x: object) -> str:
    ref = x.get("id") if isinstance(x, dict) else x
    if not isinstance(ref, str) or not ref.strip():
        raise ValueError("a route must be an IRI, a CURIE (gtr:R0412) or an object with an id")
    ref = ref.strip()
    return ref if ref.startswith("http") else GTR + ref.removeprefix("gtr:")


def parse_earlier(rec: object, where: str) -> Earlier | None:
    """One earlier result; None when the earlier run itself reported an error for this record."""
    if not isinstance(rec, dict):
        raise InputError(f"{where}: expected a JSON object with id and routes")
    if "error" in rec and "routes" not in rec:
        return None
    rid = rec.get("id")
    if not isinstance(rid, str | int) or rid == "":
        raise InputError(f"{where}: field id is missing; the earlier results must carry the input ids")
    routes = rec.get("routes")
    if isinstance(routes, str):                       # CSV output of classify: "iri;iri"
        routes = [r for r in routes.split(";") if r.strip()]
    if not isinstance(routes, list):
        raise InputError(f"{where}: field routes is missing or not a list; give the earlier routes, best first")
    try:
        iris = [_route_iri(r) for r in routes]
    except ValueError as exc:
        raise InputError(f"{where}: field routes: {exc}") from None
    green = rec.get("green", bool(iris))
    if isinstance(green, str):
        green = green.strip().lower() in ("true", "1", "yes")
    return Earlier(str(rid), iris, bool(green), rec.get("model_version"), rec.get("taxonomy_version"))


class EarlierFile:
    """The earlier JSONL results, read in step with the inputs; an offset index only if the order differs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.f = open(path, "rb")
        self.line = 0
        self.index: dict[str, tuple[int, int]] | None = None      # id -> (byte offset, line number)
        self.errors: list[str] = []
        self.unmatched = 0

    def close(self) -> None:
        self.f.close()

    def _parse(self, raw: bytes, n: int) -> Earlier | None:
        where = f"{self.path.name}:{n}"
        return parse_earlier(parse_json_line(raw, where), where)

    def _next(self) -> tuple[int, bytes] | None:
        for raw in self.f:
            self.line += 1
            if raw.strip():
                return self.line, raw
        return None

    def take(self, rid: str) -> Earlier | str | None:
        """The earlier result for input id `rid`; EARLIER_ERROR when the earlier run failed on it; None if absent."""
        if self.index is None:
            nxt = self._next()
            if nxt is not None:
                try:
                    e = self._parse(nxt[1], nxt[0])
                except InputError:
                    e = False                              # unreadable: fall back to the index, which reports it
                if e is None and _id_of(nxt[1]) == rid:
                    return EARLIER_ERROR
                if e and e.id == rid:
                    return e
            self._build_index()
        hit = self.index.pop(rid, None)
        if hit is None:
            return None
        self.f.seek(hit[0])
        e = self._parse(self.f.readline(), hit[1])
        return EARLIER_ERROR if e is None else e

    def _build_index(self) -> None:
        """One pass over the whole file: ids and offsets only; bad lines are reported here, once."""
        self.index = {}
        self.f.seek(0)
        offset, n = 0, 0
        for raw in self.f:
            n += 1
            if raw.strip():
                rid = _id_of(raw)
                if rid is None:
                    try:
                        self._parse(raw, n)
                        self.errors.append(f"{self.path.name}:{n}: field id is missing")
                    except InputError as exc:
                        self.errors.append(str(exc))
                elif rid not in self.index:
                    self.index[rid] = (offset, n)
            offset += len(raw)

    def finish(self) -> None:
        """Count the earlier results no input asked for."""
        if self.index is not None:
            self.unmatched = len(self.index)
        else:
            while self._next() is not None:
                self.unmatched += 1


def _id_of(raw: bytes) -> str | None:
    try:
        rec = json.loads(raw)
    except ValueError:
        return None
    rid = rec.get("id") if isinstance(rec, dict) else None
    return str(rid) if isinstance(rid, str | int) and rid != "" else None


@dataclass
class Tally:
    """What the report counts; `changed` holds one row per changed record and nothing for the others."""
    inputs: int = 0
    compared: int = 0
    unchanged: int = 0
    top_changed: int = 0
    set_changed: int = 0
    green_changed: int = 0
    became_green: int = 0
    became_not_green: int = 0
    retired_routes: int = 0
    no_earlier: int = 0
    earlier_errors: int = 0
    earlier_unmatched: int = 0
    model_differs: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)
    lost: Counter = field(default_factory=Counter)       # route -> records that no longer get it
    gained: Counter = field(default_factory=Counter)
    changed: list[dict] = field(default_factory=list)

    def error(self, msg: str) -> None:
        self.errors += 1
        if len(self.error_lines) < MAX_ERRORS_KEPT:
            self.error_lines.append(msg)


def compare(before: Earlier, after: dict, tax) -> dict | None:
    """The diff row of one record, or None when it classifies as before."""
    new = [r["id"] for r in after.get("routes", [])]
    retired = []
    for iri in before.routes:
        c = tax.concepts.get(iri)
        if c is None:
            retired.append({"route": compact(iri), "status": "removed", "isReplacedBy": [], "successor": None})
        elif c.deprecated:
            note = tax.deprecation(iri) or {}
            retired.append({"route": compact(iri), "status": "deprecated",
                            "isReplacedBy": [compact(i) for i in c.replaced_by],
                            "successor": compact(note["successor"]) if note.get("successor") else None})
    top = (before.routes[:1] != new[:1])
    same_set = set(before.routes) == set(new)
    green = bool(after.get("green"))
    if not top and same_set and green == before.green and not retired:
        return None
    return {"id": before.id, "top_changed": top, "set_changed": not same_set, "green_changed": green != before.green,
            "before": {"green": before.green, "routes": [compact(r) for r in before.routes]},
            "after": {"green": green, "routes": [compact(r) for r in new]},
            "retired_routes": retired}


def reclassify(inputs: Iterator[tuple[str, object]], lookup: Callable[[str], Earlier | str | None], clf, tax,
               tally: Tally, classify_kw: dict | None = None, advance: Callable[[], None] = lambda: None,
               source: str = "input") -> Tally:
    """Stream (fallback id, record) pairs through the classifier and compare each with its earlier result.

    `lookup(id)` gives the earlier result (or None). A record that cannot be read becomes an error line and
    the run goes on; a record without an earlier result is counted, not classified.
    """
    waiting: deque[tuple[str, Earlier]] = deque()     # (line, earlier result) of the records in the current batch

    def feed() -> Iterator[tuple[str, object]]:
        for rid, rec in inputs:
            tally.inputs += 1
            advance()
            if isinstance(rec, InputError):
                tally.error(f"{source}: {rec}")
                try:
                    lookup(rid)        # classify wrote an error line under this id: step over it, stay in step
                except InputError:
                    pass
                continue
            key = rec.get("id") if isinstance(rec, dict) else None
            key = str(key) if isinstance(key, str | int) and key != "" else rid
            try:
                before = lookup(key)
            except InputError as exc:
                tally.error(str(exc))
                continue
            if before is None:
                tally.no_earlier += 1
                continue
            if before == EARLIER_ERROR:
                tally.earlier_errors += 1
                continue
            waiting.append((rid, before))
            yield rid, rec

    for out in clf.classify_records(feed(), **(classify_kw or {})):
        rid, before = waiting.popleft()
        if "error" in out:
            tally.error(f"{source}:{rid.split('-', 1)[-1]}: record {before.id}: {out['error']}")
            continue
        tally.compared += 1
        if before.model_version and before.model_version != out.get("model_version"):
            tally.model_differs += 1
        row = compare(before, out, tax)
        if row is None:
            tally.unchanged += 1
            continue
        tally.top_changed += row["top_changed"]
        tally.set_changed += row["set_changed"]
        if row["green_changed"]:
            tally.green_changed += 1
            tally.became_green += row["after"]["green"]
            tally.became_not_green += not row["after"]["green"]
        tally.retired_routes += bool(row["retired_routes"])
        b, a = set(row["before"]["routes"]), set(row["after"]["routes"])
        tally.lost.update(b - a)
        tally.gained.update(a - b)
        tally.changed.append(row)
    return tally


def records_impact(clf, tax, *, records: Path, inputs: Path | None = None, input_format: str | None = None,
                   classify_kw: dict | None = None, advance: Callable[[], None] = lambda: None) -> dict:
    """Re-classify the records' texts with `clf` (built over the NEW graph) and compare with the earlier results."""
    for p in (records, inputs):
        if p is not None and not p.is_file():
            raise InputError("file not found", source=str(p))
    tally = Tally()
    if inputs is None:
        # one file with both the texts and the earlier routes
        fmt = guess_format(records, input_format, option="--input-format")
        pending: dict[str, Earlier | str] = {}

        def split(stream: IO[bytes]) -> Iterator[tuple[str, object]]:
            for rid, rec in read_records(stream, fmt):
                if isinstance(rec, dict):
                    where = f"{'line' if fmt == 'jsonl' else 'row'} {rid.split('-', 1)[1]}"   # as recordio says it
                    try:
                        e = parse_earlier(rec, where)
                    except InputError as exc:
                        rec = exc
                    else:
                        if e is None:
                            e_id = rec.get("id")
                            pending[str(e_id) if isinstance(e_id, str | int) else rid] = EARLIER_ERROR
                        else:
                            pending[e.id] = e
                            rec = {**rec, "id": e.id}
                yield rid, rec

        with open(records, "rb") as f:
            reclassify(split(f), lambda rid: pending.pop(rid, None), clf, tax, tally, classify_kw, advance,
                       records.name)
    else:
        if records.suffix.lower() == ".csv":
            raise InputError("earlier results must be the JSONL output of greentaxo classify (or one file with "
                             "texts and routes, without --inputs)", source=str(records))
        earlier = EarlierFile(records)
        try:
            fmt = guess_format(inputs, input_format, option="--input-format")
            with open(inputs, "rb") as f:
                reclassify(read_records(f, fmt), earlier.take, clf, tax, tally, classify_kw, advance, inputs.name)
            earlier.finish()
        finally:
            earlier.close()
        tally.earlier_unmatched = earlier.unmatched
        for msg in earlier.errors:
            tally.error(msg)
    return to_dict(tally, clf, records, inputs)


def to_dict(t: Tally, clf, records: Path, inputs: Path | None) -> dict:
    return {
        "records": str(records), "inputs": str(inputs) if inputs else None,
        "model_version": clf.model_version, "taxonomy_version": clf.routes.taxonomy_version,
        "summary": {"inputs": t.inputs, "compared": t.compared, "unchanged": t.unchanged, "changed": len(t.changed),
                    "top_route_changed": t.top_changed, "route_set_changed": t.set_changed,
                    "green_changed": t.green_changed, "became_green": t.became_green,
                    "became_not_green": t.became_not_green, "with_retired_routes": t.retired_routes,
                    "no_earlier_result": t.no_earlier, "earlier_errors": t.earlier_errors,
                    "earlier_without_input": t.earlier_unmatched, "stored_with_other_model": t.model_differs,
                    "errors": t.errors},
        "routes_lost": dict(t.lost.most_common()), "routes_gained": dict(t.gained.most_common()),
        "changed": t.changed, "errors": t.error_lines,
    }


def to_markdown(res: dict) -> list[str]:
    s = res["summary"]
    lines = ["", "## Previously classified records", "",
             f"Re-classified with the new taxonomy (model {res['model_version']}, taxonomy "
             f"{res['taxonomy_version']}) and compared with {res['records']}.", "",
             "| records | count |", "| --- | ---: |"]
    labels = [("inputs", "input records read"), ("compared", "compared"), ("unchanged", "unchanged"),
              ("changed", "changed"), ("top_route_changed", "top route changed"),
              ("route_set_changed", "route set changed"), ("green_changed", "green verdict changed"),
              ("with_retired_routes", "had a route now deprecated or removed"),
              ("no_earlier_result", "no earlier result (not compared)"),
              ("earlier_errors", "earlier run gave an error (not compared)"),
              ("earlier_without_input", "earlier results with no input record"), ("errors", "bad lines / errors")]
    lines += [f"| {text} | {s[k]} |" for k, text in labels]
    if s["stored_with_other_model"]:
        lines += ["", f"Note: {s['stored_with_other_model']} earlier result(s) came from another model version; "
                      "part of their change may be the model's, not the taxonomy's."]
    if res["routes_lost"] or res["routes_gained"]:
        lines += ["", "Routes that lost or gained records:", ""]
        routes = sorted(set(res["routes_lost"]) | set(res["routes_gained"]),
                        key=lambda r: -(res["routes_lost"].get(r, 0) + res["routes_gained"].get(r, 0)))
        lines += [f"- {r}: −{res['routes_lost'].get(r, 0)} +{res['routes_gained'].get(r, 0)}" for r in routes[:50]]
    if res["changed"]:
        lines += ["", f"Changed records ({len(res['changed'])}):", ""]
        for row in res["changed"][:MD_ROWS]:
            b, a = row["before"], row["after"]
            what = [k.replace("_", " ") for k in ("top_changed", "set_changed", "green_changed") if row[k]]
            retired = "; ".join(f"{x['route']} {x['status']}" + (f" → {x['successor']}" if x["successor"] else "")
                                for x in row["retired_routes"])
            lines.append(f"- {row['id']}: {_routes(b)} → {_routes(a)} ({', '.join(what) or 'same routes'})"
                         + (f"; {retired}" if retired else ""))
        if len(res["changed"]) > MD_ROWS:
            lines.append(f"- … {len(res['changed']) - MD_ROWS} more in --format json")
    if res["errors"]:
        lines += ["", f"Errors ({res['summary']['errors']}):", ""]
        lines += [f"- {e}" for e in res["errors"][:20]]
        if res["summary"]["errors"] > 20:
            lines.append(f"- … {res['summary']['errors'] - 20} more in --format json")
    return lines


def _routes(side: dict) -> str:
    if not side["green"] and not side["routes"]:
        return "not green"
    return ", ".join(side["routes"]) or "none"
