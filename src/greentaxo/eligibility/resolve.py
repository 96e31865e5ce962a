"""From a free-text description to the route a verdict may rest on, with a confidence a bank can see.

The classifier (`greentaxo.classify`) is used through one function, `classify_texts`, so that its
contract can change in one place. It gives, per text, whether the text describes a green technology
(`green`, and `p_green` where the model reports it), and candidate routes with calibrated scores
(the probability that the route shown is the right one) and the label spans that support them.

What eligibility does with that answer (`decide`):

- not green -> the text is outside every catalogue: "no green technology route found in the text";
- green -> the best route is used, and each catalogue asks how sure we are of *its items*: the scores of
  the candidates that lead to the same items of that catalogue are added up (siblings such as fixed and
  floating offshore wind land on the same wind-power item, so doubt between them is no doubt about the
  verdict). Below `FLOOR` that catalogue's verdict is `needs-review`, naming the candidates;
- no classifier model -> label search, then "a route label inside the text" (each shown as the method);
  those scores are not calibrated, so their verdicts are always `needs-review` unless a label matched;
- no route firmly found (`Resolution.firm`) but a facet concept named (`named_facet`: "地铁线路建设" names the project
  type urban rail line) -> the engine judges the catalogues on that concept's mapping rows (method facet-label).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.classify import load_classifier
from greentaxo.classify.labels import names_route
from greentaxo.classify.textnorm import STOPWORDS, drop_exclusions
from greentaxo.eligibility.lines import (
    WRAPPING,
    FacetLabels,
    at_head,
    automaton,
    beside,
    contains,
    heads_first,
    pieces,
    qualified,
    scan,
    site_pairs,
    vetoed_routes,
)
from greentaxo.errors import GreentaxoError, InputError
from greentaxo.taxonomy import SearchHit
from greentaxo.text import has_cjk, normalise

if TYPE_CHECKING:
    from greentaxo.facets import Facet
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

MAX_TEXT = 20_000
TOP_K = 5
# Sum of calibrated route scores behind a catalogue's items below which a verdict from text is not firm, chosen by
# benchmarks/eligibility_floor.py (docs/eligibility.md): in the gap between the calibration's plateau at 0.38-0.42 (right
# items about a quarter of the time) and its next step near 0.58, so that retraining does not carry the plateau over.
FLOOR = 0.5
NOT_GREEN = "no green technology route found in the text"
# a text the classifier judges green although no label, n-gram or IPC code of any route occurs in it
UNROUTED = ("the text reads like green patents (P(green) = {p:.2f}), but nothing in it names or resembles any route "
            "of the taxonomy, so there is no catalogue item to read")
# issue 14's reason codes for "not green" when routes were suggested; with p_green and the best route's score at
# least these, the text is sent for review rather than called not green (the green decision is calibrated on a
# stream of patents, mostly not green, not on loan lines put to a green-finance desk). Set on the loan lines of
# tests/eligibility/loan_cases.py: EV charging (p_green 0.15-0.20, best route 0.38-0.42) is reviewed, a game is not.
DOUBT = ("low-probability", "context-missing")
REVIEW_P_GREEN = 0.1
REVIEW_ROUTE = 0.3
# a text judged green that nothing in the taxonomy resembles goes to a person only when the decision is fairly sure
# (out of fold, P(green) from 0.4 up is right at least 4 times in 10: docs/classifier.md, "Reliability"); below, the
# wording alone is too faint a sign ("Oil and gas exploration drilling", P 0.25) and the line is not green
REVIEW_UNROUTED_P = 0.4
VETOED = ("; it names {label} ({curie}) together with a word that rules that route out (a veto word, gt:vetoedBy: its "
          "polluting form or a use that is not the route)")
FAINT = ("its wording reads only faintly like green patents (P(green) = {p:.2f}, under {floor}) and nothing in it names "
         "or resembles any route")


@dataclass
class Candidate:
    concept: Concept
    score: float | None                 # calibrated probability that this route is right (None: not calibrated)
    evidence: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        c = self.concept
        return {"id": c.iri, "notation": c.notation, "label": c.pref, "score": self.score,
                "evidence": self.evidence}


@dataclass
class Resolution:
    """What a text resolved to; `block` is the contract's "classification" object."""
    method: str                          # classifier | label-search | label-in-text
    green: bool
    candidates: list[Candidate]
    block: dict
    named: list[Concept] = field(default_factory=list)   # routes whose specific label the text contains
    review_only: bool = False            # the classifier doubts the text is green: no verdict is firm
    unrouted: bool = False               # green, but no candidate is credible enough to read a verdict from

    @property
    def firm(self) -> bool:
        """Whether a route was firmly found: named in the text, or the best route green and not in doubt (a
        calibrated score at the floor or above; label-search hits, which have no score, count as found)."""
        if self.named:
            return True
        if not self.green or self.review_only or not self.candidates:
            return False
        score = self.candidates[0].score
        return score is None or score >= FLOOR

    @property
    def used(self) -> Concept | None:
        return self.candidates[0].concept if self.green and self.candidates and not self.unrouted else None

    def support(self, same_items) -> tuple[float, str] | None:
        """How sure we are of the used route's items: 1.0 when the text names a route with the same items
        (`same_items(concept) -> bool`), else the summed calibrated score of the candidates with the same
        items; None when the scores are not calibrated probabilities (label search)."""
        for c in self.named:
            if same_items(c):
                return 1.0, f"the text names {c.curie} {c.label('zh')}"
        if not self.candidates or self.candidates[0].score is None:
            return None
        total = min(1.0, sum(c.score or 0.0 for c in self.candidates if same_items(c.concept)))
        return total, "candidates with the same items"


