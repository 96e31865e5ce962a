"""Training the green / not-green decision on real patents (see green.py), and the folds it is judged on.

The decision must be fitted on text-model logits for records that model did not see, or it would learn
to trust an over-fitted logit: patents-dev is cut into folds (grouped, so that records with the same
normalised title never straddle two folds, and balanced by language and label); each fold gets logits from
a text model trained on the other folds plus the distant-supervision text; the decision is fitted on those.
The final text model then uses every record.
"""
from __future__ import annotations

import re

import numpy as np

from greentaxo.classify.classifier import BATCH
from greentaxo.classify.corpus import Example
from greentaxo.classify.document import Document
from greentaxo.classify.green import (
    AUX_WEIGHT,
    C_TEXT,
    DECISION,
    EXTRA_WEIGHT,
    GreenDecision,
    GreenText,
    decision_inputs,
)
from greentaxo.classify.green_codes import CODE_FEATURES, CodeModel, targets
from greentaxo.classify.ngram import from_csr, hash_counts, preprocess
from greentaxo.classify.textnorm import normalise_with_offsets

FOLDS = 5
# predicted IPC codes as decision inputs (green_codes.py): the experiment of brief r14b, see docs/classifier.md
CODES = False
# weight of an IPC scheme or patents-public title (English, one code each) as an example for the code model
# only; those under a subclass the training records never carry are left out (they would teach nothing learned)
CODE_AUX_WEIGHT = 0.0
# which codes the code model learns: "all" (negative evidence from codes outside the inventory too) or "green"
CODE_KINDS = "all"
# read the codes as a hidden step too (P(green | code) from the training records: green_codes.CodeModel.rate)
CODE_RATE = False


def group_folds(examples: list[Example], k: int = FOLDS, seed: int = 0) -> np.ndarray:
    """A fold per example: same normalised title -> same fold; groups dealt round-robin within each
    (language, label) stratum in a seeded random order, so every fold has the data's balance."""
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        groups.setdefault(re.sub(r"[\W_]+", "", e.text.lower()) or e.id, []).append(i)
    keys = sorted(groups)
    np.random.default_rng(seed).shuffle(keys)
    fold = np.zeros(len(examples), dtype=np.int64)
    dealt: dict[tuple[str, bool], int] = {}
    for g in keys:
        first = examples[groups[g][0]]
        s = (first.lang, first.green)
        fold[groups[g]] = dealt.get(s, 0) % k
        dealt[s] = dealt.get(s, 0) + 1
    return fold


def text_counts(texts: list[str], labels=None):
    """Counts as the classifier makes them: normalised text, with the ambiguous words that lack their
    context blanked out when the label backend `labels` is given (as classifying does)."""
    if labels is None:
        return hash_counts([preprocess(t) for t in texts], unigrams=True)

    out = []
    for t in texts:
        nt = normalise_with_offsets(t)
        blocked: list[list] = [[]]
        hits = labels.match_many([t], [nt], blocked)[0]
        out.append((labels.masked(nt, blocked[0], hits) if blocked[0] else None) or nt.text)
    return hash_counts(out, unigrams=True)


