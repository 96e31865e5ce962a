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
    C_GENERAL,
    C_TEXT,
    DECISION,
    EVIDENCE,
    EXTRA_WEIGHT,
    LONG_TEXT,
    PUBLIC_SHORT_WEIGHT,
    PUBLIC_WEIGHT,
    GreenDecision,
    GreenText,
    decision_inputs,
    short_weights,
    text_length,
)
from greentaxo.classify.ngram import from_csr, hash_counts, preprocess
from greentaxo.classify.textnorm import normalise_with_offsets, without_exclusions

FOLDS = 5
PUBLIC_KIND = "en title (public)"     # `corpus.public_titles`: the auxiliary rows the decision also reads


def title_key(text: str) -> str:
    """A title with case, spaces and punctuation left out: what makes two records the same title."""
    return re.sub(r"[\W_]+", "", text.lower())


def group_folds(examples: list[Example], k: int = FOLDS, seed: int = 0) -> np.ndarray:
    """A fold per example: same normalised title -> same fold; groups dealt round-robin within each
    (language, label) stratum in a seeded random order, so every fold has the data's balance."""
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        groups.setdefault(title_key(e.text) or e.id, []).append(i)
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
        nt = without_exclusions(normalise_with_offsets(t))
        blocked: list[list] = [[]]
        hits = labels.match_many([t], [nt], blocked)[0]
        out.append((labels.masked(nt, blocked[0], hits) if blocked[0] else None) or nt.text)
    return hash_counts(out, unigrams=True)


