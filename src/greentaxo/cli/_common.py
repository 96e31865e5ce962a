"""Small helpers shared by the command modules (kept free of heavy imports)."""
from __future__ import annotations

import json
import sys
from enum import StrEnum

from greentaxo import load
from greentaxo.errors import InputError


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"


def emit_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def kg():
    return load()


def run_spark(job: str, src, dst, in_format: str | None, out_format: str | None, master: str | None, **kw) -> None:
    """`--engine spark` of classify and eligibility: a file or folder in, a folder of part files out
    (greentaxo.spark); one summary line on stderr, exit 1 when some records are error rows (as the local engine)."""
    if src is None or dst is None:
        raise InputError("--engine spark needs --input (a file or folder) and --output (a new folder)")
    if str(src) == "-":
        raise InputError("--engine spark reads files, not stdin; give --input PATH")
    from greentaxo.spark import jobs  # noqa: PLC0415  (start-up: the engine's modules load for --engine spark only)

    run = jobs.classify_files if job == "classify" else jobs.screen_files
    res = run(str(src), str(dst), in_format=in_format, out_format=out_format or "parquet", master=master, **kw)
    done = "classified" if job == "classify" else "screened"
    print(f"{done} {res['records']} records ({res['errors']} with errors) with Spark in {res['seconds']:.1f} s "
          f"({res['partitions']} input partitions) -> {res['output']}", file=sys.stderr)
    if res["errors"]:
        raise SystemExit(1)
