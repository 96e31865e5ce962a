"""Predicted IPC codes as green evidence for the green / not-green decision (issue 14 follow-up, brief r14b).

A patents-dev label is a function of the record's office-assigned IPC codes (the WIPO IPC Green Inventory
read off them), so the codes are richer supervision than the bare label: a text -> code model (one
logistic regression per code, over the same TF-IDF of hashed features as `GreenText`) learns which
subclass (both languages) or main group (English records, whose codes are full symbols) a title belongs
to, for the codes with enough training records. Its probabilities become a few decision inputs through the
inventory's own rule (`code_status`):
- `code_green`: logit of P(at least one inventory-covered code) = 1 - prod(1 - P(code));
- `code_partial`: the best P of a code only some of whose groups are in the inventory (H01M, F02M25, ...);
- `code_other`: the best P of a code with no inventory entry (negative evidence: "this is a B05B sprayer").
Serving is numpy only: a (features used x codes) weight matrix.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greentaxo.classify.green import WIDTH, _tfidf
from greentaxo.classify.ngram import Counts

C_CODES = 4.0          # inverse regularisation of each code's regression
MIN_RECORDS = 5        # a code is learned when at least this many training records carry it
CODE_FEATURES = ["code_green", "code_partial", "code_other", "english_code_green"]
GREEN, PARTIAL, OTHER = 2, 1, 0


def code_status(inv, code: str) -> int:
    """GREEN when the inventory covers the whole subclass or main group `code`, PARTIAL when some entry
    lies inside it (or it is a wholesale entry), else OTHER."""
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
    """(subclasses, main groups) of a record's codes; main groups None when the codes are subclass-level
    only (the Chinese part): such a record says nothing about main groups."""
    subs = {c[:4] for c in codes if len(c) >= 4}
    full = [c for c in codes if len(c) > 4]
    groups = {c.partition("/")[0] for c in full} if full and len(full) == len(codes) else None
    return subs, groups


@dataclass
class CodeModel:
    codes: list[str]
    status: np.ndarray        # per code: GREEN / PARTIAL / OTHER
    idf: np.ndarray           # WIDTH
    used: np.ndarray          # feature columns with a weight (sorted)
    weights: np.ndarray       # len(used) x len(codes)
    bias: np.ndarray          # len(codes)
    rate: np.ndarray | None = None   # per code: share of green among the training records carrying it

    def probabilities(self, c: Counts) -> np.ndarray:
        """P(code) per document and learned code."""
        n = c.shape[0]
        w = (np.log1p(c.data) * self.idf[c.cols]).astype(np.float32)
        norm = np.sqrt(np.bincount(c.rows, w * w, minlength=n))
        norm[norm == 0] = 1.0
        pos = np.searchsorted(self.used, c.cols)
        pos[pos >= len(self.used)] = 0
        hit = self.used[pos] == c.cols if len(self.used) else np.zeros(len(c.cols), bool)
        rows, vals, idx = c.rows[hit], (w / norm[c.rows])[hit].astype(np.float32), pos[hit]
        order = np.argsort(rows, kind="stable")
        rows, vals, idx = rows[order], vals[order], idx[order]
        z = np.tile(self.bias.astype(np.float32), (n, 1))
        if len(rows):
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            z[rows[starts]] += np.add.reduceat(self.weights[idx] * vals[:, None], starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))

    def evidence(self, c: Counts, cjk: np.ndarray) -> np.ndarray:
        """CODE_FEATURES per document."""
        p = self.probabilities(c).astype(np.float64)
        n = p.shape[0]

        def best(mask: np.ndarray) -> np.ndarray:
            return p[:, mask].max(axis=1) if mask.any() else np.zeros(n)

        g = self.status == GREEN
        none = np.prod(1.0 - p[:, g], axis=1) if g.any() else np.ones(n)
        green = _logit(1.0 - none)
        en = (~cjk).astype(np.float64)
        cols = [green, best(self.status == PARTIAL), best(self.status == OTHER), en * green]
        if self.rate is not None:       # the codes as a hidden step: P(green) = 1 - prod(1 - P(code) P(green | code))
            via = _logit(1.0 - np.prod(1.0 - p * self.rate[None, :], axis=1))
            cols += [via, en * via]
        return np.stack(cols, axis=1).astype(np.float32)

    @classmethod
    def fit(cls, counts, labels: list[tuple[set[str], set[str] | None]], weight: np.ndarray, inv,
            min_records: int = MIN_RECORDS, c: float = C_CODES, kinds: str = "all",
            green: np.ndarray | None = None) -> CodeModel:
        """From a scipy CSR count matrix, each row's (subclasses, main groups) as `targets` gives them, and
        per-row weights; a code is learned from the rows that can say whether they carry it. `kinds`
        "green": only the codes the inventory covers wholly or in part (no `code_other` evidence). `green`:
        the rows' labels, to read the codes as a hidden step (`rate`, two more evidence columns)."""
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (heavy: sklearn)

        df = np.bincount(counts.indices, minlength=WIDTH).astype(np.float64)
        idf = (np.log((counts.shape[0] + 1) / (df + 1)) + 1).astype(np.float32)
        x = _tfidf(counts, idf)
        real = weight >= 1.0
        seen: dict[str, int] = {}
        for (subs, groups), r in zip(labels, real, strict=True):
            if r:
                for code in subs | (groups or set()):
                    seen[code] = seen.get(code, 0) + 1
        codes = sorted(k for k, v in seen.items() if v >= min_records)
        has_groups = np.array([g is not None for _, g in labels])
        used = np.flatnonzero(df).astype(np.int32)       # an L2 model weighs exactly the features it saw
        kept, cols, bias = [], [], []
        for code in codes:
            status = code_status(inv, code)
            if kinds == "green" and status == OTHER:
                continue
            if len(code) > 4:
                rows = np.flatnonzero(has_groups)
                y = np.array([code in labels[i][1] for i in rows])
            else:
                rows = np.arange(len(labels))
                y = np.array([code in s for s, _ in labels])
            if y.all() or not y.any():
                continue
            lr = LogisticRegression(C=c, solver="liblinear", max_iter=200)
            lr.fit(x[rows], y.astype(int), sample_weight=weight[rows])
            kept.append((code, status))
            cols.append(lr.coef_[0][used].astype(np.float32))
            bias.append(float(lr.intercept_[0]))
        w = np.stack(cols, axis=1) if cols else np.zeros((len(used), 0), np.float32)
        rate = None
        if green is not None:
            rate = np.array([np.mean([g for (subs, groups), g, r in zip(labels, green, real, strict=True)
                                      if r and k in (subs | (groups or set()))]) for k, _ in kept], np.float32)
        return cls([k for k, _ in kept], np.array([s for _, s in kept], np.int8), idf, used, w,
                   np.array(bias, np.float32), rate)

    def state(self) -> dict[str, np.ndarray]:
        return {"green_codes": np.array(self.codes), "green_codes_status": self.status,
                "green_codes_idx": self.used, "green_codes_w": self.weights.astype(np.float16),
                "green_codes_idf": self.idf[self.used].astype(np.float16),
                "green_codes_idf_max": np.array([self.idf.max()], np.float32), "green_codes_bias": self.bias,
                **({"green_codes_rate": self.rate} if self.rate is not None else {})}

    @classmethod
    def from_state(cls, a) -> CodeModel | None:
        if "green_codes" not in a:
            return None
        idf = np.full(WIDTH, float(a["green_codes_idf_max"][0]), np.float32)
        idf[a["green_codes_idx"]] = a["green_codes_idf"].astype(np.float32)
        return cls([str(k) for k in a["green_codes"]], a["green_codes_status"], idf, a["green_codes_idx"],
                   a["green_codes_w"].astype(np.float32), a["green_codes_bias"].astype(np.float32),
                   a["green_codes_rate"] if "green_codes_rate" in a else None)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))
