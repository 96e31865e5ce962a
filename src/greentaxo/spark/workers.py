"""What runs on Spark's Python workers: the classifier and the graph, loaded once per worker process, and the
functions `mapInArrow` calls with a partition's Arrow batches.

Spark keeps a Python worker process alive across tasks (spark.python.worker.reuse, on by default), so a
module-level cache loads the model once per worker, not once per partition. Two ways to get it there
(docs/scale.md has the measured comparison):

- `broadcast` (the default for classifying): the driver builds the classifier's route index from its own
  graph and reads its own model file; both travel as one Spark broadcast (~1.8 MB) and each worker builds
  the classifier from them in ~0.5 s. Workers need greentaxo installed, not the driver's taxonomy files, and
  every worker classifies with exactly the driver's taxonomy and model versions.
- `local`: each worker loads the graph and the model from its own installation (~2.5 s), as the single
  process engine does. Screening always loads this way: the eligibility engine needs the whole graph.

Every record becomes exactly one output row; a record the library refuses becomes an error row, and an
unexpected exception in a batch is retried record by record so that only the record that causes it becomes an
error row ("internal error: ..."), never a failed task.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import greentaxo
from greentaxo.classify import load_classifier
from greentaxo.classify import model as model_file
from greentaxo.classify.classifier import Classifier, route_index
from greentaxo.classify.recordio import parse_json_line, renamed
from greentaxo.eligibility.portfolio import screen, screen_one
from greentaxo.errors import InputError
from greentaxo.spark import schema

_CACHE: dict[tuple, Any] = {}


def classifier(source: tuple) -> Any:
    """The classifier of this worker process for `source`: ("broadcast", broadcast, token) or ("local", model
    path, token); the driver's token (one per job) names the cache entry."""
    kind, ref, key = source
    clf = _CACHE.get(key)
    if clf is None:
        if kind == "broadcast":
            clf = _from_payload(ref.value)
        else:
            clf = load_classifier(model=ref)
        _CACHE[key] = clf
    return clf


def payload(model: str | None) -> tuple:
    """What the driver broadcasts: the route index of its graph and its model file's bytes."""
    path = model_file.default_path() if model is None else Path(model)
    if not path.is_file():
        raise InputError("no trained classifier model here; run `greentaxo train` or pass --model", source=str(path))
    return route_index(greentaxo.load()), path.read_bytes(), str(path)