class TextTrainer:
    """Fits text models on a subset of the dev records plus all the distant-supervision ones, reusing one
    vectorisation of everything; and, once, the general English model on the distant-supervision text alone
    (it never reads patents-dev, so one model serves every fold). The English patent titles of patents-public
    (`PUBLIC_KIND`) also inform the decision, with the general model's logits for them out of fold (`public`)."""

    def __init__(self, dev: list[Example], aux: list[Example], c: float = C_TEXT, labels=None) -> None:
        import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

        self.labels = labels
        self.dev_x = text_counts([e.text for e in dev], labels)
        self.dev_y = np.array([e.green for e in dev])
        self.aux_x = text_counts([e.text for e in aux], labels) if aux else None
        self.aux_y = np.array([e.green for e in aux], dtype=bool)
        self.general = (GreenText.fit(self.aux_x, self.aux_y, np.ones(len(aux)), C_GENERAL) if aux
                        else GreenText.empty())
        self.dev_general = self.general.logits(from_csr(self.dev_x))[0]
        self.c = c
        self._sp = sp
        # public titles the decision reads: none equal to a patents-dev title, which the folds score
        seen = {title_key(e.text) for e in dev}
        self.public = np.array([i for i, e in enumerate(aux) if e.kind == PUBLIC_KIND and title_key(e.text) not in seen]
                               if PUBLIC_WEIGHT > 0 else [], dtype=np.int64)
        self.public_examples = [aux[i] for i in self.public]
        self.public_general = self._general_out_of_fold()
        self.public_info: np.ndarray | None = None     # route evidence, filled by `attach_green` (needs the classifier)

    def _general_out_of_fold(self, k: int = FOLDS) -> np.ndarray:
        """The general model's logit for each public title from a model that did not read it: fitted in
        sample it would be near certain, and the decision would learn to trust it more than it deserves."""
        z = np.zeros(len(self.public), np.float32)
        if not len(self.public):
            return z
        fold = np.random.default_rng(0).permutation(len(self.public)) % k
        for f in range(k):
            held = self.public[fold == f]
            keep = np.ones(len(self.aux_y), bool)
            keep[held] = False
            model = GreenText.fit(self.aux_x[keep], self.aux_y[keep], np.ones(int(keep.sum())), C_GENERAL)
            z[fold == f] = model.logits(from_csr(self.aux_x[held]))[0]
        return z

    def fit(self, idx: np.ndarray) -> GreenText:
        parts, ys, ws = [self.dev_x[idx]], [self.dev_y[idx]], [np.ones(len(idx))]
        if self.aux_x is not None and AUX_WEIGHT > 0:
            parts.append(self.aux_x)
            ys.append(self.aux_y)
            ws.append(np.full(len(self.aux_y), AUX_WEIGHT))
        return GreenText.fit(self._sp.vstack(parts).tocsr(), np.concatenate(ys), np.concatenate(ws), self.c)

    def logits(self, model: GreenText, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return model.logits(from_csr(self.dev_x[idx].tocsr()))

    def out_of_fold(self, idx: np.ndarray, fold: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Logits for the dev records `idx`, each from a model that did not see its fold."""
        z = np.zeros(len(idx), np.float32)
        cjk = np.zeros(len(idx), bool)
        for f in range(k):
            te = fold == f
            if te.any() and (~te).any():
                z[te], cjk[te] = self.logits(self.fit(idx[~te]), idx[te])
        return z, cjk


def fit_green(trainer: TextTrainer, idx: np.ndarray, route_info: np.ndarray,
              folds: int = FOLDS, seed: int = 0, examples: list[Example] | None = None,
              extra: tuple[list[Example], np.ndarray] | None = None) -> tuple[GreenText, GreenDecision]:
    """Text model and decision from the dev records `idx` (and all auxiliary text). `route_info`: what the
    route model finds in each dev record (`green.EVIDENCE` columns, rows over all dev).
    `extra`: more labelled texts for the decision only (the gold records: catalogue texts and abstracts,
    which the text model never reads), with their route info. The trainer's public titles join the decision
    when their route evidence is there (`trainer.public_info`)."""
    sub = [examples[i] for i in idx] if examples is not None else None
    fold = group_folds(sub, folds, seed) if sub is not None else np.arange(len(idx)) % folds
    z, cjk = trainer.out_of_fold(idx, fold, folds)
    x, y = decision_inputs(z, cjk, route_info[idx], trainer.dev_general[idx]), trainer.dev_y[idx]
    w = np.ones(len(y))
    length = np.array([text_length(e.text) for e in sub]) if sub is not None else np.zeros(len(idx), np.int64)
    patents = np.ones(len(y), bool)
    text = trainer.fit(idx)
    if extra and extra[0] and EXTRA_WEIGHT > 0:
        ex, efound = extra
        counts = from_csr(text_counts([e.text for e in ex], trainer.labels))
        ez, ecjk = text.logits(counts)
        x = np.vstack([x, decision_inputs(ez, ecjk, efound, trainer.general.logits(counts)[0])])
        y = np.concatenate([y, [e.green for e in ex]])
        w = np.concatenate([w, np.full(len(ex), EXTRA_WEIGHT)])
        # dealt at random: in row order they would fill one fold of the cross-validation the cuts are chosen on
        fold = np.concatenate([fold, np.random.default_rng(seed).permutation(len(ex)) % folds])
        length = np.concatenate([length, [text_length(e.text) for e in ex]])
        patents = np.concatenate([patents, np.zeros(len(ex), bool)])
    long = length > LONG_TEXT
    short_weight = short_weights(w, patents, long)
    if len(trainer.public) and trainer.public_info is not None:
        counts = from_csr(trainer.aux_x[trainer.public])
        pz, pcjk = text.logits(counts)      # the text model reads patents-dev only (AUX_WEIGHT 0): out of sample
        x = np.vstack([x, decision_inputs(pz, pcjk, trainer.public_info, trainer.public_general)])
        y = np.concatenate([y, trainer.aux_y[trainer.public]])
        w = np.concatenate([w, np.full(len(pz), PUBLIC_WEIGHT)])
        fold = np.concatenate([fold, np.random.default_rng(seed + 1).permutation(len(pz)) % folds])
        long = np.concatenate([long, [text_length(e.text) > LONG_TEXT for e in trainer.public_examples]])
        patents = np.concatenate([patents, np.zeros(len(pz), bool)])
        short_weight = np.concatenate([short_weight, np.full(len(pz), PUBLIC_SHORT_WEIGHT)])
    return text, GreenDecision.fit(x, y, w, fold, patents, long, short_weight)


def route_info(clf, examples: list[Example]) -> np.ndarray:
    """What the route model finds in each example's text: the `green.EVIDENCE` columns, one row per example."""
    cols = [DECISION.index(name) for name in EVIDENCE]
    found = np.zeros((len(examples), len(cols)), np.float32)
    for s in range(0, len(examples), BATCH):
        docs = [Document(e.id, *e.text.partition("\n")[::2]) for e in examples[s:s + BATCH]]
        found[s:s + len(docs)] = clf.found(docs)[1][:, cols]        # the decision's inputs; no route is ranked
    return found


def attach_green(clf, dev: list[Example], aux: list[Example], idx: np.ndarray | None = None,
                 trainer: TextTrainer | None = None, info: np.ndarray | None = None,
                 extra: list[Example] | None = None) -> None:
    """Train the green decision for a classifier whose route part is trained, on the dev records `idx`
    (default: all) plus the auxiliary text; `extra` labelled texts inform the decision only."""
    trainer = trainer or TextTrainer(dev, aux, labels=clf.backends["labels"])
    idx = np.arange(len(dev)) if idx is None else idx
    more = (extra, route_info(clf, extra)) if extra and EXTRA_WEIGHT > 0 else None
    info = route_info(clf, dev) if info is None else info
    if len(trainer.public) and trainer.public_info is None:
        trainer.public_info = route_info(clf, trainer.public_examples)
    clf.green_text, clf.decision = fit_green(trainer, idx, info, examples=dev, extra=more)
    clf.general_text = trainer.general
