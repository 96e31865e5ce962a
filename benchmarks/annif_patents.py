"""Annif against greentaxo on real patents: green / not green on patents-dev, the same folds, the same text.

Run: .venv/bin/python benchmarks/annif_patents.py [--predictions OOF.jsonl] [--seed K] [--without-distant] [--scores OUT.json]
[--throughput] (needs ../shared/data; --scores keeps Annif's out-of-fold green scores)

greentaxo's figures are its out-of-fold predictions from `greentaxo eval ../shared/data/patents-dev/
patents-dev.jsonl --seed K --predictions OOF.jsonl` (computed here if not given; same folds: `group_folds`, seed K,
0 by default; predictions made on other folds are refused). One deal of the folds is a noisy comparison: the
operating-point table moved by 0.06 between models whose AUC differed by 0.004, so compare over seeds 0, 1 and 2.
Annif (its own environment, see annif_compare.py) gets a two-concept vocabulary (green, not green) and,
per fold, the training folds' titles plus, for English, the distant-supervision text (English IPC scheme
and patent titles labelled through the inventory), which greentaxo's general English model reads
(`--without-distant`: the titles alone, as before that model), per language: zh pre-segmented with jieba,
en with the snowball analyzer. Backends: tfidf and svc (Annif's linear SVM, its text classifier). Annif's
green score is its score for the concept "green"; its cut is the one that maximises green F1 on the test
fold itself (an advantage: greentaxo's cut is chosen on training folds only). ROC AUC and average precision
of the scores themselves are printed too: they need no cut, so neither side is advantaged. A second table
puts greentaxo at Annif's operating point (`at_point`): its recall at Annif's precision, its precision at
Annif's recall.

`--throughput` then measures both on these real titles, as annif_compare.py does on the gold split: documents per
CPU-second beyond start-up, (large - small) / (CPU time for large - CPU time for small), the least of three runs each,
the systems taking turns; Annif's `index` with the last fold's tfidf and svc projects on the patents-dev titles (in
their language shares; Chinese already segmented by jieba, which Annif's own time does not include), ours the whole
`greentaxo classify --input` pipeline on the same titles, JSON reading and writing included.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from annif_compare import (  # noqa: E402
    BIN,
    LAUNCHER,
    _annif_index_time,
    ensure_annif,
    one_line,
    ours_timer,
    segment,
    throughput,
)

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("tfidf", "svc")
VOCAB = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/green> a skos:Concept ; skos:prefLabel "green"@en, "绿色"@zh .
<http://example.org/notgreen> a skos:Concept ; skos:prefLabel "not green"@en, "非绿色"@zh .
<http://example.org/other> a skos:Concept ; skos:prefLabel "placeholder"@en, "占位"@zh .
"""
# Annif's svc backend fails on a two-class vocabulary (sklearn's binary decision function is one column):
# a third concept with one training line of its own keeps it multi-class; it never wins on real text
PLACEHOLDER = "zzplaceholder qqplaceholder\t<http://example.org/other>\n"


