"""English text from every field of technology, held out: does the green decision keep it not green?

patents-dev's English titles are all engine patents, so cross-validation on it says nothing about an English
title or claim on a drug, a seat or a phone. This script holds out, from the distant-supervision text:
- half of patents-public's English titles (highly cited US patents of every field, labelled through their one
  CPC symbol by the IPC Green Inventory, `corpus.public_titles`; short texts);
- half of the IPC scheme's main groups: each becomes one long text, its title followed by its subgroups' titles
  ("Seats specially adapted for vehicles; ...; with adjustable backrest; ..."), 150-600 characters, green where
  the inventory covers the main group (the scheme's own wording; a stand-in for English claims and abstracts,
  of which ../shared/data holds none);
trains the green decision without them (the general English model too) and scores them: green precision, recall
and F1, false-green rate, average precision. It does so for each pair of weights given (`green.PUBLIC_WEIGHT`,
`green.PUBLIC_SHORT_WEIGHT`: the public titles the decision reads in its weights for long and short texts); the
route part is the committed model's (it never reads patents-public).

    .venv/bin/python benchmarks/green_public.py [--data ../shared/data] [--weights 0,0 0.5,0]

About 2 minutes per pair. The titles' labels are noisy (C12N15 genetic engineering counts green) and only 1-2 %
are green, so read their false-green rate first.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def held_out(key: str) -> bool:
    """Half of the public titles or main groups, fixed by a hash of the publication number or the group."""
    return hashlib.sha256(key.encode()).digest()[0] % 2 == 1


def main_group(code: str) -> str:
    return code.partition("/")[0] + "/00"


def long_texts(scheme) -> tuple[list, set[str]]:
    """Held-out main groups as long texts (title, then subgroup titles, 150-600 characters), labelled by the
    inventory where every symbol under the group agrees; and every held-out symbol (kept out of training)."""
    from greentaxo.classify.corpus import Example  # noqa: PLC0415

    groups: dict[str, list] = {}
    for e in scheme:
        if "/" in e.id and held_out(main_group(e.id)):
            groups.setdefault(main_group(e.id), []).append(e)
    out = []
    for code, rows in sorted(groups.items()):
        head = next((r for r in rows if r.id == code), None)
        if head is None or len({r.green for r in rows}) > 1:
            continue
        text = head.text
        for r in rows:
            if r is not head and len(text) < 600:
                text += "; " + r.text.partition("; ")[2]
        if len(text) >= 150:
            out.append(Example(code, text[:600], head.green, "en", "ipc scheme (long)", (code,)))
    return out, {e.id for rows in groups.values() for e in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--weights", nargs="+", default=["0,0", "0.5,0"], help="pairs LONG,SHORT")
    args = ap.parse_args()

    from sklearn.metrics import average_precision_score  # noqa: PLC0415

    from greentaxo import load, paths  # noqa: PLC0415
    from greentaxo.classify import green, green_training, load_classifier  # noqa: PLC0415
    from greentaxo.classify.corpus import Example, green_corpus  # noqa: PLC0415
    from greentaxo.classify.document import Document  # noqa: PLC0415
    from greentaxo.classify.gold import read_gold, to_training  # noqa: PLC0415

    kg = load()
    base = load_classifier(kg)
    dev, aux = green_corpus(args.data)
    titles = [e for e in aux if e.kind == green_training.PUBLIC_KIND and held_out(e.id)]
    longs, kept_out = long_texts([e for e in aux if e.kind == "ipc scheme"])
    train_aux = [e for e in aux if not (e.kind == green_training.PUBLIC_KIND and held_out(e.id)) and e.id not in kept_out]
    records = read_gold(paths.home() / "data" / "gold" / "train.jsonl")
    docs, gold, *_ = to_training(records, base.routes, kg, source="train.jsonl", moved="not-green")
    extra = [Example(d.id, d.text, bool(g), d.lang or "", "gold") for d, g in zip(docs, gold, strict=True)]
    print(f"held out: {len(titles)} public English titles ({sum(e.green for e in titles)} green), {len(longs)} IPC main "
          f"groups as long texts ({sum(e.green for e in longs)} green); training: {len(dev)} patents-dev, "
          f"{len(train_aux)} distant-supervision texts ({sum(e.kind == green_training.PUBLIC_KIND for e in train_aux)} "
          "public titles)")
    print(f"{'weights':>10} {'held out':<14}{'P':>8}{'R':>8}{'F1':>8}{'false green':>13}{'AP':>8}")
    for pair in args.weights:
        long_w, short_w = (float(v) for v in pair.split(","))
        green.PUBLIC_WEIGHT = green_training.PUBLIC_WEIGHT = long_w
        green.PUBLIC_SHORT_WEIGHT = green_training.PUBLIC_SHORT_WEIGHT = short_w
        model = copy.copy(base)
        trainer = green_training.TextTrainer(dev, train_aux, labels=base.backends["labels"])
        green_training.attach_green(model, dev, train_aux, trainer=trainer, extra=extra)
        for name, test in (("titles", titles), ("long texts", longs)):
            y = np.array([e.green for e in test])
            p, pred = [], []
            for s in range(0, len(test), 1024):
                sc = model.score([Document(e.id, e.text) for e in test[s:s + 1024]])
                p.extend(sc.p_green.tolist())
                pred.extend(sc.green.tolist())
            p, pred = np.array(p), np.array(pred, bool)
            tp, fp, fn = int((y & pred).sum()), int((~y & pred).sum()), int((y & ~pred).sum())
            prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
            f1 = 2 * prec * rec / max(prec + rec, 1e-9)
            print(f"{pair:>10} {name:<14}{prec:>8.3f}{rec:>8.3f}{f1:>8.3f}{fp / max(int((~y).sum()), 1):>13.3f}"
                  f"{average_precision_score(y, p):>8.3f}")


if __name__ == "__main__":
    main()