def check_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise InputError("text: empty; describe the technology or project")
    if len(text) > MAX_TEXT:
        raise InputError(f"text: {len(text)} characters; at most {MAX_TEXT}")
    return text


def resolve(kg: KnowledgeGraph, text: str, answer: dict | None = None) -> Resolution:
    """The resolution of one text; `answer` is the classifier's output when the caller already has it
    (the portfolio classifies in batches), else the classifier (or its fallback) is asked here."""
    text = check_text(text)
    if answer is None:
        answer = classify_texts(kg, [text])[0]
    if answer is not None:
        return _from_classifier(kg, text, answer)
    return _from_labels(kg, text)


def _from_classifier(kg: KnowledgeGraph, text: str, out: dict) -> Resolution:
    # r14's contract adds `candidates` (the best routes whatever the green decision) and `p_green`;
    # today's gives `routes` (empty when not green). Either works here.
    raw = out.get("candidates") or out.get("routes") or []
    cands = []
    for r in raw:
        c = kg.taxonomy.concepts.get(r.get("id", ""))
        if c is not None and not c.deprecated:
            cands.append(Candidate(c, r.get("score"), r.get("evidence") or []))
    q = query(text)
    ruled = vetoed_routes(kg, q)          # the routes veto words in the line rule out: one scan, read by the rules below
    # what powers, heats or fuels the thing financed is not the thing: "Data centre powered by rooftop solar"
    cands = [c for c in cands if not c.evidence or not all(beside(q, e.get("text") or "") for e in c.evidence)]
    said_green = bool(out.get("green")) and bool(cands)
    reason = out.get("reason") if isinstance(out.get("reason"), dict) else {}
    named = _named(kg, q, ruled)
    named = [(c, m) for c, m in _reworded(cands, named) + named or _sure_short_label(cands) if not beside(q, m)]
    method, green, review_only, unrouted = "classifier", said_green, False, False
    if named and (not cands or (not _related(kg, named[0][0], cands[0].concept)
                                and (_longer(named[0][1], cands[0]) or _hosted(kg, named, cands[0], q)
                                     or qualified(q, named[0][1], [e.get("text") or "" for e in cands[0].evidence])))
                  or not said_green or _walked_below(kg, named[0], cands[0], q)):
        # the text names a route outright, more specifically than anything the best candidate matched, or the best
        # candidate is only the site it is installed at -- or the green decision, trained on patents, doubts a loan
        # line that names its technology -- or the best candidate is a leaf below the named group that only the
        # group's label supports: the name stands
        cands.insert(0, Candidate(named[0][0], None, [{"matched": named[0][1]}]))
        method, green = "classifier+label", True
    elif cands and not cands[0].evidence and ruled:
        green = False    # a veto word took the line's route and n-grams point elsewhere: "燃煤电厂扩建（配套脱硫脱硝）"
    elif not said_green and cands and reason.get("code") in DOUBT and (out.get("p_green") or 0) >= REVIEW_P_GREEN \
            and (cands[0].score or 0) >= REVIEW_ROUTE \
            and (reason.get("code") != "context-missing" or cands[0].evidence):
        # routes were found but the text reads like the not-green records: a question for a person -- unless the
        # only green words were ambiguous ones without their context and no label supports the best route ("Purchase
        # of a private jet": jet without fuel; rail sidings from n-grams alone)
        green, review_only = True, True
    elif out.get("green") and not cands and (out.get("p_green") or 0) >= REVIEW_UNROUTED_P:
        # green by its wording, yet nothing in it supports any route (reason route-unknown): a question for a person
        green, review_only = True, True
    elif out.get("green") and not cands:
        green = False
        reason = {"text": FAINT.format(p=out.get("p_green") or 0, floor=REVIEW_UNROUTED_P)}
    elif out.get("green") and reason.get("code") == "route-uncertain":
        # green by its wording; what supports a route stays far under the classifier's threshold and the text names
        # none: a tentative verdict for that guess ("一种一体化光伏亮化装置" -> odour control at 0.01) would mislead
        green, review_only, unrouted = True, True, True
    block = {"method": method, "model_version": out.get("model_version"), "text": text, "green": green,
             "p_green": out.get("p_green"), "candidates": [c.to_dict() for c in cands],
             "named_in_text": [{"id": c.iri, "label": c.pref, "matched": m} for c, m in named],
             "used": None, "floor": FLOOR}
    if review_only and not cands:
        block["note"] = UNROUTED.format(p=out.get("p_green") or 0)
    elif unrouted:
        block["note"] = reason.get("text") or UNROUTED.format(p=out.get("p_green") or 0)
    elif review_only:
        block["note"] = f"the classifier doubts the text is green ({reason.get('text') or reason.get('code')})"
    if not green:
        why = reason.get("text")           # the classifier's own sentence, when it says more than NOT_GREEN
        block["note"] = NOT_GREEN + (f" ({why})" if why and why.strip(". ").lower() != NOT_GREEN else "")
        if vetoed := ruled and [h for h in _label_index(kg).hits(q, TOP_K) if h.concept.iri in ruled]:
            block["note"] += VETOED.format(curie=vetoed[0].concept.curie, label=vetoed[0].matched)
    res = Resolution(method, green, cands, block, [c for c, _ in named], review_only, unrouted)
    block["used"] = res.used.iri if res.used else None       # the route a verdict is read from: `Resolution.used`
    return res


