"""`greentaxo eval PATENTS.jsonl`: cross-validation of the green decision on real patents (the text block)."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.classify.corpus import Example, Inventory, green_corpus, read_patents
from greentaxo.classify.evaluate_patents import cross_validate
from greentaxo.classify.gold import read_gold, to_training
from greentaxo.cli._common import Format, emit_json


def run_patents(kg, clf, path: Path, folds: int, data: Path | None, predictions: Path | None, fmt: Format,
                seed: int = 0) -> None:
    data = data or paths.shared_data(paths.home())
    _dev, aux = green_corpus(data)
    dev = read_patents(path)
    records = read_gold(paths.home() / "data" / "gold" / "train.jsonl")
    docs, gold, *_ = to_training(records, clf.routes, kg, source="train.jsonl", moved="not-green")
    extra = [Example(d.id, d.text, bool(g), d.lang or "", "gold") for d, g in zip(docs, gold, strict=True)]
    rep = cross_validate(clf, dev, aux, extra, folds, Inventory.read(data), seed)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as f:
            for p in rep["predictions"]:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    rep.pop("predictions")
    if fmt is Format.json:
        emit_json(rep)
        return
    typer.echo(f"{folds}-fold cross-validation on {len(dev)} real patents ({path.name}), folds dealt with seed {seed}; "
               "text only, no IPC codes")
    cols = ["records", "green", "green_precision", "green_recall", "green_f1", "false_green"]
    typer.echo(f"{'':28}" + "".join(f"{c:>16}" for c in cols))
    for name, m in rep["slices"].items():
        typer.echo(f"{name:28}" + "".join(f"{m[c]:>16}" for c in cols))
    for name, m in rep["floor"].items():
        typer.echo(f"{'floor ' + name:28}" + "".join(f"{m[c]:>16}" for c in cols))
    if rep["routes"]:
        typer.echo("\nroutes, green records whose inventory codes lead to routes through mappings/ipc.sssom.tsv:")
        for name, m in rep["routes"].items():
            typer.echo(f"{name:28}{m['records']:>10} P@1 {m['precision@1']:.3f}  NDCG@5 {m['ndcg@5']:.3f}"
                       f"  on-path@1 {m['on_path@1']:.3f}")
    typer.echo("\nreliability of P(green), out of fold:")
    for b in rep["reliability"]:
        mp = "-" if b["mean_p_green"] is None else f"{b['mean_p_green']:.3f}"
        fg = "-" if b["fraction_green"] is None else f"{b['fraction_green']:.3f}"
        typer.echo(f"{b['bin']:>10}{b['records']:>8}{mp:>10}{fg:>10}")