class TextTrainer:
    """Fits text models on a subset of the dev records plus all the distant-supervision ones, reusing one
    vectorisation of everything."""

    def __init__(self, dev: list[Example], aux: list[Example], c: float = C_TEXT, labels=None, inv=None) -> None:
        import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

        self.labels = labels
        self.inv = inv if CODES else None
        if self.inv is not None:
            self.dev_codes = [targets(e.codes) for e in dev]
            subs = {s for t, _ in self.dev_codes for s in t}
            caux = [e for e in aux if e.codes and e.codes[0][:4] in subs] if CODE_AUX_WEIGHT > 0 else []
            # (filtered again per training subset in fit_codes; this only spares vectorising the rest)
            self.code_aux = [targets(e.codes) for e in caux]
            self.code_aux_x = text_counts([e.text for e in caux], labels) if caux else None
        self.dev_x = text_counts([e.text for e in dev], labels)
        self.dev_y = np.array([e.green for e in dev])
        aux = aux if AUX_WEIGHT > 0 else []
        self.aux_x = text_counts([e.text for e in aux], labels) if aux else None
        self.aux_y = np.array([e.green for e in aux], dtype=bool)
        self.c = c
        self._sp = sp

    def fit(self, idx: np.ndarray) -> GreenText:
        parts, ys, ws = [self.dev_x[idx]], [self.dev_y[idx]], [np.ones(len(idx))]
        if self.aux_x is not None:
            parts.append(self.aux_x)
            ys.append(self.aux_y)
            ws.append(np.full(len(self.aux_y), AUX_WEIGHT))
        return GreenText.fit(self._sp.vstack(parts).tocsr(), np.concatenate(ys), np.concatenate(ws), self.c)

    def fit_codes(self, idx: np.ndarray) -> CodeModel | None:
        """The text -> IPC code model from the dev records `idx` (plus the down-weighted auxiliary titles)."""
        if self.inv is None:
            return None
        parts, labels, ws = [self.dev_x[idx]], [self.dev_codes[i] for i in idx], [np.ones(len(idx))]
        ys = [self.dev_y[idx]]
        if self.code_aux_x is not None:
            # only titles under a subclass these training records carry (the test fold's codes stay unseen)
            subs = {s for i in idx for s in self.dev_codes[i][0]}
            keep = np.flatnonzero([next(iter(t)) in subs for t, _ in self.code_aux])
            parts.append(self.code_aux_x[keep])
            labels += [self.code_aux[i] for i in keep]
            ws.append(np.full(len(keep), CODE_AUX_WEIGHT))
            ys.append(np.zeros(len(keep), bool))      # weight < 1: never counted in a rate
        return CodeModel.fit(self._sp.vstack(parts).tocsr(), labels, np.concatenate(ws), self.inv, kinds=CODE_KINDS,
                             green=np.concatenate(ys) if CODE_RATE else None)

    def logits(self, model: GreenText, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return model.logits(from_csr(self.dev_x[idx].tocsr()))

    def inputs(self, text: GreenText, codes: CodeModel | None, idx: np.ndarray, label: np.ndarray,
               route: np.ndarray) -> np.ndarray:
        """Decision inputs for the dev records `idx` from the given models (`label`, `route`: over all dev)."""
        return green_inputs(text, codes, from_csr(self.dev_x[idx].tocsr()), label[idx], route[idx])

    def out_of_fold(self, idx: np.ndarray, fold: np.ndarray, k: int, label: np.ndarray,
                    route: np.ndarray) -> np.ndarray:
        """Decision inputs for the dev records `idx`, each from models that did not see its fold."""
        x = None
        for f in range(k):
            te = fold == f
            if te.any() and (~te).any():
                part = self.inputs(self.fit(idx[~te]), self.fit_codes(idx[~te]), idx[te], label, route)
                if x is None:
                    x = np.zeros((len(idx), part.shape[1]), np.float32)
                x[te] = part
        if x is None:       # too few records for any fold to have training data: no evidence
            n = len(CODE_FEATURES) + 2 * CODE_RATE if self.inv is not None else 0
            x = np.zeros((len(idx), len(DECISION) + n), np.float32)
        return x


def green_inputs(text: GreenText, codes: CodeModel | None, counts, label: np.ndarray, route: np.ndarray) -> np.ndarray:
    """The decision's inputs for counts of texts: the text model's logit, the route part's evidence and,
    when there is a code model, its evidence."""
    z, cjk = text.logits(counts)
    return decision_inputs(z, cjk, label, route, codes.evidence(counts, cjk) if codes is not None else None)


def fit_green(trainer: TextTrainer, idx: np.ndarray, route_info: tuple[np.ndarray, np.ndarray],
              folds: int = FOLDS, seed: int = 0, examples: list[Example] | None = None,
              extra: tuple[list[Example], tuple[np.ndarray, np.ndarray]] | None = None,
              ) -> tuple[GreenText, GreenDecision, CodeModel | None]:
    """Text model and decision from the dev records `idx` (and all auxiliary text). `route_info`: the best
    label weight and the best route score the route model gives each dev record (arrays over all dev).
    `extra`: more labelled texts for the decision only (the gold records: catalogue texts and abstracts,
    which the text model never reads), with their route info."""
    sub = [examples[i] for i in idx] if examples is not None else None
    fold = group_folds(sub, folds, seed) if sub is not None else np.arange(len(idx)) % folds
    label, route = route_info
    x, y = trainer.out_of_fold(idx, fold, folds, label, route), trainer.dev_y[idx]
    w = np.ones(len(y))
    text, codes = trainer.fit(idx), trainer.fit_codes(idx)
    if extra and extra[0] and EXTRA_WEIGHT > 0:
        ex, (elabel, eroute) = extra
        ec = from_csr(text_counts([e.text for e in ex], trainer.labels).tocsr())
        x = np.vstack([x, green_inputs(text, codes, ec, elabel, eroute)])
        y = np.concatenate([y, [e.green for e in ex]])
        w = np.concatenate([w, np.full(len(ex), EXTRA_WEIGHT)])
    return text, GreenDecision.fit(x, y, w), codes


def route_info(clf, examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """The best label weight and the best route score the route model gives each example's text."""
    label, route = np.zeros(len(examples), np.float32), np.zeros(len(examples), np.float32)
    for s in range(0, len(examples), BATCH):
        docs = [Document(e.id, *e.text.partition("\n")[::2]) for e in examples[s:s + BATCH]]
        x = clf.route_part(docs)[1]
        label[s:s + len(docs)], route[s:s + len(docs)] = x[:, 1], x[:, 2]
    return label, route


def attach_green(clf, dev: list[Example], aux: list[Example], idx: np.ndarray | None = None,
                 trainer: TextTrainer | None = None, info: tuple[np.ndarray, np.ndarray] | None = None,
                 extra: list[Example] | None = None, inv=None) -> None:
    """Train the green decision for a classifier whose route part is trained, on the dev records `idx`
    (default: all) plus the auxiliary text; `extra` labelled texts inform the decision only; `inv` (the
    IPC Green Inventory) for the code model when `CODES` is on."""
    trainer = trainer or TextTrainer(dev, aux, labels=clf.backends["labels"], inv=inv)
    idx = np.arange(len(dev)) if idx is None else idx
    more = (extra, route_info(clf, extra)) if extra and EXTRA_WEIGHT > 0 else None
    clf.green_text, clf.decision, clf.green_codes = fit_green(trainer, idx, info or route_info(clf, dev),
                                                              examples=dev, extra=more)
