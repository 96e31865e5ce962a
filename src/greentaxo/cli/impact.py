from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path

import typer

from greentaxo.classify import load_classifier
from greentaxo.editorial.diff import diff
from greentaxo.editorial.impact import impact as run
from greentaxo.editorial.impact import to_markdown
from greentaxo.editorial.impact_records import records_impact
from greentaxo.editorial.revisions import load_graph_at, snapshot
from greentaxo.errors import InputError


class ImpactFormat(StrEnum):
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def impact(
        change: list[str] = typer.Argument(...,
                                            help="A diff file (greentaxo diff --format json), or OLD NEW as for greentaxo diff."),
        fmt: ImpactFormat = typer.Option(ImpactFormat.markdown, "--format", help="markdown or json"),
        output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        repo: Path = typer.Option(None, "--repo", help="Git repository for revisions (default: the checkout)."),
        records: Path = typer.Option(None, "--records", help="Earlier results of `greentaxo classify` (JSONL), or one "
                                                             "file with texts and earlier routes: which would now "
                                                             "classify differently?"),
        inputs: Path = typer.Option(None, "--inputs", help="The texts of --records (JSONL, CSV or .xlsx: id, title, "
                                                           "abstract, keywords, ipc), joined by id."),
        in_format: str = typer.Option(None, "--input-format", help="jsonl, csv or xlsx (default: from the suffix)."),
        top_k: int = typer.Option(5, "--top-k", min=1, max=50, help="As given to classify for the earlier run."),
        threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0, help="As given to classify."),
        model: Path = typer.Option(None, "--model", help="Trained model file (default: the bundled one)."),
    ) -> None:
        """Which mapping rows, eligibility verdicts, solution packages and classified records a change affects."""
        if inputs is not None and records is None:
            raise InputError("--inputs needs --records (the earlier results to compare with)")
        kg_old = kg_new = None
        if len(change) == 1:
            path = Path(change[0])
            try:
                d = json.loads(path.read_text(encoding="utf-8"))
                d["concepts"], d["summary"]  # noqa: B018 - the keys a diff file must have
            except (OSError, ValueError, KeyError, TypeError):
                raise InputError("not a diff file; write one with `greentaxo diff OLD NEW --format json`",
                                 source=str(path)) from None
            if records is not None:       # the diff names NEW; load it if it is still a folder or revision
                kg_new = load_graph_at(str(d.get("new", "")), repo) if d.get("new") else None
        elif len(change) == 2:
            d = diff(snapshot(change[0], repo), snapshot(change[1], repo))
            kg_old, kg_new = load_graph_at(change[0], repo), load_graph_at(change[1], repo)
        else:
            raise InputError("give a diff file, or OLD and NEW (two arguments)")
        res = run(d, kg_old, kg_new)
        if records is not None:
            res["records"] = _records(kg_new, records, inputs, in_format, model,
                                      {"top_k": top_k, "threshold": threshold})
        text = json.dumps(res, ensure_ascii=False, indent=2) + "\n" if fmt is ImpactFormat.json else to_markdown(res)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)


def _records(kg_new, records: Path, inputs: Path | None, in_format: str | None, model: Path | None, kw: dict) -> dict:
    if kg_new is None:
        raise InputError("--records needs the whole NEW graph to classify with: give OLD NEW as repository roots, "
                         "release folders or git revisions, not a diff file or route folders")
    clf = load_classifier(kg_new, str(model) if model else None)
    if clf.stale:
        print(f"greentaxo: warning: re-classifying with a model not built for NEW: {clf.stale}", file=sys.stderr)
    t0 = time.perf_counter()
    with _Progress(records if inputs is None else inputs) as advance:
        res = records_impact(clf, kg_new.taxonomy, records=records, inputs=inputs, input_format=in_format,
                             classify_kw=kw, advance=advance)
    s = res["summary"]
    rate = s["inputs"] / max(time.perf_counter() - t0, 1e-9)
    print(f"re-classified {s['compared']} of {s['inputs']} records at {rate:,.0f} records/s: {s['changed']} changed, "
          f"{s['unchanged']} unchanged, {s['errors']} error(s)", file=sys.stderr)
    return res


class _Progress:
    """A progress bar on stderr when it is a terminal (stdout may be the report); nothing otherwise."""

    def __init__(self, path: Path) -> None:
        self.path, self.bar = path, None

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda: None
        from rich.console import Console  # noqa: PLC0415  (heavy: rich)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415  (heavy: rich)

        total = None
        if self.path.is_file() and self.path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            with open(self.path, "rb") as f:
                total = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
        self.bar = Progress(TextColumn("re-classifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            transient=True, console=Console(stderr=True))
        self.bar.start()
        task = self.bar.add_task("impact", total=total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
