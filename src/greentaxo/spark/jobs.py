"""Driver side: the Spark session, the library functions over DataFrames, and the file-to-folder jobs the CLI runs.

`classify_dataframe(df)` and `screen_dataframe(df)` take a DataFrame of records (columns id, title, abstract,
keywords, ipc, lang / id, route, code, description, facts, as_of, activity, evidence) and return one of results,
lazily, like any Spark transformation. `classify_files` and `screen_files` read a file or folder, run the
same functions and write a folder of part files.
"""
from __future__ import annotations

import os
import sys
import time
import uuid
from typing import TYPE_CHECKING

from greentaxo import settings
from greentaxo.errors import InputError
from greentaxo.spark import inputs, schema, workers

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LOADS = ("broadcast", "local")
OUTPUTS = ("parquet", "jsonl")


def session(master: str | None = None, app: str = "greentaxo") -> SparkSession:
    """The active session, or a new one: `master` if given, else spark-submit's, else local[*]. In local mode
    the Python workers run this interpreter (so they import this greentaxo)."""
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415  (heavy: pyspark)
    except ImportError:
        raise InputError("--engine spark needs pyspark: pip install 'greentaxo[spark]' (and a Java 17+ runtime)") from None
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif not settings.under_spark_submit():       # spark-submit names the master
        builder = builder.master("local[*]")
    if (master or "local").startswith("local"):
        # one machine: workers run this interpreter; the driver listens on loopback only, and no web UI is
        # opened on every interface (a cluster's master and UI are the cluster's business)
        settings.spark_python(sys.executable)       # pyspark reads it when the context starts
        builder = (builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.ui.enabled", "false"))
    builder = builder.config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - no Java, a bad master URL: one line for the user
        raise InputError(f"cannot start Spark ({exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}); "
                         "is a Java 17+ runtime installed (java -version)?") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def classify_dataframe(df: DataFrame, *, top_k: int = 5, threshold: float | None = None, include_ancestors: bool = False,
                       explain: bool = False, model: str | None = None, load: str = "broadcast", output: str = "parquet",
                       counters: tuple | None = None) -> DataFrame:
    """Records in, one row per record out, in the same order within each partition: the record contract as
    columns (`output="parquet"`) or one column `value` holding the local engine's JSONL line (`"jsonl"`).
    A record without an id is named row-N by its position (one extra pass over `df`: cache it if it is costly
    to compute). `load`: "broadcast" (the driver's taxonomy and model, sent to every worker) or "local" (each
    worker loads its own installation's)."""
    return _classify(df, "row", top_k=top_k, threshold=threshold, include_ancestors=include_ancestors,
                     explain=explain, model=model,
                     load=load, output=output, counters=counters)


def _classify(df: DataFrame, numbering: str, *, top_k: int = 5, threshold: float | None = None,
              include_ancestors: bool = False, explain: bool = False, model: str | None = None, load: str = "broadcast",
              output: str = "parquet", counters: tuple | None = None, keys: dict[str, str] | None = None) -> DataFrame:
    if load not in LOADS:
        raise InputError(f"load {load!r}: choose {' or '.join(LOADS)}")
    if output not in OUTPUTS:
        raise InputError(f"output {output!r}: choose {' or '.join(OUTPUTS)}")
    if not 1 <= top_k <= 50:
        raise InputError("top_k must be between 1 and 50")
    sc = df.sparkSession.sparkContext
    token = ("broadcast", uuid.uuid4().hex) if load == "broadcast" else ("local", model)
    source = ("broadcast", sc.broadcast(workers.payload(model)), token) if load == "broadcast" else ("local", model, token)
    offsets = sc.broadcast(inputs.offsets(df))
    kw = {"top_k": top_k, "threshold": threshold, "include_ancestors": include_ancestors, "explain": explain}
    as_json = output == "jsonl"

    def run(batches):
        return workers.classify_partition(batches, source, kw, offsets.value, numbering, as_json, _tally(counters), keys)

    return df.mapInArrow(run, schema.text_type() if as_json else schema.classify_type())


def screen_dataframe(df: DataFrame, *, output: str = "parquet", counters: tuple | None = None,
                     _source: str = "table", _keys: dict[str, str] | None = None) -> DataFrame:
    """Loans in, screening results out: the local engine's CSV rows (one per loan and catalogue) as string
    columns, or (`output="jsonl"`) one column `value` holding the local engine's JSONL line per loan. Each
    worker loads the graph of its own installation. A loan without an id is named row-N by its position."""
    if output not in OUTPUTS:
        raise InputError(f"output {output!r}: choose {' or '.join(OUTPUTS)}")
    offsets = df.sparkSession.sparkContext.broadcast(inputs.offsets(df, nonblank=_source == "jsonl"))
    as_json = output == "jsonl"

    def run(batches):
        return workers.screen_partition(batches, offsets.value, as_json, _source == "csv", _tally(counters), _keys)

    return df.mapInArrow(run, schema.text_type() if as_json else schema.screen_type())


def _tally(counters: tuple | None):
    """A function adding a batch's records and error records to the (records, errors) accumulators."""
    if counters is None:
        return None
    records, errors = counters

    def tally(results: list[dict]) -> None:
        records.add(len(results))
        errors.add(sum(1 for r in results if "error" in r))
    return tally


def classify_files(src: str, dst: str, *, in_format: str | None = None, out_format: str = "parquet",
                   master: str | None = None, model: str | None = None, load: str = "broadcast",
                   encoding: str = "utf-8", columns: dict[str, str] | None = None, **kw) -> dict:
    """Read `src` (file or folder), classify, write the folder `dst`; returns counts and timings. `encoding`: a
    CSV input's text encoding; `columns`: {the file's column or key: record field} (`recordio.parse_columns`)."""
    fmt = inputs.guess_format(src, in_format)
    codec = inputs.text_encoding(fmt, encoding, src)        # refused before Spark starts
    numbering = {"jsonl": "line", "csv": "csv"}.get(fmt, "row")
    keys = columns if fmt == "jsonl" else None          # CSV and Parquet columns are renamed as they are read
    return _run(src, dst, fmt, out_format, master, ("title", "abstract", "keywords"),
                lambda df, counters: _classify(df, numbering, model=model, load=load, output=out_format,
                                               counters=counters, keys=keys, **kw), codec, columns)


def screen_files(src: str, dst: str, *, in_format: str | None = None, out_format: str = "parquet",
                 master: str | None = None, encoding: str = "utf-8", columns: dict[str, str] | None = None) -> dict:
    """Read a loan book (file or folder), screen it, write the folder `dst`; `encoding` and `columns` as for
    `classify_files`, with the loan book's fields (`portfolio.FIELDS`)."""
    fmt = inputs.guess_format(src, in_format)
    codec = inputs.text_encoding(fmt, encoding, src)
    keys = columns if fmt == "jsonl" else None
    return _run(src, dst, fmt, out_format, master, ("id",) if fmt != "jsonl" else (),
                lambda df, counters: screen_dataframe(df, output=out_format, counters=counters, _source=fmt,
                                                      _keys=keys), codec, columns)


def _run(src: str, dst: str, fmt: str, out_format: str, master: str | None, needs: tuple[str, ...], job,
         codec: str = "utf-8", columns: dict[str, str] | None = None) -> dict:
    if out_format not in OUTPUTS:
        raise InputError(f"--format {out_format!r}: choose parquet or jsonl")
    if "://" not in dst and os.path.exists(dst):
        raise InputError("the output folder exists; remove it or name a new one (Spark writes a folder of part files)",
                         source=dst)
    t0 = time.perf_counter()
    spark = session(master)
    started = time.perf_counter() - t0
    sc = spark.sparkContext
    # at least 4 input partitions per core, so that no core waits for the last large partition
    spark.conf.set("spark.sql.files.minPartitionNum", str(sc.defaultParallelism * 4))
    # ...which a split of at least openCostInBytes (4 MB by default) defeats: 100,000 patent titles (12 MB) made
    # 3 partitions, run by two cores as 2 + 1. Unless the user chose it, a split is at least 256 kB (~2,000 records)
    if spark.conf.get("spark.sql.files.openCostInBytes") == "4194304b":       # Spark's default, as it reports it
        spark.conf.set("spark.sql.files.openCostInBytes", str(256 * 1024))
    counters = (sc.accumulator(0), sc.accumulator(0))
    if fmt == "csv" and codec != "utf-8":
        # Spark 4 reads CSV in its own short list of charsets (SPARK-48857), spelt its way, unless told to use the
        # JDK's, which know GB18030, GBK and Big5 (what Excel on Chinese Windows saves) and Python's spellings
        # (iso8859-1); of Spark's list only UTF-8 is both ASCII-compatible and spelt alike
        spark.conf.set("spark.sql.legacy.javaCharsets", "true")
    df = inputs.read(spark, src, fmt, needs, codec, columns)
    out = job(df, counters)
    writer = out.write.mode("errorifexists")
    if out_format == "jsonl":
        writer.text(dst)
    else:
        writer.parquet(dst)
    return {"records": counters[0].value, "errors": counters[1].value, "spark_start_s": round(started, 2),
            "seconds": round(time.perf_counter() - t0, 2), "partitions": df.rdd.getNumPartitions(), "output": dst}