def named_routes(kg: KnowledgeGraph, text: str) -> list[tuple[Concept, str]]:
    """Routes one of whose specific labels (four or more Chinese characters, or two or more words) the text
    contains, with that label, most specific first: a loan line that says "抽水蓄能电站" or "offshore wind farm"
    names its route. A three-character label ("声屏障") names its route only when the line is that label and the
    words of making or building it ("声屏障生产线")."""
    q = query(text)
    return _named(kg, q, vetoed_routes(kg, q))


def query(text: str) -> str:
    """The text as the label matchers read it: normalised, with its bracketed exclusions blanked."""
    return normalise(drop_exclusions(text))


def _named(kg: KnowledgeGraph, q: str, vetoed: frozenset[str]) -> list[tuple[Concept, str]]:
    """`named_routes` on the normalised line `q`, leaving out the routes its veto words rule out (`vetoed`)."""
    out = []
    for h in _label_index(kg).hits(q, TOP_K):
        if not h.concept.broader or h.concept.iri in vetoed:
            continue            # a domain ("Energy efficiency") names a field, not a route; "TGIC" vetoes powder coatings
        n = normalise(h.matched)
        if names_route(n) or (has_cjk(n) and len(n) == 3 and at_head(q, n)):
            out.append((h.concept, h.matched))
    return heads_first(q, out)


