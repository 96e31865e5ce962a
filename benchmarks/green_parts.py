"""What each part of the green decision is worth on real patents, out of fold: the text model's logit alone,
the general English model's logit alone, and the decision that combines them with the taxonomy's evidence.

Run: .venv/bin/greentaxo eval ../shared/data/patents-dev/patents-dev.jsonl --predictions OOF.jsonl
     .venv/bin/python benchmarks/green_parts.py OOF.jsonl        (needs ../shared/data; about 2 minutes)

The text model is refitted on the same folds as the predictions file (its `fold` field), exactly as
`greentaxo eval` fits it, so the three rows read the same records from models that never saw them. AUC and
average precision need no cut; "best-cut F1" is the F1 at the cut chosen on these records themselves (an
oracle, for reading only: the decision's own F1 in `eval` uses a cut from training folds).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from annif_patents import best_f1, ranking  # noqa: E402  (the same figures as the Annif comparison)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    if len(sys.argv) != 2:
        print("usage: green_parts.py OOF.jsonl   (from greentaxo eval PATENTS --predictions OOF.jsonl)", file=sys.stderr)
        raise SystemExit(2)
    import greentaxo
    from greentaxo import paths
    from greentaxo.classify import load_classifier
    from greentaxo.classify.corpus import green_corpus, read_patents
    from greentaxo.classify.green_training import TextTrainer

    data = paths.shared_data(ROOT)
    if not (data / "patents-dev").is_dir():
        print("../shared/data not found: this benchmark reads patents-dev and the distant-supervision text", file=sys.stderr)
        raise SystemExit(2)
    oof = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            oof[r["id"]] = r
    clf = load_classifier(greentaxo.load())
    _, aux = green_corpus(data)
    dev = [e for e in read_patents(data / "patents-dev" / "patents-dev.jsonl") if e.id in oof]
    fold = np.array([oof[e.id]["fold"] for e in dev])
    y = np.array([e.green for e in dev])
    lang = np.array([e.lang for e in dev])
    trainer = TextTrainer(dev, aux, labels=clf.backends["labels"])
    text = np.zeros(len(dev), np.float32)
    for k in sorted(set(fold.tolist())):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        text[te] = trainer.logits(trainer.fit(tr), te)[0]
    parts = {"text model alone": text, "general English model alone": trainer.dev_general,
             "the decision (P(green) in the file)": np.array([oof[e.id]["p_green"] for e in dev])}
    print(f"model {clf.model_version}; {len(dev)} patents, folds from {sys.argv[1]}")
    print("| language | part | AUC | average precision | best-cut F1 |\n| --- | --- | --- | --- | --- |")
    for code in ("zh", "en"):
        m = lang == code
        for name, p in parts.items():
            if code == "zh" and name.startswith("general"):
                continue            # it reads English texts only (0 for the others)
            auc, ap = ranking(y[m].tolist(), p[m].tolist())
            print(f"| {code} | {name} | {auc:.3f} | {ap:.3f} | {best_f1(y[m].tolist(), p[m].tolist())[2]:.3f} |")


if __name__ == "__main__":
    main()
