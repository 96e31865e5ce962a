"""Input files (a file or a folder of JSONL, CSV or Parquet) as Spark DataFrames, and the first pass that numbers
their rows.

JSONL is read as text, one row per line (`lineSep` "\\n", as the local engine splits), and parsed on the
workers by the local engine's own parser, so a bad line is an error row there too. CSV is read by Spark's
parser with `multiLine` (quoted abstracts hold line breaks; a CSV file is then read by one task, so give large
inputs as JSONL or Parquet), every cell a string, the header of the first file naming the columns of all.
Parquet columns are the record's fields with their types.

`columns` ({name in the file: field}, `recordio.parse_columns`) renames CSV and Parquet columns here, on the driver,
so that a file's missing column is refused before any work; JSONL keys are renamed by the workers as they parse.
`encoding` (any ASCII-compatible codec, `recordio.check_encoding`) is Spark's CSV `encoding` option; JSON Lines are
UTF-8 by definition and Parquet has no text encoding, so another encoding is refused for them.

A record without an id is named by its position, as the local engine names it (line-N, row-N). Spark knows no
line numbers, so `offsets` counts the rows of each file in each partition in a pass of the JVM alone (no
Python), and the workers add their own count (workers.Positions).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.classify.recordio import check_encoding, renamed_header
from greentaxo.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}


def guess_format(path: str, given: str | None) -> str:
    """The input format: given, or from the file's suffix, or from the suffixes of a local folder's files."""
    if given:
        if given not in FORMATS:
            raise InputError(f"--input-format {given!r}: choose jsonl, csv or parquet")
        return given
    local = Path(path)
    if "://" not in path and not local.exists():
        raise InputError("input file or folder not found", source=path)
    if local.is_dir():
        kinds = {_SUFFIXES.get(f.suffix.lower()) for f in local.rglob("*")
                 if f.is_file() and not f.name.startswith(("_", "."))}
        kinds.discard(None)
        if len(kinds) == 1:
            return kinds.pop()
        found = ", ".join(sorted(k for k in kinds if k)) or "no .jsonl, .csv or .parquet files"
        raise InputError(f"cannot tell the input format of the folder ({found}); give --input-format", source=path)
    fmt = _SUFFIXES.get(local.suffix.lower())
    if fmt is None:
        raise InputError("cannot tell the format from the suffix; use .jsonl, .csv or .parquet, or give --input-format",
                         source=path)
    return fmt


def text_encoding(fmt: str, encoding: str, path: str) -> str:
    """The codec to read `fmt` in: `encoding` for CSV; JSON Lines are UTF-8 text by definition and Parquet holds
    typed columns, so another encoding is refused for them (before Spark starts)."""
    codec = check_encoding(encoding)
    if codec != "utf-8" and fmt != "csv":
        kind = "JSON Lines are UTF-8 text" if fmt == "jsonl" else "Parquet holds typed columns, not text"
        raise InputError(f"--encoding {encoding}: only a CSV file has an encoding to choose ({kind})", source=path)
    return codec


def read(spark: SparkSession, path: str, fmt: str, needs: tuple[str, ...], codec: str = "utf-8",
         columns: dict[str, str] | None = None) -> DataFrame:
    """The input as a DataFrame with a `_file` column; `needs`: column names of which the input must have at least
    one (checked for CSV and Parquet, after renaming by `columns`; JSONL records are checked one by one); `codec`:
    a CSV file's (`text_encoding`)."""
    from pyspark.sql import functions as F  # noqa: PLC0415  (heavy: pyspark)
    from pyspark.sql.utils import AnalysisException  # noqa: PLC0415  (heavy: pyspark)

    columns = columns or {}
    try:
        if fmt == "jsonl":
            df = spark.read.option("lineSep", "\n").text(path)
        elif fmt == "csv":
            df = _csv(spark, path, needs, codec, columns)
        else:
            df = spark.read.parquet(path)
            names = renamed_header(df.columns, columns, "input", path)
            _check_columns(names, needs, path)
            df = df.toDF(*names)
    except AnalysisException as exc:      # a path that does not exist, a file that is not Parquet, ...
        raise InputError(f"Spark cannot read it as {fmt}: {str(exc).splitlines()[0][:300]}", source=path) from None
    return df.select("*", F.col("_metadata.file_path").alias("_file"))


def _csv(spark: SparkSession, path: str, needs: tuple[str, ...], codec: str = "utf-8",
         columns: dict[str, str] | None = None) -> DataFrame:
    from pyspark.sql.types import StringType, StructField, StructType  # noqa: PLC0415  (heavy: pyspark)

    opts = {"header": True, "multiLine": True, "encoding": codec, "mode": "PERMISSIVE"}
    header = [c.removeprefix("\ufeff") for c in spark.read.options(**opts).csv(path).columns]   # spreadsheets' BOM
    names = renamed_header(header, columns or {}, "input", path)
    _check_columns(names, needs, path)
    # a corrupt-record column catches rows with more (or fewer) cells than the header; workers.records_of
    # turns the ones with more into error rows, as the local reader does. Spark applies a given schema to the
    # columns by position (enforceSchema), so the schema's names are the renamed ones
    schema = StructType([StructField(c, StringType()) for c in names] + [StructField("_corrupt_record", StringType())])
    return spark.read.options(**opts, columnNameOfCorruptRecord="_corrupt_record").schema(schema).csv(path)


def _check_columns(columns: list[str], needs: tuple[str, ...], path: str) -> None:
    if needs and not set(needs) & set(columns):
        raise InputError(f"the input has no {' or '.join(needs)} column (found: {', '.join(columns) or 'nothing'})",
                         source=path)


def offsets(df: DataFrame, nonblank: bool = False) -> dict[tuple[str | None, int], tuple[int, int]]:
    """For each (file, partition): how many rows of that file the earlier partitions hold, and how many of those
    are lines with something other than white space (`nonblank`; else the same number). One pass, in the JVM."""
    from pyspark.sql import functions as F  # noqa: PLC0415  (heavy: pyspark)

    file = F.col("_file") if "_file" in df.columns else F.lit(None).cast("string")
    # Java's \S is "not [ \t\n\x0B\f\r]": exactly what bytes.strip() keeps, as the local readers test lines
    counted = F.when(F.col("value").rlike(r"\S"), 1).otherwise(0) if nonblank else F.lit(1)
    rows = (df.select(file.alias("file"), F.spark_partition_id().alias("partition"), counted.alias("n"))
              .groupBy("file", "partition").agg(F.count(F.lit(1)).alias("rows"), F.sum("n").alias("n")).collect())
    out: dict[tuple[str | None, int], tuple[int, int]] = {}
    before: dict[str | None, tuple[int, int]] = {}
    for r in sorted(rows, key=lambda r: (r["file"] or "", r["partition"])):
        lines, kept = before.get(r["file"], (0, 0))
        out[(r["file"], r["partition"])] = (lines, kept)
        before[r["file"]] = (lines + int(r["rows"]), kept + int(r["n"]))
    return out
