"""The record contracts as Spark schemas, and output dicts to Arrow batches.

Classification, Parquet: one row per record with the local engine's fields as typed columns (routes an array
of structs, codes a map from scheme to codes); an error row has `id` and `error` and nulls elsewhere, so
Spark's JSON writer (which drops nulls) prints it as the local engine does: {"id": ..., "error": ...}.
JSONL (and screening in JSONL): one text column holding the local engine's line, byte for byte.
Screening, Parquet: the local engine's CSV rows (one per loan and catalogue, formula-escaped as there) as
string columns.
"""
from __future__ import annotations

import json
from functools import cache

import orjson

from greentaxo.eligibility.report import CSV_COLUMNS, csv_rows, loan_line
from greentaxo.security.cells import safe_record


def _types():
    from pyspark.sql import types as T  # noqa: PLC0415  (heavy: pyspark)

    return T


@cache
def classify_type():
    """The classification contract as a Spark StructType (built in Python: workers have no JVM to parse DDL)."""
    T = _types()
    s = T.StringType()
    evidence = T.StructType([T.StructField("start", T.IntegerType()), T.StructField("end", T.IntegerType()),
                             T.StructField("text", s), T.StructField("matched", s)])
    route = T.StructType([T.StructField("id", s), T.StructField("notation", s),
                          T.StructField("label", T.StructType([T.StructField("zh", s), T.StructField("en", s)])),
                          T.StructField("score", T.DoubleType()), T.StructField("evidence", T.ArrayType(evidence))])
    return T.StructType([T.StructField("id", s), T.StructField("green", T.BooleanType()),
                         T.StructField("routes", T.ArrayType(route)),
                         T.StructField("codes", T.MapType(s, T.ArrayType(s))),
                         T.StructField("taxonomy_version", s), T.StructField("model_version", s),
                         T.StructField("p_green", T.DoubleType()),
                         T.StructField("reason", T.StructType([T.StructField("code", s), T.StructField("text", s)])),
                         T.StructField("candidates", T.ArrayType(route)),    # only with explain
                         T.StructField("error", s)])


@cache
def text_type():
    T = _types()
    return T.StructType([T.StructField("value", T.StringType())])


@cache
def screen_type():
    T = _types()
    return T.StructType([T.StructField(c, T.StringType()) for c in CSV_COLUMNS])


@cache
def _arrow(kind: str):
    """The Arrow schema Spark expects back from mapInArrow (derived by pyspark, so it always agrees)."""
    from pyspark.sql.pandas.types import to_arrow_schema  # noqa: PLC0415  (heavy: pyspark)

    return to_arrow_schema({"classify": classify_type, "text": text_type, "screen": screen_type}[kind]())


def _text_batch(lines: list[bytes]):
    import pyarrow as pa  # noqa: PLC0415  (heavy: pyarrow, of the spark extra)

    return pa.RecordBatch.from_arrays([pa.array([b.decode("utf-8") for b in lines], pa.string())],
                                      schema=_arrow("text"))


def classify_batch(results: list[dict], as_json: bool):
    """Classifier outputs as one Arrow batch of the contract (or of JSON texts)."""
    import pyarrow as pa  # noqa: PLC0415  (heavy: pyarrow, of the spark extra)

    if as_json:
        return _text_batch([orjson.dumps(r) for r in results])
    rows = []
    for r in results:
        if "error" in r:
            rows.append({"id": r["id"], "error": r["error"]})
        else:
            rows.append({**r, "codes": list(r["codes"].items())})     # a map column takes (key, value) pairs
    return pa.RecordBatch.from_pylist(rows, schema=_arrow("classify"))


def screen_batch(results: list[dict], as_json: bool):
    """Screening results as one Arrow batch of the CSV report's rows (or of the JSONL lines the local engine
    writes)."""
    import pyarrow as pa  # noqa: PLC0415  (heavy: pyarrow, of the spark extra)

    if as_json:
        return _text_batch([json.dumps(r, ensure_ascii=False).encode("utf-8") for r in results])
    rows = [safe_record(row) for r in results for row in csv_rows(loan_line(r))]      # as the CSV report
    return pa.RecordBatch.from_pylist([{c: _cell(row.get(c)) for c in CSV_COLUMNS} for row in rows],
                                      schema=_arrow("screen"))


def _cell(value) -> str | None:
    return None if value is None else str(value)


def from_row(row: dict) -> dict:
    """A classification row read back (Row.asDict(recursive=True) or pyarrow's to_pylist) as the local engine's
    dict: absent fields dropped, the codes map as a dict. For tests and for users comparing engines."""
    if row.get("error") is not None:
        return {"id": row["id"], "error": row["error"]}
    out = {k: v for k, v in row.items() if k != "error" and not (k == "candidates" and v is None)}
    codes = out.get("codes")
    out["codes"] = dict(codes) if not isinstance(codes, dict) else codes
    return out
