"""The classifier: backends -> fusion -> hierarchy -> calibration -> the output contract.

Records are processed in batches so that the n-gram similarity and the fusion are matrix operations;
a bad record yields an error object for its id and the batch goes on.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

import greentaxo
from greentaxo import __version__
from greentaxo.classify import make_backends
from greentaxo.classify import model as model_file
from greentaxo.classify.base import evidence_dicts
from greentaxo.classify.document import Document, from_record
from greentaxo.classify.fusion import (
    FEATURES,
    SELECTION,
    Fusion,
    candidates,
    drop_unfounded,
    lift,
    named_route,
    select,
    stops,
)
from greentaxo.classify.green import GreenDecision, GreenText, decision_inputs, text_length
from greentaxo.classify.labels import exclude, named_outright
from greentaxo.classify.ngram import FEATURIZER
from greentaxo.classify.reasons import named_green, not_green, unrouted
from greentaxo.classify.routes import CODE_SCHEMES, RouteIndex
from greentaxo.errors import GreentaxoError, InputError

if TYPE_CHECKING:
    from greentaxo.classify.base import Backend, Entries, Evidence
    from greentaxo.classify.ngram import Counts
    from greentaxo.graph import KnowledgeGraph

# a batch is cut at BATCH records or BATCH_CHARS characters of text, whichever comes first: the hashed n-gram
# arrays grow with the characters (128 records of 500 characters beat 256 or 512 of them: the arrays stay in the
# CPU cache), while each batch also pays a fixed cost (a dozen numpy passes over the route columns) that short
# records amortise only in larger batches. 2,048 / 96,000 against 1,024 / 64,000, six paired runs (docs/classifier.md):
# held-out gold records 1-9 % less time in every pair, 500-character records 1-4 %, patent titles within ±3 %
BATCH = 2048
BATCH_CHARS = 96_000
MAX_EVIDENCE = 5


class Scores(NamedTuple):
    """`Classifier.score` for a batch: lifted route scores (n_docs x n_routes), raw and calibrated; P(green) and the
    decision (at or above the cut, `GreenDecision.cuts`, or naming a route outright); label evidence; `named_outright`."""
    raw: np.ndarray
    calibrated: np.ndarray
    p_green: np.ndarray
    green: np.ndarray
    evidence: list[dict[int, list[Evidence]]]
    outright: list[frozenset[int]]


class Classifier:
    def __init__(self, routes: RouteIndex, backends: dict[str, Backend], fusion: Fusion, meta: dict,
                 green_text: GreenText | None = None, decision: GreenDecision | None = None,
                 general_text: GreenText | None = None) -> None:
        self.routes = routes
        self.backends = backends
        self.fusion = fusion
        self.meta = meta
        self.green_text = green_text      # None only while training builds the route part first
        self.decision = decision
        self.general_text = general_text  # the general English model (green.py); None as green_text
        # the parts of an output route that never change, looked up once per route instead of per record
        self._static = [(c.iri, c.notation, c.pref.get("zh", ""), c.pref.get("en", "")) for c in routes.concepts]
        self._merged: dict[tuple[int, ...], dict[str, tuple[str, ...]]] = {}

    @property
    def model_version(self) -> str:
        return self.meta.get("model_version", "untrained")

    @property
    def stale(self) -> str | None:
        """Why this model does not fit the taxonomy it serves (None when it does): it was built for other
        labels, sense rules, routes or IPC mappings. Routes added since get no statistical centroid and
        changed sense rules are applied to labels but not to the trained text model: retrain."""
        built = self.meta.get("taxonomy_hash")
        if built == self.routes.content_hash():
            return None
        return (f"the classifier model was built for taxonomy {self.meta.get('taxonomy_version', '?')} "
                f"(content {built or 'unrecorded'}); this taxonomy ({self.routes.taxonomy_version}, content "
                f"{self.routes.content_hash()}) has other routes, labels, sense rules or IPC mappings: run "
                "`greentaxo train`")

    @property
    def threshold(self) -> float:
        return self.fusion.threshold

    @property
    def green_threshold(self) -> float:
        """The P(green) from which a text with Chinese characters, or any long text, is green."""
        return self.decision.cut if self.decision else 0.5

    @property
    def english_threshold(self) -> float:
        """The P(green) from which a short text without Chinese characters (an English title) is green."""
        return self.decision.english_cut if self.decision else 0.5

    # -- scoring
    def features(self, docs: list[Document]) -> tuple[Counts, np.ndarray, list[Entries], list[dict[int, list[Evidence]]]]:
        """The documents' feature counts (single Chinese characters included, for the green model), the
        n-gram similarities (n_docs x (n_routes + 1), the last column: to the not-green centroid), the
        other backends' entries, and label evidence per document."""
        sim = counts = None
        entries: list[Entries] = []
        evidence: list[dict[int, list[Evidence]]] | None = None
        for name, backend in self.backends.items():
            if name == "ngram":
                counts = backend.counts_of(docs, unigrams=True)
                sim = backend.similarities(counts)
                continue
            res = backend.suggest(docs)
            if res.entries is not None:
                entries.append(res.entries)
            if res.features:
                raise AssertionError(f"backend {name} returns dense features; classifying expects entries")
            if any(res.evidence):
                if evidence is not None:
                    raise AssertionError("one backend gives evidence spans")
                evidence = res.evidence
        return counts, sim, entries, evidence or [{} for _ in docs]

    def score(self, docs: list[Document]) -> Scores:
        """Hierarchy-lifted route scores (n_docs x n_routes), raw and calibrated; the probability that each
        document is green and the decision; label evidence per document."""
        raw, x, evidence, _cand, ipc = self.route_part(docs)
        p, _cuts, outright, green = self.decided(docs, x, evidence, ipc, lengths(docs))
        return Scores(raw, self.fusion.calibrate(raw), p, green, evidence, outright)

    def decided(self, docs: list[Document], x: np.ndarray, evidence: list, ipc: np.ndarray, lens: np.ndarray) -> tuple:
        """From `found`'s inputs and `lengths`: P(green), the cuts, `named_outright` and green (at the cut or named)."""
        p, cuts = self.decision.probability(x, lens, ipc), self.decision.cuts(x, lens)
        outright = named_outright(docs, evidence, self.routes)
        return p, cuts, outright, (p >= cuts) | np.array([bool(n) for n in outright], dtype=bool)

    def route_part(self, docs: list[Document], top_k: int = 5) -> tuple[np.ndarray, np.ndarray, list, np.ndarray, np.ndarray]:
        """Lifted raw route scores, the green decision's inputs (`green.DECISION` columns), label evidence, the
        route candidates of each document, best first (`candidates`), and the best confidence of a given IPC
        code's mapping; the text column is zero while there is no text model yet (training)."""
        fused, x, evidence, ipc = self.found(docs)
        raw, cand = self.ranked(fused, top_k)
        return raw, x, evidence, cand, ipc

    def found(self, docs: list[Document]) -> tuple[np.ndarray, np.ndarray, list, np.ndarray]:
        """What the text holds, before any route is ranked: the fused route scores (not lifted; `ranked` turns
        them into what selection reads), the green decision's inputs, label evidence, and the best confidence of
        a given IPC code's mapping."""
        counts, sim, entries, evidence = self.features(docs)
        p, per_doc = self.fusion.raw_sparse(sim, entries, self.routes)
        exclude(p, docs)        # an exclusion word and none of the route's labels: not that route (gt:excludedBy)
        # the decision reads the best leaf's own score and the best score of any route apart: a group's score says its
        # subtree holds the answer (the fusion's target), which a group label earns in green text and not-green alike
        leaf_top = p[:, self.routes.leaf].max(axis=1) if self.routes.leaf.any() else np.zeros(len(docs), np.float32)
        top1 = p.max(axis=1) if p.size else np.zeros(len(docs), np.float32)     # the best lifted score
        general = None
        if self.green_text is not None:
            text, cjk = self.green_text.logits(counts)
            general = self.general_text.logits(counts)[0] if self.general_text is not None else None
        else:
            text, cjk = np.zeros(len(docs), np.float32), np.zeros(len(docs), bool)
        blocked = np.array([bool(d.blocked) for d in docs], dtype=np.float32)
        found = np.column_stack([per_doc["label_max"], leaf_top, top1, blocked])
        return p, decision_inputs(text, cjk, found, general), evidence, per_doc["ipc_max"]

    def ranked(self, fused: np.ndarray, top_k: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """From `found`'s fused scores (changed in place): the lifted scores selection reads, and each document's
        candidate routes, best first. Routes nothing in the text supports are 0 before the lift, so that a group
        scores by its own evidence or its best supported child's, never by the fusion's constant terms."""
        raw = lift(drop_unfounded(fused, self.routes), self.routes, inplace=True)
        return raw, candidates(raw, top_k, self.routes)     # one partial sort for the batch, not one per document

    def decide(self, raw: np.ndarray, cal: np.ndarray | None, green: bool, top_k: int = 5,
               threshold: float | None = None, include_ancestors: bool = False,
               cand: np.ndarray | None = None, cand_cal: np.ndarray | None = None,
               named: frozenset[int] = frozenset(), outright: frozenset[int] = frozenset()) -> list[tuple[int, float]]:
        """The routes shown for one document: none if it is not `green` (the decision's); else the best routes above the
        threshold or, when none reaches it, the route a title names (`named_route`), or none: an unnamed route under
        the threshold is a guess the caller reads among the candidates (`reason` route-uncertain). `cal`: calibrated
        scores of every route, or `cand` (this
        document's row of `candidates(raw, top_k, routes)`) with `cand_cal`, those candidates' scores; `named`, the
        routes whose labels the text contains (`select`); `outright`, a description's (`named_outright`), alike."""
        if not green:
            return []
        thr = self.threshold if threshold is None else threshold
        chosen = select(raw, self.routes, top_k, thr, include_ancestors, cal, cand, cand_cal, named)
        if chosen:
            return chosen
        # nothing reaches the threshold: the route the text names, if any. No unnamed guess: on English engine titles it
        # was as often as not another field ("Multi-fuel Internal Combustion Engine" -> prefabricated buildings at 0.02)
        col = named_route(raw, self.routes, named | outright)
        return [] if col is None else [(col, float(self.fusion.calibrate(raw[[col]])[0]))]

    # -- the contract
    def classify_docs(self, docs: list[Document], top_k: int = 5, threshold: float | None = None,
                      include_ancestors: bool = False, explain: bool = False) -> list[dict]:
        """Output records (see docs/classifier.md); `explain` adds each record's best routes whatever the
        green decision (`candidates`)."""
        if not docs:
            return []
        if top_k < 1:
            raise InputError("top_k must be at least 1")
        fused, x, evidence, ipc = self.found(docs)
        lens = lengths(docs)
        green, cuts, outright, said_all = self.decided(docs, x, evidence, ipc, lens)
        # routes are ranked only for the texts whose routes are shown (green, or all with `explain`): most submissions
        # are not green, and the reason of one that is not needs only its best route's score, which the lift and the
        # ranking do not change (the lift copies children's scores upwards; calibration is monotone)
        rest = np.zeros(len(docs), bool) if explain else ~said_all
        best_of = np.zeros(len(docs), np.float32)
        if rest.any():
            best_of[rest] = self.fusion.calibrate(drop_unfounded(fused[rest], self.routes).max(axis=1, initial=0.0))
        shown = np.flatnonzero(~rest)
        where = np.full(len(docs), -1)            # a document's row in `raw`, `cand` and `cal`
        where[shown] = np.arange(len(shown))
        raw, cand = self.ranked(fused[shown], top_k)
        # only the candidates' scores are ever shown: calibrate those, not all routes
        cal = self.fusion.calibrate(np.take_along_axis(raw, cand, axis=1))
        best_of[shown] = cal.max(axis=1, initial=0.0)
        thr = self.threshold if threshold is None else threshold
        out = []
        for d, (doc, named) in enumerate(zip(docs, walk_stops(evidence, lens), strict=True)):
            said = bool(said_all[d])
            k = where[d]
            chosen = self.decide(raw[k], None, said, top_k, thr, include_ancestors, cand[k], cal[k], named,
                                 outright[d]) if said else []
            # green is the decision's; a green text shows no route when nothing in it supports any (`drop_unfounded`)
            # or when no route it does not name reaches the threshold
            rec = self._record(doc, chosen, evidence[d], green=said)
            rec["p_green"] = round(float(green[d]), 4)
            if not rec["green"]:
                shown_any = float(best_of[d]) >= self.threshold
                rec["reason"] = not_green(doc, float(green[d]), float(cuts[d]), float(x[d, 1]), shown_any, self.routes)
            elif not chosen:
                guess = select(raw[k], self.routes, 1, 0.0, include_ancestors, None, cand[k], cal[k], named)
                rec["reason"] = unrouted(float(green[d]), guess, thr, self.routes)
            elif green[d] < cuts[d]:
                rec["reason"] = named_green(float(green[d]), float(cuts[d]), outright[d], evidence[d], self.routes)
            else:
                rec["reason"] = None
            if explain:
                listed = select(raw[k], self.routes, top_k, 0.0, include_ancestors, None, cand[k], cal[k], named)
                rec["candidates"] = self._record(doc, listed, evidence[d])["routes"]
            out.append(rec)
        return out

    def classify(self, record: dict, **kw) -> dict:
        return self.classify_docs([from_record(record, default_id="1")], **kw)[0]

    def classify_records(self, records: Iterable[tuple[str, object]], batch: int = BATCH, **kw) -> Iterator[dict]:
        """(fallback id, record-or-error) pairs in, one output object per record out, in order; classified in
        batches of at most `batch` records and `BATCH_CHARS` characters."""
        pending: list[tuple[str, Document | str]] = []
        chars = 0

        def flush() -> Iterator[dict]:
            nonlocal chars
            docs = [d for _, d in pending if isinstance(d, Document)]
            done = iter(self.classify_docs(docs, **kw))
            for rid, d in pending:
                yield next(done) if isinstance(d, Document) else {"id": rid, "error": d}
            pending.clear()
            chars = 0

        for rid, rec in records:
            try:
                if isinstance(rec, GreentaxoError):
                    raise rec
                doc = from_record(rec, default_id=rid)
                pending.append((rid, doc))
                chars += len(doc.title) + len(doc.abstract)
            except GreentaxoError as exc:
                rec_id = rec.get("id") if isinstance(rec, dict) and isinstance(rec.get("id"), str | int) else rid
                pending.append((str(rec_id), str(exc)))
            if len(pending) >= batch or chars >= BATCH_CHARS:
                yield from flush()
        yield from flush()

    def _record(self, doc: Document, chosen: list[tuple[int, float]], evidence: dict[int, list[Evidence]],
                green: bool | None = None) -> dict:
        routes = []
        for col, score in chosen:
            iri, notation, zh, en = self._static[col]
            ev = self._evidence(col, evidence)
            routes.append({"id": iri, "notation": notation, "label": {"zh": zh, "en": en},
                           "score": round(score, 4), "evidence": ev})
        return {"id": doc.id, "green": bool(routes) if green is None else green, "routes": routes,
                "codes": self._codes(tuple([c for c, _ in chosen])),
                "taxonomy_version": self.routes.taxonomy_version, "model_version": self.model_version}

    def _evidence(self, col: int, evidence: dict[int, list[Evidence]]) -> list[dict]:
        """Spans of the route's own labels or, if none matched, of its nearest ancestor's that did: a leaf
        shown for its group owes its place to the group's label."""
        for a in (col, *self.routes.lineage[col]):
            items = evidence.get(a)
            if items:
                return evidence_dicts(items, MAX_EVIDENCE)
        return []

    def _codes(self, cols: tuple[int, ...]) -> dict[str, list[str]]:
        """Mapped codes of the chosen routes, merged. The same few route sets come back again and again in
        a batch of submissions, so merged sets are kept (bounded); callers get fresh lists."""
        merged = self._merged.get(cols)
        if merged is None:
            if len(self._merged) >= 4096:
                self._merged.clear()
            merged = self._merged[cols] = {s: tuple(sorted({v for col in cols for v in self.routes.codes[col][s]}))
                                           for s in CODE_SCHEMES}
        return {s: list(v) for s, v in merged.items()}

    # -- persistence
    def save(self, path: Path) -> None:
        ngram = self.backends["ngram"]
        arrays = {**ngram.state(), "fusion_weights": self.fusion.weights.astype(np.float64),
                  "fusion_bias": np.array([self.fusion.bias]), "iso_x": self.fusion.iso_x, "iso_y": self.fusion.iso_y,
                  "threshold": np.array([self.fusion.threshold]), **self.green_text.state(),
                  **(self.general_text or GreenText.empty()).state("general_text"), **self.decision.state()}
        self.meta["model_version"] = model_version(self.meta, arrays)
        meta = {k: v for k, v in self.meta.items() if k not in ("format", "routes", "features")}
        model_file.save(path, {**meta, "routes": self.routes.iris, "features": FEATURES}, arrays)

    @classmethod
    def from_file(cls, routes: RouteIndex, path: Path) -> Classifier:
        meta, arrays = model_file.load(path)
        if meta.get("features") != FEATURES:
            raise InputError("model was trained with other features; retrain it", source=str(path))
        if meta.get("featurizer") != FEATURIZER:
            raise InputError(f"model turns text into features another way ({meta.get('featurizer') or 'an older way'}, "
                             f"this version: {FEATURIZER}); retrain it with `greentaxo train`", source=str(path))
        if meta.get("selection") != SELECTION:
            raise InputError(f"model was calibrated for another way of picking routes "
                             f"({meta.get('selection') or 'an older way'}, this version: {SELECTION}); "
                             "retrain it with `greentaxo train`", source=str(path))
        route_map = np.array([routes.col.get(iri, -1) for iri in meta.pop("routes")], dtype=np.int64)
        backends = make_backends(routes)
        backends["ngram"].load_state(arrays, route_map)
        fusion = Fusion(arrays["fusion_weights"], float(arrays["fusion_bias"][0]), arrays["iso_x"], arrays["iso_y"],
                        float(arrays["threshold"][0]))
        try:
            decision = GreenDecision.from_state(arrays)
        except ValueError as e:
            raise InputError(f"{e}; retrain it with `greentaxo train`", source=str(path)) from None
        if "general_text_idx" not in arrays:
            raise InputError("model has no general English model (made by another version); retrain it with "
                             "`greentaxo train`", source=str(path))
        return cls(routes, backends, fusion, meta, GreenText.from_state(arrays), decision,
                   GreenText.from_state(arrays, "general_text"))


def walk_stops(evidence: list[dict], lens: np.ndarray) -> list[frozenset[int]]:
    """Per document, where selection's walk down may stop (`fusion.stops`), from its label evidence and its
    `lengths`: what classifying and every evaluation of the routes shown pass to `select`."""
    return [stops(ev, n) for ev, n in zip(evidence, lens, strict=True)]


def lengths(docs: list[Document]) -> np.ndarray:
    """Per document, the length the green decision is chosen by (`green.text_length`)."""
    return np.array([text_length(d.full_text) for d in docs], dtype=np.int64)


# header entries outside the model version: the version itself, when the file was written, and what the
# file format adds or the loader checks on its own (format, the route IRIs, which follow the taxonomy hash,
# and the fusion's feature names, which follow the package version)
UNHASHED = ("model_version", "created", "format", "routes", "features")


def model_version(meta: dict, arrays: dict[str, np.ndarray]) -> str:
    """A hash of the model itself: it changes whenever any weight, threshold or the taxonomy it was built for
    changes, and only then; the same for a model loaded and saved again."""
    h = hashlib.sha256(json.dumps({k: v for k, v in meta.items() if k not in UNHASHED},
                                  sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for name in sorted(arrays):
        h.update(name.encode() + np.ascontiguousarray(arrays[name]).tobytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def route_index(kg: KnowledgeGraph) -> RouteIndex:
    """The classifier's view of the routes of `kg`, built once and kept with the graph."""
    return kg.derived("greentaxo.classify.routes", RouteIndex.from_graph)


def load(kg: KnowledgeGraph | None = None, model: str | Path | None = None) -> Classifier:
    """The model file (default: the bundled one) over `kg` (default: the bundled graph), loaded once per
    graph and model file and kept with the graph (KnowledgeGraph.derived)."""
    kg = kg or greentaxo.load()
    path = Path(model) if model else model_file.default_path()
    return kg.derived(f"greentaxo.classify.classifier:{path.resolve()}",
                      lambda g: Classifier.from_file(route_index(g), path))
