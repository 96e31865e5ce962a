"""Batch classification and portfolio screening on Apache Spark: the `spark` extra (pip install 'greentaxo[spark]').

    from greentaxo.spark import classify_dataframe, screen_dataframe, session
    results = classify_dataframe(spark.read.parquet("patents/"))       # a DataFrame, lazily

`greentaxo classify --engine spark --input PATH --output DIR` and `greentaxo eligibility --engine spark ...` run
`classify_files` / `screen_files`. Nothing here imports pyspark until a function is called (its imports are
inside the functions); the core install never needs it. Modules: jobs (driver), inputs (reading and
numbering), workers (what runs on executors), schema (the record contracts as Spark types). Design and
measurements: docs/scale.md.
"""
from __future__ import annotations

from greentaxo.spark.jobs import classify_dataframe, classify_files, screen_dataframe, screen_files, session

__all__ = ["classify_dataframe", "classify_files", "screen_dataframe", "screen_files", "session"]