def f1(y: list[bool], p: list[bool]) -> tuple[float, float, float]:
    tp = sum(a and b for a, b in zip(y, p, strict=True))
    prec, rec = tp / max(sum(p), 1), tp / max(sum(y), 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def best_f1(y: list[bool], s: list[float]) -> tuple[float, float, float]:
    return max((f1(y, [v >= t for v in s]) for t in sorted(set(s))), key=lambda r: r[2], default=(0.0, 0.0, 0.0))


def at_point(y: list[bool], s: list[float], prec: float, rec: float) -> tuple[float, float]:
    """At another system's operating point (precision `prec`, recall `rec`): the best recall these scores reach
    at a precision of at least `prec`, and the best precision at a recall of at least `rec` (a cut for each).
    Precision and recall at each side's own best cut are different trade-offs; this compares like with like."""
    points = [f1(y, [v >= t for v in s])[:2] for t in sorted(set(s))]
    return (max((r for p, r in points if p >= prec), default=0.0), max((p for p, r in points if r >= rec), default=0.0))


def ranking(y: list[bool], s: list[float]) -> tuple[float, float]:
    """Threshold-free: ROC AUC and average precision of the green scores (no cut chosen on anything)."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    return roc_auc_score(y, s), average_precision_score(y, s)


def arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="greentaxo's green decision against Annif on the folds of patents-dev")
    ap.add_argument("--predictions", type=Path, help="greentaxo's out-of-fold predictions (greentaxo eval "
                                                      "--predictions); computed here if not given")
    ap.add_argument("--seed", type=int, default=0, help="how the folds are dealt (greentaxo eval --seed)")
    ap.add_argument("--without-distant", action="store_true", help="Annif trained on the titles alone")
    ap.add_argument("--scores", type=Path, help="write Annif's out-of-fold green scores here (JSON)")
    ap.add_argument("--throughput", action="store_true", help="also measure documents per CPU-second on these titles")
    return ap.parse_args()


def main() -> None:
    from greentaxo import paths
    from greentaxo.classify.corpus import green_corpus
    from greentaxo.classify.green_training import group_folds

    args = arguments()
    data = paths.shared_data(ROOT)
    dev, aux = green_corpus(data)
    oof = args.predictions
    if oof is None:
        oof = Path(tempfile.mkdtemp()) / "oof.jsonl"
        subprocess.run([str(ROOT / ".venv" / "bin" / "greentaxo"), "eval", str(data / "patents-dev" / "patents-dev.jsonl"),
                        "--seed", str(args.seed), "--predictions", str(oof)], check=True, stdout=subprocess.DEVNULL)
    ours = {r["id"]: r for r in map(json.loads, oof.read_text(encoding="utf-8").splitlines())}
    fold = group_folds(dev, 5, seed=args.seed)
    if any(ours[e.id]["fold"] != int(f) for e, f in zip(dev, fold, strict=True) if e.id in ours):
        raise SystemExit(f"{oof}: its folds are not those of --seed {args.seed}; give the seed it was made with")
    ensure_annif()
    work = Path(tempfile.mkdtemp(prefix="annif-patents-"))
    (work / "vocab.ttl").write_text(VOCAB, encoding="utf-8")
    cfg = []
    for lang in ("zh", "en"):
        analyzer = "simple(token_min_length=1)" if lang == "zh" else "snowball(english)"
        for b in BACKENDS:
            cfg.append(f"[{b}-{lang}]\nname={b} {lang}\nlanguage={lang}\nbackend={b}\nanalyzer={analyzer}\n"
                       f"vocab=gn\nlimit=3\n")
    (work / "projects.cfg").write_text("\n".join(cfg), encoding="utf-8")
    env = {**os.environ, "ANNIF_PROJECTS": str(work / "projects.cfg"), "ANNIF_DATADIR": str(work / "data")}

    def annif(*args: str) -> str:
        r = subprocess.run([str(BIN / "python"), "-c", LAUNCHER, *args], cwd=work, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"annif {' '.join(args)} failed:\n{r.stderr[-2000:]}")
        return r.stdout

    text = {e.id: e.text for e in dev}
    zh_ids = [e.id for e in dev if e.lang == "zh"]
    text.update(zip(zh_ids, segment([one_line(text[i]) for i in zh_ids]), strict=True))
    for lang in ("zh", "en"):
        annif("load-vocab", "--language", lang, "gn", str(work / "vocab.ttl"))
    aux = [] if args.without_distant else aux
    aux_lines = "".join(f"{one_line(e.text)}\t<http://example.org/{'green' if e.green else 'notgreen'}>\n" for e in aux)
    scores: dict[str, dict[str, float]] = {b: {} for b in BACKENDS}
    for k in range(5):
        for lang in ("zh", "en"):
            tr = [e for e, f in zip(dev, fold, strict=True) if f != k and e.lang == lang]
            te = [e for e, f in zip(dev, fold, strict=True) if f == k and e.lang == lang]
            tsv = work / f"train-{lang}.tsv"
            tsv.write_text("".join(f"{one_line(text[e.id])}\t<http://example.org/{'green' if e.green else 'notgreen'}>\n"
                                   for e in tr) + (aux_lines if lang == "en" else "") + PLACEHOLDER, encoding="utf-8")
            docs = work / f"test-{lang}-{k}"
            docs.mkdir()
            for i, e in enumerate(te):
                (docs / f"{i:05d}.txt").write_text(one_line(text[e.id]), encoding="utf-8")
            for b in BACKENDS:
                annif("train", f"{b}-{lang}", str(tsv))
                annif("index", f"{b}-{lang}", str(docs), "--limit", "3", "--threshold", "0", "--force")
                for i, e in enumerate(te):
                    rows = [ln.split("\t") for ln in (docs / f"{i:05d}.annif").read_text(encoding="utf-8").splitlines()]
                    scores[b][e.id] = next((float(r[-1]) for r in rows if r[0].strip("<>").endswith("/green")), 0.0)
        print(f"fold {k} done", file=sys.stderr)
    print("| slice | system | green P | green R | green F1 | AUC | average precision |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    points = []
    for lang in ("zh", "en"):
        part = [e for e in dev if e.lang == lang]
        y = [e.green for e in part]
        ours_p = [ours[e.id]["p_green"] for e in part]
        auc, ap = ranking(y, ours_p)
        p, r, f = f1(y, [ours[e.id]["predicted"] for e in part])
        print(f"| {lang} title | greentaxo (cut from training folds) | {p:.3f} | {r:.3f} | {f:.3f} | {auc:.3f} | {ap:.3f} |")
        p, r, f = best_f1(y, ours_p)
        print(f"| {lang} title | greentaxo, cut tuned on the test data as for Annif | {p:.3f} | {r:.3f} | {f:.3f} | | |")
        for b in BACKENDS:
            s = [scores[b][e.id] for e in part]
            p, r, f = best_f1(y, s)
            auc, ap = ranking(y, s)
            print(f"| {lang} title | Annif {b} (cut tuned on the test data) | {p:.3f} | {r:.3f} | {f:.3f} "
                  f"| {auc:.3f} | {ap:.3f} |")
            points.append((lang, b, p, r, *at_point(y, ours_p, p, r)))
    print("\nAt Annif's operating point (its best cut): greentaxo's best recall at Annif's precision or better, and its "
          "best precision at Annif's recall or better")
    print("| slice | Annif backend | Annif P | Annif R | greentaxo R at that P | greentaxo P at that R |")
    print("| --- | --- | --- | --- | --- | --- |")
    for lang, b, p, r, r_ours, p_ours in points:
        print(f"| {lang} title | {b} | {p:.3f} | {r:.3f} | {r_ours:.3f} | {p_ours:.3f} |")
    if args.scores:
        args.scores.write_text(json.dumps(scores), encoding="utf-8")
    if args.throughput:
        speed_on_titles(annif, dev, text, work)


def speed_on_titles(annif, dev, text: dict[str, str], work: Path) -> None:
    """Documents per CPU-second of Annif (the projects as the last fold left them) and of greentaxo, on the titles."""
    docs_dir = {}
    for lang in ("zh", "en"):
        d = docs_dir[lang] = work / f"speed-src-{lang}"
        d.mkdir()
        for i, e in enumerate(e for e in dev if e.lang == lang):
            (d / f"{i:05d}.txt").write_text(one_line(text[e.id]), encoding="utf-8")
    timers = {b: (lambda n, b=b: _annif_index_time(annif, b, docs_dir, work, n)) for b in BACKENDS}
    timers["greentaxo"] = ours_timer([{"title": e.text} for e in dev], work)
    speed = throughput(timers)
    ours = speed.pop("greentaxo")
    print("\n| system | documents per CPU-second on patents-dev titles | greentaxo / it |")
    print("| --- | --- | --- |")
    print(f"| greentaxo | {ours:,.0f} | |")
    for b, v in speed.items():
        print(f"| Annif {b} | {v:,.0f} | {ours / v:.1f}x |")


if __name__ == "__main__":
    main()
