"""`greentaxo train GOLD`: fit the classifier's statistical part, fusion and calibration; write the model."""
from __future__ import annotations

import time
from pathlib import Path

import typer

from greentaxo import load
from greentaxo.classify.gold import read_gold, to_training
from greentaxo.classify.model import default_path
from greentaxo.classify.routes import RouteIndex
from greentaxo.classify.training import train as run


def register(app: typer.Typer) -> None:
    @app.command()
    def train(
        gold: Path = typer.Argument(..., help="Labelled JSONL: id, title, abstract, ..., routes (IRIs, CURIEs or "
                                              "notations; [] = not green). Never pass the held-out test split."),
        output: Path = typer.Option(None, "--output", "-o", help="Model file to write (default: the bundled "
                                                                 "models/greentaxo-classifier.npz)."),
        folds: int = typer.Option(5, "--folds", min=2, max=20, help="Cross-validation folds for fusion and calibration."),
    ) -> None:
        """Train the classifier on gold records plus the taxonomy's own labels and definitions."""
        t0 = time.perf_counter()
        kg = load()
        records = read_gold(gold)
        docs, labels = to_training(records, RouteIndex.from_graph(kg), kg, source=str(gold))
        clf = run(kg, docs, labels, folds=folds, source=gold.name)
        path = output or default_path()
        clf.save(path)
        typer.echo(f"trained on {len(docs)} records ({sum(bool(g) for g in labels)} green) in "
                   f"{time.perf_counter() - t0:.1f} s; green if P(green) >= {clf.green_threshold:.3f}, "
                   f"routes shown from score {clf.threshold:.2f}")
        typer.echo(f"model {clf.model_version} -> {path} ({path.stat().st_size / 1e6:.1f} MB)")
