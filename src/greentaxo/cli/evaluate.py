"""`greentaxo eval GOLD`: precision@1, recall@3, F1@5, NDCG@5, domain accuracy, green/not-green precision and
recall, per language and per domain; a per-route table; the reliability (calibration) table."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import typer

from greentaxo import load
from greentaxo.classify import load_classifier
from greentaxo.classify.evaluate import evaluate as run
from greentaxo.classify.gold import read_gold, to_training
from greentaxo.cli._common import Format, emit_json
from greentaxo.cli.evaluate_patents import run_patents
from greentaxo.security.cells import safe_record


def _is_patents(path: Path) -> bool:
    """Real patents (text + green, no routes) rather than gold records."""
    try:
        with open(path, encoding="utf-8") as f:
            first = json.loads(f.readline() or "{}")
    except (OSError, ValueError, UnicodeDecodeError):
        return False          # read_gold words the error
    return isinstance(first, dict) and "text" in first and "green" in first and "routes" not in first


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def evaluate(
        gold: Path = typer.Argument(..., help="Labelled JSONL: gold records with `routes` (e.g. the held-out "
                                              "data/gold/test.jsonl), or real patents with `text` and `green` "
                                              "(e.g. ../shared/data/patents-dev/patents-dev.jsonl), which are "
                                              "cross-validated."),
        folds: int = typer.Option(5, "--folds", min=2, max=20, help="Folds for cross-validating real patents."),
        seed: int = typer.Option(0, "--seed", min=0, help="Patents: how records are dealt into the folds (docs "
                                                          "give seeds 0, 1 and 2 and their mean)."),
        data: Path = typer.Option(None, "--data", help="Shared data folder for the distant-supervision text "
                                                       "(default: $GREENTAXO_DATA or ../shared/data)."),
        predictions: Path = typer.Option(None, "--predictions", help="Patents: write each record's out-of-fold "
                                                                     "P(green) here (JSONL)."),
        model: Path = typer.Option(None, "--model", help="Model file (default: the bundled one)."),
        per_route: Path = typer.Option(None, "--per-route", help="Write the per-route table here (TSV)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
    ) -> None:
        """Evaluate the classifier against labelled records."""
        kg = load()
        clf = load_classifier(kg, str(model) if model else None)
        if _is_patents(gold):
            run_patents(kg, clf, gold, folds, data, predictions, fmt, seed)
            return
        records = read_gold(gold)
        docs, labels, kept, aside = to_training(records, clf.routes, kg, source=str(gold))
        report = run(clf, docs, labels, [r.get("lang") for r in kept])
        report.extra["set_aside"] = aside
        if per_route:
            with open(per_route, "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(report.per_route[0]) if report.per_route else ["route"],
                                   delimiter="\t")
                w.writeheader()
                w.writerows(safe_record(r) for r in report.per_route)
        if fmt is Format.json:
            emit_json(report.to_dict())
            return
        cols = ["records", "precision@1", "recall@3", "f1@5", "ndcg@5", "domain_accuracy", "green_precision",
                "green_recall", "green_f1", "false_green"]
        typer.echo(f"model {report.model_version}, routes shown from score {report.threshold:.2f}; ranking metrics "
                   "over green gold records; false_green = share of not-green records called green")
        if aside:
            typer.echo(f"{len(aside)} green records set aside: every gold route of theirs has left the route scheme "
                       "(project types and market mechanisms moved to the facets), so there is no route to be right "
                       "about (--format json lists them)")
        typer.echo(f"{'':12}" + "".join(f"{c:>16}" for c in cols))
        rows = [("all", report.overall)] + [(f"lang {k}", v) for k, v in report.by_language.items()] + \
               [(f"domain {k}", v) for k, v in report.by_domain.items()]
        for name, m in rows:
            # a slice without green records has no ranking or green-recall figures to show
            cells = [m[c] if m["green_records"] or c in ("records", "false_green") else "-" for c in cols]
            typer.echo(f"{name:12}" + "".join(f"{v:>16}" for v in cells))
        typer.echo("\nreliability (suggestions in the top 5, by score):")
        typer.echo(f"{'score':>10}{'suggestions':>13}{'mean score':>12}{'right':>8}")
        for b in report.reliability:
            ms = "-" if b["mean_score"] is None else f"{b['mean_score']:.3f}"
            fr = "-" if b["fraction_right"] is None else f"{b['fraction_right']:.3f}"
            typer.echo(f"{b['bin']:>10}{b['suggestions']:>13}{ms:>12}{fr:>8}")
