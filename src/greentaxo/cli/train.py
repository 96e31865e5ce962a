"""`greentaxo train GOLD`: fit the classifier's statistical part, fusion and calibration; write the model."""
from __future__ import annotations

import time
from pathlib import Path

import typer

from greentaxo import load, paths
from greentaxo.classify.corpus import green_corpus
from greentaxo.classify.gold import read_gold, to_training
from greentaxo.classify.model import default_path
from greentaxo.classify.routes import RouteIndex
from greentaxo.classify.training import train as run


def register(app: typer.Typer) -> None:
    @app.command()
    def train(
        gold: Path = typer.Argument(None, help="Labelled JSONL for the route ranking: id, title, abstract, ..., routes "
                                               "(IRIs, CURIEs or notations; [] = not green). Default: the bundled "
                                               "data/gold/train.jsonl. Never pass the held-out test split."),
        data: Path = typer.Option(None, "--data", help="The shared data folder with patents-dev, the IPC Green "
                                                       "Inventory and patents-public, for the green / not-green "
                                                       "decision (default: $GREENTAXO_DATA or ../shared/data)."),
        output: Path = typer.Option(None, "--output", "-o", help="Model file to write (default: the bundled "
                                                                 "models/greentaxo-classifier.npz)."),
        folds: int = typer.Option(5, "--folds", min=2, max=20, help="Cross-validation folds for fusion and calibration."),
    ) -> None:
        """Train the classifier: routes from gold records plus the taxonomy's own text; green / not green from real patents."""
        t0 = time.perf_counter()
        kg = load()
        gold = gold or paths.home() / "data" / "gold" / "train.jsonl"
        records = read_gold(gold)          # the user's own file first: its errors are theirs to fix
        docs, labels, *_ = to_training(records, RouteIndex.from_graph(kg), kg, source=str(gold), moved="not-green")
        corpus = green_corpus(data or paths.shared_data(paths.home()))
        clf = run(kg, docs, labels, corpus, folds=folds, source=gold.name)
        path = output or default_path()
        clf.save(path)
        g = clf.meta["trained_on"]["green"]
        typer.echo(f"routes: {len(docs)} records ({sum(bool(g) for g in labels)} green); green decision: "
                   f"{g['patents']} real patents ({g['patents_green']} green) and {g['distant']} distant-supervision "
                   f"texts ({g['distant_green']} green); {time.perf_counter() - t0:.1f} s")
        typer.echo(f"trained on {len(docs)} records ({sum(bool(g) for g in labels)} green) in "
                   f"{time.perf_counter() - t0:.1f} s; green if P(green) >= {clf.green_threshold:.3f} "
                   f"({clf.english_threshold:.3f} for an English title), "
                   f"routes shown from score {clf.threshold:.2f}")
        typer.echo(f"model {clf.model_version} -> {path} ({path.stat().st_size / 1e6:.1f} MB)")