def _from_payload(value: tuple) -> Any:
    routes, blob, name = value
    # Classifier.from_file reads a path: the bytes go to a private temporary file for the moment of loading
    fd, tmp = tempfile.mkstemp(suffix=".npz", prefix="greentaxo-model-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        return Classifier.from_file(routes, Path(tmp))
    finally:
        os.unlink(tmp)


def graph() -> Any:
    """The knowledge graph of this worker's installation (GREENTAXO_HOME), loaded once per process."""
    return greentaxo.load()


# ---- positions: the fallback id of a record that has none ------------------------------------------------
class Positions:
    """1-based position of each row in its input file, from the per-(file, partition) counts the driver gathered
    in a first pass (`inputs.offsets`): this partition's rows of a file start after the rows of that file in
    earlier partitions. Spark reads a file's splits into partitions in file order, so this is the line number
    (JSONL) or the record number (CSV, Parquet). Two counts: every row (line numbers), and only the rows that
    are records (a loan book numbers its records without blank lines)."""

    def __init__(self, offsets: dict, partition: int) -> None:
        self.offsets, self.partition = offsets, partition
        self.seen: dict[str | None, list[int]] = {}

    def next(self, file: str | None, record: bool = True) -> tuple[int, int]:
        """(line, record) numbers of the next row of `file`; a row that is no record (a blank line) takes no
        record number."""
        seen = self.seen.setdefault(file, [0, 0])
        seen[0] += 1
        seen[1] += record
        lines, records = self.offsets.get((file, self.partition), (0, 0))
        return lines + seen[0], records + seen[1]

    def first(self, file: str | None) -> bool:
        """Whether the next row of `file` is the first line of the file."""
        return self.offsets.get((file, self.partition), (0, 0))[0] == 0 and file not in self.seen


# ---- classify ------------------------------------------------------------------------------------------
def records_of(batch, positions: Positions | None, numbering: str,
               keys: dict[str, str] | None = None) -> list[tuple[str, object]]:
    """A batch of input rows as the (fallback id, record or InputError) pairs the classifier takes:
    with `numbering` "line", a `value` column holds raw JSONL lines, parsed exactly as the local engine parses
    them (blank lines skipped, counted in line numbers: line-N); otherwise the columns are the record's fields
    (nulls are absent fields), named row-N by record number, plus one for the header line of a CSV file ("csv"),
    as the local engine numbers CSV rows. `keys` renames a JSONL record's keys (--column)."""
    cols = batch.to_pydict()
    files = cols.pop("_file", None) or [None] * batch.num_rows
    corrupt = cols.pop("_corrupt_record", None)
    raw = cols.pop("value", None) if numbering == "line" else None
    out: list[tuple[str, object]] = []
    for i in range(batch.num_rows):
        n = (positions.next(files[i])[0] if positions is not None else i + 1) + (numbering == "csv")
        rid = f"line-{n}" if numbering == "line" else f"row-{n}"
        if raw is not None:
            line = raw[i]
            if line is None or not line.strip(" \t\r\n\x0b\x0c"):       # bytes.strip()'s whitespace
                continue
            try:
                rec = parse_json_line(line.encode("utf-8", "surrogatepass"), f"line {n}")
            except InputError as exc:
                out.append((rid, exc))
                continue
            out.append((rid, renamed(rec, keys) if keys and isinstance(rec, dict) else rec))
            continue
        if corrupt is not None and corrupt[i] is not None and _extra_cells(corrupt[i], len(cols)):
            out.append((rid, InputError(f"row {n}: more cells than the header has columns; quote fields with commas")))
            continue
        out.append((rid, {k: v[i] for k, v in cols.items() if v[i] is not None and v[i] != ""}))
    return out


def _extra_cells(line: str, columns: int) -> bool:
    """Spark marks a CSV row with more or with fewer cells than the header as corrupt; the local engine
    refuses only more (fewer are missing values)."""
    try:
        cells = next(csv.reader([line]), [])
    except csv.Error:
        return True
    return len(cells) > columns


def classify_partition(batches: Iterable, source: tuple, kw: dict, offsets: dict | None, numbering: str,
                       as_json: bool, tally=None, keys: dict[str, str] | None = None) -> Iterator:
    """mapInArrow: input batches in, output batches of the record contract out (or one JSON text per record)."""
    from pyspark import TaskContext  # noqa: PLC0415  (heavy: pyspark)

    clf = classifier(source)
    positions = Positions(offsets, TaskContext.get().partitionId()) if offsets is not None else None
    for batch in batches:
        records = records_of(batch, positions, numbering, keys)
        results = list(_guarded(lambda recs: clf.classify_records(recs, **kw), records))
        if tally:
            tally(results)
        yield schema.classify_batch(results, as_json)


def _guarded(run, records: list[tuple[str, object]]) -> Iterator[dict]:
    """`run` over all records; if it raises, over each record alone, an error row for the one that fails."""
    try:
        yield from list(run(records))
        return
    except Exception:  # noqa: BLE001 - a bug must not fail the job; it is reported on the record's row
        pass
    for rid, rec in records:
        try:
            yield from list(run([(rid, rec)]))
        except Exception as exc:  # noqa: BLE001
            yield {"id": _id_of(rid, rec), "error": f"internal error: {exc.__class__.__name__}: {exc}"}


def _id_of(rid: str, rec: object) -> str:
    return str(rec["id"]) if isinstance(rec, dict) and isinstance(rec.get("id"), str | int) and rec["id"] != "" else rid


# ---- portfolio screening --------------------------------------------------------------------------------
def loans_of(batch, positions: Positions | None, csv_header: bool,
             keys: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """A batch of loan rows as (record number, record), as the local portfolio reader gives them: each record
    with `_line`, its line in the file (for a CSV file, the record number plus the header line: the same unless a
    cell holds a line break); blank JSONL lines skipped; a line that is no JSON object, or a CSV row with more
    cells than the header, an error record."""
    cols = batch.to_pydict()
    files = cols.pop("_file", None) or [None] * batch.num_rows
    raw = cols.pop("value", None)
    corrupt = cols.pop("_corrupt_record", None)
    out: list[tuple[int, dict]] = []
    for i in range(batch.num_rows):
        if raw is None:
            n = positions.next(files[i])[0] if positions is not None else i + 1
            at = n + csv_header
            rec = {k: v[i] for k, v in cols.items() if v[i] is not None}
            if corrupt is not None and corrupt[i] is not None and _extra_cells(corrupt[i], len(cols)):
                rec = {"id": rec.get("id") or f"line-{at}", "_error": f"line {at}: more cells than the header has columns"}
            out.append((n, {**rec, "_line": at}))
            continue
        line = raw[i] or ""
        if positions is None or positions.first(files[i]):
            line = line.removeprefix("\ufeff")          # the local reader decodes the first line as utf-8-sig
        blank = not line.strip(" \t\r\n\x0b\x0c")       # bytes.strip()'s white space, as the local reader
        at, n = positions.next(files[i], not blank) if positions is not None else (i + 1, i + 1)
        if blank:
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            rec = {"id": f"line-{at}", "_error": f"line {at}: not JSON ({getattr(exc, 'msg', 'nested too deeply')})"}
        if not isinstance(rec, dict):
            rec = {"id": f"line-{at}", "_error": f"line {at}: expected a JSON object"}
        elif keys:
            rec = renamed(rec, keys)
        out.append((n, {**rec, "_line": at}))
    return out


def screen_partition(batches: Iterable, offsets: dict | None, as_json: bool, csv_header: bool = False,
                     tally=None, keys: dict[str, str] | None = None) -> Iterator:
    """mapInArrow: loan rows in, screening results out (the local engine's CSV rows, or one JSON text per loan)."""
    from pyspark import TaskContext  # noqa: PLC0415  (heavy: pyspark)

    kg = graph()
    positions = Positions(offsets, TaskContext.get().partitionId()) if offsets is not None else None
    for batch in batches:
        results = list(_screened(kg, loans_of(batch, positions, csv_header, keys)))
        if tally:
            tally(results)
        yield schema.screen_batch(results, as_json)


def _screened(kg, loans: list[tuple[int, dict]]) -> Iterator[dict]:
    """Screen runs of consecutively numbered loans with the local engine (which numbers a run from `start`);
    on an unexpected exception, loan by loan, as in _guarded."""
    runs: list[list[tuple[int, dict]]] = []
    for n, rec in loans:
        if runs and runs[-1][-1][0] + 1 == n:
            runs[-1].append((n, rec))
        else:
            runs.append([(n, rec)])
    for run in runs:
        try:
            yield from list(screen(kg, [rec for _, rec in run], start=run[0][0]))
            continue
        except Exception:  # noqa: BLE001 - a bug must not fail the job
            pass
        for n, rec in run:
            try:
                yield screen_one(kg, rec, n)
            except Exception as exc:  # noqa: BLE001
                yield {"id": str(rec.get("id") or f"row-{n}"), "error": f"internal error: {exc.__class__.__name__}: {exc}"}
