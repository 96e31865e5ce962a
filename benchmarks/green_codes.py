"""Tried and not kept (brief r14b): predicted IPC codes as evidence for the green / not-green decision.

Run (needs ../shared/data; CPU time: `base` 18 s, `codes-green` 1.5 min, `codes` and `codes-rate` 5, `codes-aux` 22):
    nice -n 19 .venv/bin/python benchmarks/green_codes.py VARIANT eval ../shared/data/patents-dev/patents-dev.jsonl

A patents-dev label is a function of the record's office-assigned IPC codes (the WIPO IPC Green Inventory
read off them), so the codes are richer supervision than the bare label. Each variant runs the `greentaxo
eval` command itself (the same folds, records and report), with the decision given more inputs: inside every
outer fold, and again inside every inner fold the decision is fitted on, a text -> IPC code model (one
logistic regression per code over the text model's TF-IDF of hashed features; subclasses for every record,
main groups for the English records, whose codes are full symbols; codes carried by at least 5 training
records) is trained on the training records' codes only, and its probabilities are read through the
inventory's own rule (`code_status`):
- `code_green`: logit of 1 - prod(1 - P(code)) over codes the inventory covers wholly (C02F, H02S, F01N3/2x ..);
- `code_partial`: the best P(code) over codes only some of whose groups are in the inventory (H01M, F02M25);
- `code_other`: the best P(code) over codes with no inventory entry (negative evidence: "a B05B sprayer");
- `english_code_green`: `code_green` for texts without Chinese characters.

VARIANT is one of
- `base`: `greentaxo eval` unchanged (text logit, label and route evidence);
- `codes`: plus the four inputs above;
- `codes-green`: only codes the inventory covers wholly or in part are learned (no `code_other`; a smaller
  model to serve);
- `codes-aux`: `codes`, with the English IPC scheme titles and patents-public titles (one code each, under a
  subclass the training records carry) as extra examples for the code model only, at weight 0.2;
- `codes-rate`: `codes`, plus the codes read as a hidden step: logit of 1 - prod(1 - P(code) P(green | code)),
  P(green | code) the share of green among the training records carrying the code (English main groups
  such as F02M25 are green only in some subgroups, which a title does not show), and its English twin.

Everything after VARIANT is passed to the `greentaxo` command unchanged. The code model rides on the library's
own cross-validation (`evaluate_patents.cross_validate`, `green_training.fit_green` and `attach_green` run as
they are): its trainer hands out a text model whose "logit" carries the code evidence as extra columns, which
`coded_inputs` appends to the decision's inputs. Figures: docs/classifier.md ("Tried: predicted IPC codes").
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from greentaxo.classify.green import C_TEXT, WIDTH, GreenText, _tfidf, decision_inputs
from greentaxo.classify.green_training import TextTrainer, text_counts
from greentaxo.classify.ngram import Counts

# variant -> (weight of an auxiliary title for the code model, which codes are learned, codes as a hidden step)
VARIANTS = {"codes": (0.0, "all", False), "codes-green": (0.0, "green", False), "codes-aux": (0.2, "all", False),
            "codes-rate": (0.0, "all", True)}
C_CODES = 4.0          # inverse regularisation of each code's regression (C_TEXT of the text model)
MIN_RECORDS = 5        # a code is learned when at least this many training records carry it
GREEN, PARTIAL, OTHER = 2, 1, 0


def code_status(inv, code: str) -> int:
    """GREEN when the inventory covers the whole subclass or main group `code`, PARTIAL when some entry lies
    inside it (or it is a wholesale entry), else OTHER."""
    g = inv.green(code)
    if g:
        return GREEN
    if g is None:
        return PARTIAL
    head, group = code[:4], code[4:]
    if any(e[:4] == head and (not group or e[4:].partition("/")[0] == group) for e in inv.by_head.get(head, ())):
        return PARTIAL
    return OTHER


def targets(codes: tuple[str, ...]) -> tuple[set[str], set[str] | None]:
    """(subclasses, main groups) of a record's codes; main groups None when the codes are subclass-level only
    (the Chinese part): such a record says nothing about main groups."""
    subs = {c[:4] for c in codes if len(c) >= 4}
    full = [c for c in codes if len(c) > 4]
    return subs, ({c.partition("/")[0] for c in full} if full and len(full) == len(codes) else None)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


@dataclass
class CodeModel:
    codes: list[str]
    status: np.ndarray        # per code: GREEN / PARTIAL / OTHER
    idf: np.ndarray           # WIDTH
    used: np.ndarray          # feature columns with a weight (sorted)
    weights: np.ndarray       # len(used) x len(codes)
    bias: np.ndarray          # len(codes)
    rate: np.ndarray | None   # per code: share of green among the training records carrying it

    def probabilities(self, c: Counts) -> np.ndarray:
        """P(code) per document and learned code, in numpy as a served model would compute it."""
        n = c.shape[0]
        w = (np.log1p(c.data) * self.idf[c.cols]).astype(np.float32)
        norm = np.sqrt(np.bincount(c.rows, w * w, minlength=n))
        norm[norm == 0] = 1.0
        pos = np.minimum(np.searchsorted(self.used, c.cols), len(self.used) - 1)
        hit = self.used[pos] == c.cols
        rows, vals, idx = c.rows[hit], (w / norm[c.rows])[hit].astype(np.float32), pos[hit]
        order = np.argsort(rows, kind="stable")
        rows, vals, idx = rows[order], vals[order], idx[order]
        z = np.tile(self.bias, (n, 1))
        if len(rows):
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            z[rows[starts]] += np.add.reduceat(self.weights[idx] * vals[:, None], starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))

    def evidence(self, c: Counts, cjk: np.ndarray) -> np.ndarray:
        p = self.probabilities(c).astype(np.float64)
        n = p.shape[0]

        def best(mask: np.ndarray) -> np.ndarray:
            return p[:, mask].max(axis=1) if mask.any() else np.zeros(n)

        green = _logit(1.0 - np.prod(1.0 - p[:, self.status == GREEN], axis=1))
        en = (~cjk).astype(np.float64)
        cols = [green, best(self.status == PARTIAL), best(self.status == OTHER), en * green]
        if self.rate is not None:
            via = _logit(1.0 - np.prod(1.0 - p * self.rate[None, :], axis=1))
            cols += [via, en * via]
        return np.stack(cols, axis=1).astype(np.float32)

    @classmethod
    def fit(cls, counts, labels: list[tuple[set[str], set[str] | None]], weight: np.ndarray, inv, kinds: str,
            green: np.ndarray | None) -> CodeModel:
        """From a scipy CSR count matrix, each row's `targets` and weight (1: a real patent); a code is learned
        from the rows that can say whether they carry it; `green` (the rows' labels) for `rate`."""
        from sklearn.linear_model import LogisticRegression

        df = np.bincount(counts.indices, minlength=WIDTH).astype(np.float64)
        idf = (np.log((counts.shape[0] + 1) / (df + 1)) + 1).astype(np.float32)
        x = _tfidf(counts, idf)
        real = weight >= 1.0
        seen: dict[str, int] = {}
        for (subs, groups), r in zip(labels, real, strict=True):
            for code in (subs | (groups or set())) if r else ():
                seen[code] = seen.get(code, 0) + 1
        has_groups = np.array([g is not None for _, g in labels])
        used = np.flatnonzero(df).astype(np.int32)       # an L2 model weighs exactly the features it saw
        kept, cols, bias = [], [], []
        for code in sorted(k for k, v in seen.items() if v >= MIN_RECORDS):
            status = code_status(inv, code)
            if kinds == "green" and status == OTHER:
                continue
            rows = np.flatnonzero(has_groups) if len(code) > 4 else np.arange(len(labels))
            y = np.array([code in (labels[i][1] if len(code) > 4 else labels[i][0]) for i in rows])
            if y.all() or not y.any():
                continue
            lr = LogisticRegression(C=C_CODES, solver="liblinear", max_iter=200)
            lr.fit(x[rows], y.astype(int), sample_weight=weight[rows])
            kept.append((code, status))
            cols.append(lr.coef_[0][used].astype(np.float32))
            bias.append(float(lr.intercept_[0]))
        rate = None if green is None else np.array(
            [np.mean([g for (s, gr), g, r in zip(labels, green, real, strict=True) if r and k in (s | (gr or set()))])
             for k, _ in kept])
        return cls([k for k, _ in kept], np.array([s for _, s in kept], np.int8), idf, used,
                   np.stack(cols, axis=1) if cols else np.zeros((len(used), 0), np.float32),
                   np.array(bias, np.float32), rate)


class CodedText:
    """The text model and the code model read together: its "logits" are the text logit (column 0) and the
    code evidence (the other columns), which `coded_inputs` turns into decision inputs."""

    def __init__(self, text: GreenText, codes: CodeModel) -> None:
        self.text, self.codes = text, codes

    def logits(self, c: Counts) -> tuple[np.ndarray, np.ndarray]:
        z, cjk = self.text.logits(c)
        return np.column_stack([z, self.codes.evidence(c, cjk)]), cjk


def coded_inputs(z: np.ndarray, cjk: np.ndarray, found: np.ndarray) -> np.ndarray:
    return np.hstack([decision_inputs(z[:, 0], cjk, found), z[:, 1:]])


class CodeTrainer(TextTrainer):
    """`TextTrainer` whose models are `CodedText`: the code model fitted on the same training records."""

    inv = None
    variant = VARIANTS["codes"]

    def __init__(self, dev, aux, c: float = C_TEXT, labels=None) -> None:
        super().__init__(dev, aux, c, labels)
        self.dev_codes = [targets(e.codes) for e in dev]
        subs = {s for t, _ in self.dev_codes for s in t}
        caux = [e for e in aux if e.codes and e.codes[0][:4] in subs] if self.variant[0] > 0 else []
        self.code_aux = [targets(e.codes) for e in caux]
        self.code_aux_x = self._sp.csr_matrix((0, WIDTH)) if not caux else text_counts([e.text for e in caux], labels)

    def fit(self, idx: np.ndarray) -> CodedText:
        aux_weight, kinds, rate = self.variant
        # auxiliary titles only under a subclass these training records carry (the test fold's stay unseen)
        subs = {s for i in idx for s in self.dev_codes[i][0]}
        keep = np.flatnonzero([next(iter(t)) in subs for t, _ in self.code_aux])
        x = self._sp.vstack([self.dev_x[idx], self.code_aux_x[keep]]).tocsr()
        labels = [self.dev_codes[i] for i in idx] + [self.code_aux[i] for i in keep]
        weight = np.concatenate([np.ones(len(idx)), np.full(len(keep), aux_weight)])
        green = np.concatenate([self.dev_y[idx], np.zeros(len(keep), bool)]) if rate else None
        return CodedText(super().fit(idx), CodeModel.fit(x, labels, weight, self.inv, kinds, green))

    def out_of_fold(self, idx: np.ndarray, fold: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        z, cjk = None, np.zeros(len(idx), bool)
        for f in range(k):
            te = fold == f
            if te.any() and (~te).any():
                part, cjk[te] = self.logits(self.fit(idx[~te]), idx[te])
                z = np.zeros((len(idx), part.shape[1]), np.float32) if z is None else z
                z[te] = part
        return z, cjk


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in ["base", *VARIANTS]:
        sys.exit(f"usage: green_codes.py {{base,{','.join(VARIANTS)}}} eval PATENTS.jsonl [options]")
    from greentaxo.classify import evaluate_patents, green_training
    from greentaxo.cli import evaluate_patents as cli_eval
    from greentaxo.cli.main import main as greentaxo

    if sys.argv[1] != "base":
        CodeTrainer.variant = VARIANTS[sys.argv[1]]
        cross_validate = evaluate_patents.cross_validate

        def coded_cross_validate(clf, dev, aux, extra, folds=5, inv=None, seed=0):
            CodeTrainer.inv = inv
            return cross_validate(clf, dev, aux, extra, folds, inv, seed)

        evaluate_patents.TextTrainer = CodeTrainer
        evaluate_patents.decision_inputs = green_training.decision_inputs = coded_inputs
        cli_eval.cross_validate = coded_cross_validate
    sys.argv = ["greentaxo", *sys.argv[2:]]
    greentaxo()


if __name__ == "__main__":
    main()