def _hosted(kg: KnowledgeGraph, named: list[tuple[Concept, str]], best: Candidate, q: str) -> bool:
    """Whether the classifier's best route is only the site the line names for the named thing (`heads_first`): a
    route under the site whose own labels share words with the thing is both ("Heat pump for an electric vehicle"
    is the vehicles' heat-pump thermal management, not building heat pumps)."""
    sites = {s for s, _h in site_pairs(q, named)}
    thing = normalise(named[0][1])
    return any(_related(kg, c, best.concept) for c, _m in named if c.iri in sites) \
        and not any(contains(normalise(own), thing) for _k, _l, own in best.concept.all_labels())


def _sure_short_label(cands: list[Candidate]) -> list[tuple[Concept, str]]:
    """The best candidate, as a named route, when the classifier is sure of it (calibrated score at the floor or above)
    and the text holds one of its own three-character Chinese labels: "焦化企业干熄焦改造" names coke dry quenching
    (干熄焦, route score 0.80) although the green decision, trained on patent titles, reads the line at 0.27 against a
    cut of 0.28. Shorter labels (光伏, 储能) name groups and parts of many things; they stay the decision's."""
    best = cands[0] if cands else None
    if best is None or best.score is None or best.score < FLOOR or not best.concept.broader:
        return []
    # the evidence shown with a leaf may be its group's label (a group stands for its best leaf): only its own counts
    own = {normalise(label) for _kind, _lang, label in best.concept.all_labels()}
    for e in best.evidence:
        m = normalise(e.get("matched") or "")
        if len(m) == 3 and all(has_cjk(ch) for ch in m) and m in own:
            return [(best.concept, e.get("matched"))]
    return []


def _reworded(cands: list[Candidate], named: list[tuple[Concept, str]]) -> list[tuple[Concept, str]]:
    """A candidate one of whose own English labels of two or more words the classifier found in another order or
    number ("Heat pump for an electric vehicle" for "heat pump for electric vehicles"), when that label has more words
    than every label the line holds as written: it names its route more specifically than they do."""
    most = max((len(normalise(m).split()) for _c, m in named), default=0)
    for c in (c for c in cands[:3] if c.evidence):
        own = {normalise(label) for _kind, lang, label in c.concept.all_labels() if lang == "en"}
        for e in c.evidence:
            m, t = normalise(e.get("matched") or ""), normalise(e.get("text") or "")
            if m in own and names_route(m) and len(m.split()) > most and t != m \
                    and set(m.split()) - STOPWORDS <= set(t.split()):
                return [(c.concept, e["matched"])]
    return []


def _related(kg: KnowledgeGraph, a: Concept, b: Concept) -> bool:
    return a.iri == b.iri or any(x.iri == b.iri for x in kg.taxonomy.ancestors(a.iri)) \
        or any(x.iri == a.iri for x in kg.taxonomy.ancestors(b.iri))


def _walked_below(kg: KnowledgeGraph, named: tuple[Concept, str], best: Candidate, q: str) -> bool:
    """Whether `best` lies below the named route, scores under the floor and nothing of its own labels is in the
    text: the classifier shows a leaf for a group its label lifted, and "光伏组件生产线" (the solar group's label) would
    otherwise be read as perovskite cells (0.20), a leaf the text never names. A leaf the classifier is sure of stays
    ("锂电池储能电站"), and so does one whose labels share words with the rest of the text ("工业园区污水处理": the
    group label 污水处理, and 工业园区 from the leaf 工业园区污水集中处理)."""
    group, label = named
    if best.concept.iri == group.iri or (best.score or 0.0) >= FLOOR \
            or not any(a.iri == group.iri for a in kg.taxonomy.ancestors(best.concept.iri)):
        return False
    rest = WRAPPING.sub(" ", q.replace(normalise(label), " "))
    return not any(pieces(normalise(own)) & pieces(rest) for _k, _l, own in best.concept.all_labels())


def _longer(label: str, best: Candidate) -> bool:
    matched = [normalise(e.get("matched") or e.get("text") or "") for e in best.evidence]
    return len(normalise(label)) > max((len(m) for m in matched), default=0)


