"""`greentaxo classify`: one text (argument or stdin) or a JSONL/CSV file streamed to JSONL/CSV."""
from __future__ import annotations

import gc
import itertools
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import typer

from greentaxo.classify import load_classifier
from greentaxo.classify.parallel import classify_parallel
from greentaxo.classify.recordio import OUTPUT_FORMATS, Writer, check_encoding, guess_format, parse_columns, read_records
from greentaxo.cli._common import run_spark
from greentaxo.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command()
    def classify(
        text: str = typer.Argument(None, help="Text to classify (Chinese, English or mixed). Omit to read stdin."),
        input: Path = typer.Option(None, "--input", "-i", help="JSONL, CSV or .xlsx file of records (id, title, "
                                                               "abstract, keywords, ipc, lang); '-' for stdin."),
        output: Path = typer.Option(None, "--output", "-o", help="Write results here (default: stdout)."),
        in_format: str = typer.Option(None, "--input-format", help="jsonl, csv or xlsx (default: from the suffix)."),
        encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of a JSONL or CSV input, e.g. gb18030 "
                                                                  "for CSV saved by Excel on Chinese Windows."),
        column: list[str] = typer.Option(None, "--column", help="FIELD=COLUMN: the input column (or JSON key) holding a "
                                                                 "field, e.g. title=成果名称 (repeatable)."),
        out_format: str = typer.Option(None, "--format", help="jsonl or csv (default: from --output's suffix, else jsonl)."),
        ipc: list[str] = typer.Option(None, "--ipc", help="IPC symbol of the single text (repeatable)."),
        top_k: int = typer.Option(5, "--top-k", min=1, max=50, help="At most this many routes per record."),
        threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                        help="Minimum calibrated score (default: the model's green threshold)."),
        include_ancestors: bool = typer.Option(
            False, "--include-ancestors",
            help="List routes as ranked, groups included (by default a group is shown as its best leaf)."),
        explain: bool = typer.Option(False, "--explain", help="Add each record's best routes whatever the green "
                                                              "decision (`candidates`)."),
        workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes for --input."),
        model: Path = typer.Option(None, "--model", help="Trained model file (default: the bundled one)."),
        engine: str = typer.Option("local", "--engine", help="local (this process, or --workers processes) or spark "
                                                             "(a folder of Parquet or JSONL part files; docs/scale.md)."),
        master: str = typer.Option(None, "--master", help="Spark master for --engine spark (default: local[*], or "
                                                          "spark-submit's)."),
    ) -> None:
        """Place achievements in the route taxonomy, with scores, evidence and mapped codes."""
        kw = {"top_k": top_k, "threshold": threshold, "include_ancestors": include_ancestors, "explain": explain}
        if input is None:
            if text is None:
                if sys.stdin.isatty():
                    raise InputError("give a text, pipe one on stdin, or use --input FILE")
                raw = sys.stdin.buffer.read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError("stdin is not valid UTF-8 text") from None

            clf = load_classifier(model=str(model) if model else None)
            _warn_if_stale(clf)
            out = clf.classify({"id": "1", "title": text, "ipc": ipc or []}, **kw)
            json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return
        if text is not None:
            raise InputError("give either a text or --input, not both")
        if engine not in ("local", "spark"):
            raise InputError(f"--engine {engine!r}: choose local or spark")
        if engine == "spark":
            run_spark("classify", input, output, in_format, out_format, master, model=str(model) if model else None,
                      encoding=check_encoding(encoding), columns=parse_columns(column), **kw)
            return
        _bulk(input, output, in_format, out_format, workers, model, kw, encoding, column)


def _bulk(input: Path, output: Path | None, in_format: str | None, out_format: str | None, workers: int,
          model: Path | None, kw: dict, encoding: str = "utf-8", column: list[str] | None = None) -> None:
    stdin = str(input) == "-"
    fmt_in = guess_format(None if stdin else input, in_format, option="--input-format")
    fmt_out = guess_format(output, out_format, formats=OUTPUT_FORMATS)
    columns = parse_columns(column)     # the encoding is checked by read_records, before the output is opened
    if not stdin and not input.is_file():
        raise InputError("input file not found", source=str(input))
    total = None if stdin or fmt_in != "jsonl" else _count_lines(input)
    src = sys.stdin.buffer if stdin else open(input, "rb")
    dst = None
    n = errors = 0
    t0 = time.perf_counter()
    try:
        # the first record is read before the output is opened: a file whose header is wrong (no title column, a
        # --column it does not have) is refused without truncating an earlier output of the same name
        records = read_records(src, fmt_in, encoding, columns)
        first = next(records, None)
        records = itertools.chain([] if first is None else [first], records)
        if fmt_out == "jsonl":            # bytes straight from orjson, no decode and re-encode per record
            dst = open(output, "wb") if output else sys.stdout.buffer
        else:
            dst = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        if workers > 1:
            results = classify_parallel(records, workers, str(model) if model else None, kw)
        else:
            clf = load_classifier(model=str(model) if model else None)
            _warn_if_stale(clf)
            results = clf.classify_records(records, **kw)
        writer = Writer(dst, fmt_out)
        t0 = time.perf_counter()          # rate after loading (the single-process model loads above)
        with _progress(total) as advance, _collector_paused() as collect:
            for out in results:
                writer.write(out)
                n += 1
                errors += "error" in out
                advance()
                if not n % 100_000:
                    collect()
    finally:
        if not stdin:
            src.close()
        if output and dst is not None:
            dst.close()
    rate = n / max(time.perf_counter() - t0, 1e-9)
    print(f"classified {n} records ({errors} with errors) at {rate:,.0f} records/s", file=sys.stderr)
    if errors:
        raise SystemExit(1)


def _count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


@contextmanager
def _collector_paused():
    """Classifying allocates many short-lived containers per record (evidence, output objects) and makes
    no reference cycles, so reference counting frees everything and the cyclic collector's frequent passes
    over young objects only cost time: 12-20 % of a bulk run (docs/classifier.md; memory stayed at 137 MB
    over 100,000 records without it). It is paused for the run; the caller collects every 100,000 records
    in case something unexpected does make cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield gc.collect
    finally:
        if was:
            gc.enable()


class _progress:
    """A rich progress bar on a terminal; nothing at all when stderr is a pipe or a file."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda: None
        from rich.console import Console  # noqa: PLC0415  (heavy: rich)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415  (heavy: rich)

        # on stderr: stdout may be the results
        self.bar = Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            transient=True, console=Console(stderr=True))
        self.bar.start()
        task = self.bar.add_task("classify", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _warn_if_stale(clf) -> None:
    """One line on stderr when the model was built for another state of the taxonomy (docs/classifier.md)."""
    if clf.stale:
        print(f"greentaxo: warning: {clf.stale}", file=sys.stderr)