def _from_labels(kg: KnowledgeGraph, text: str) -> Resolution:
    hits = kg.taxonomy.search(text, limit=TOP_K)
    method = "label-search"
    if not hits:
        # label search needs the whole text inside a label; a longer description may contain a label instead
        hits = labels_in_text(kg, text)
        method = "label-in-text"
    # label-search scores are string similarities, not probabilities: kept for display, never summed
    cands = [Candidate(h.concept, None, [{"matched": h.matched}]) for h in hits]
    block = {"method": method, "text": text, "green": bool(cands),
             "candidates": [{**c.to_dict(), "score": h.score} for c, h in zip(cands, hits, strict=True)],
             "used": cands[0].concept.iri if cands else None, "floor": None}
    if not cands:
        block["note"] = NOT_GREEN + " (no route label occurs in it, and no classifier model is installed)"
    return Resolution(method, bool(cands), cands, block)


# ---- the one dependency on the classifier
def _classifier(kg: KnowledgeGraph):
    """The trained classifier for this graph (kept with it by the classifier itself); None when there is no model."""
    return kg.derived("greentaxo.eligibility.resolve:classifier", _load_classifier)


def _load_classifier(kg: KnowledgeGraph):
    try:
        return load_classifier(kg)
    except (ImportError, OSError, GreentaxoError, ValueError):
        return None     # no classifier or no bundled model: label search is the documented fallback


def model_version(kg: KnowledgeGraph) -> str | None:
    clf = _classifier(kg)
    return getattr(clf, "model_version", None) if clf is not None else None


def classify_texts(kg: KnowledgeGraph, texts: list[str]) -> list[dict | None]:
    """The classifier's answer per text (None where there is no model or the text was refused), in batches."""
    clf = _classifier(kg)
    if clf is None or not texts:
        return [None] * len(texts)
    pairs = [(str(i), {"id": str(i), "title": t, "abstract": ""}) for i, t in enumerate(texts)]
    try:
        outs = list(clf.classify_records(iter(pairs), top_k=TOP_K, explain=True))
    except TypeError:       # a classifier without the explain option (before issue 14)
        outs = list(clf.classify_records(iter(pairs), top_k=TOP_K))
    return [None if "error" in o else o for o in outs]


class _LabelIndex:
    """Every live route label, normalised once, in one Aho-Corasick automaton (ahocorasick-rs, as the classifier's
    label backend): a description is scanned in one pass instead of label by label."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        weight = {"pref": 1.0, "alt": 0.9, "hidden": 0.8}
        self.entries: list[tuple[Concept, str, str, str, bool, float]] = []
        for c in kg.taxonomy.live():
            for kind, _lang, label in c.all_labels():
                n = normalise(label)
                if len(n) >= 2:
                    self.entries.append((c, n, label, kind, has_cjk(n), weight[kind]))
        self.automaton = automaton(self.entries)

    def hits(self, q: str, limit: int):
        """The routes whose labels occur in `q` (a `query`), longest label first."""
        found: dict[str, SearchHit] = {}
        for (c, n, label, kind, cjk, w), _start, _end in scan(self.automaton, self.entries, q):
            score = round(min(1.0, len(n) / max(len(q), 1)) * w, 4)
            if c.iri not in found or score > found[c.iri].score:
                found[c.iri] = SearchHit(c, score, label, kind, "zh" if cjk else "en")
        ranked = sorted(found.values(), key=lambda h: (-len(h.matched), bool(h.concept.narrower), h.concept.notation))
        return ranked[:limit]


def labels_in_text(kg: KnowledgeGraph, text: str, limit: int = TOP_K):
    """Routes whose label occurs inside the text, longest (most specific) label first."""
    return _label_index(kg).hits(query(text), limit)


def _label_index(kg: KnowledgeGraph) -> _LabelIndex:
    return kg.derived("greentaxo.eligibility.resolve:labels", _LabelIndex)


def named_facet(kg: KnowledgeGraph, text: str) -> tuple[Facet, str] | None:
    """The facet concept one of whose specific labels the text contains (the longest label wins), with that label;
    none when veto words rule out every route it involves ("Data centre for cryptocurrency mining")."""
    hit = kg.derived("greentaxo.eligibility.lines:facets", FacetLabels).best(q := query(text))
    return None if hit and hit[0].routes and set(hit[0].routes) <= vetoed_routes(kg, q) else hit
