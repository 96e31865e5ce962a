"""Each check has a stable code, a severity and a fix in plain words (see docs/quality.md)."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from greentaxo.text import normalise
from greentaxo.validate.report import Finding

if TYPE_CHECKING:
    from greentaxo.taxonomy import Concept, Taxonomy

CHECKS: dict[str, tuple[str, Callable]] = {}


def check(code: str, severity: str):
    def register(fn):
        CHECKS[code] = (severity, fn)
        return fn
    return register


def _f(code: str, c: Concept | str, message: str) -> Finding:
    focus = c if isinstance(c, str) else c.curie
    return Finding(code, CHECKS[code][0], focus, message)


@check("QS-ORPHAN", "error")
def orphans(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        if not c.top and not c.broader and not tax.children(c.iri):
            yield _f("QS-ORPHAN", c, "has neither broader nor narrower concepts and is not a top concept: "
                     "place it under a parent.")


@check("QS-CYCLE", "error")
def cycles(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        if c.iri in {a.iri for a in tax.ancestors(c.iri)}:
            yield _f("QS-CYCLE", c, "is its own ancestor: break the loop in skos:broader.")


@check("QS-HIERARCHY-REDUNDANCY", "warning")
def redundancy(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        parents = [p for p in c.broader if p in tax.concepts]
        for p in parents:
            others = {a.iri for q in parents if q != p for a in [tax.concepts[q], *tax.ancestors(q)]}
            if p in others:
                yield _f("QS-HIERARCHY-REDUNDANCY", c, f"has {tax.concepts[p].curie} as broader although it is already an "
                         "ancestor through another parent: remove the redundant skos:broader.")


def _label_owners(tax: Taxonomy) -> dict[tuple[str, str], set[tuple[str, str]]]:
    owners: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for c in tax.live():
        for _, lang, text in c.all_labels():
            owners[(lang, normalise(text))].add((c.iri, text))
    return owners


@check("QS-OVERLAPPING-LABELS", "warning")
def overlapping(tax: Taxonomy, kg) -> Iterator[Finding]:
    """Labels of two concepts equal after folding case, width and plural but written differently; labels
    written the same are errors of the shapes (TAX-LABEL-COLLISION, TAX-ALT-IS-PREFLABEL, TAX-DUPLICATE-PREFLABEL)."""
    for (lang, text), owned in sorted(_label_owners(tax).items()):
        iris = {i for i, _ in owned}
        exact = {t: {i for i, t2 in owned if t2 == t} for _, t in owned}
        if len(iris) > 1 and not any(len(v) == len(iris) for v in exact.values()):
            names = ", ".join(tax.concepts[i].curie for i in sorted(iris))
            yield _f("QS-OVERLAPPING-LABELS", tax.concepts[sorted(iris)[0]],
                     f"the {lang} label '{text}' is used by {names}: keep it on the concept it names best, or make "
                     "each label more specific (a shared synonym makes classification ambiguous).")


@check("QS-DISJOINT-LABELS", "error")
def disjoint(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
        for kind, lang, text in c.all_labels():
            kinds[(lang, normalise(text))].add(kind)
        for (lang, text), ks in kinds.items():
            if len(ks) > 1:
                yield _f("QS-DISJOINT-LABELS", c, f"uses '{text}'@{lang} as {' and '.join(sorted(ks))} label: a label "
                         "may have one kind only; delete the duplicate.")


@check("QS-MISSING-LABEL", "error")
def missing_label(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        for lang in ("zh", "en"):
            if lang not in c.pref:
                yield _f("QS-MISSING-LABEL", c, f"has no preferred label in {lang}: add one.")


@check("QS-MISSING-DEFINITION", "warning")
def missing_definition(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        for lang in ("zh", "en"):
            if not c.definition.get(lang):
                yield _f("QS-MISSING-DEFINITION", c, f"has no definition in {lang}: write one in our own words.")


@check("QS-INCOMPLETE-LANGUAGE", "info")
def incomplete_language(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.leaves():
        langs = {lang for lang, alts in c.alt.items() if alts}
        if langs and langs != {"zh", "en"}:
            missing = ({"zh", "en"} - langs).pop()
            yield _f("QS-INCOMPLETE-LANGUAGE", c, f"has alternative labels only in {', '.join(sorted(langs))}: add the "
                     f"{missing} wordings practitioners use, so text in that language is classified too.")


@check("QS-MAPPING-CLASH", "error")
def mapping_clash(tax: Taxonomy, kg) -> Iterator[Finding]:
    by: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in kg.mappings.rows:
        if r.is_match:
            by[(r.subject_id, r.object_id)].add(r.predicate_id.rsplit("#", 1)[-1])
    for (s, o), preds in sorted(by.items()):
        if "exactMatch" in preds and preds & {"broadMatch", "narrowMatch", "relatedMatch"}:
            c = tax.concepts.get(s)
            yield _f("QS-MAPPING-CLASH", c or s, f"maps to {o.rsplit('/', 1)[-1]} both as exactMatch and as "
                     f"{', '.join(sorted(preds - {'exactMatch'}))}: keep the one relation that is true.")


@check("QS-RELATION-CLASH", "warning")
def relation_clash(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        family = {a.iri for a in tax.ancestors(c.iri)} | {d.iri for d in tax.descendants(c.iri)}
        for rel in ("complements", "alternativeTo", "conflictsWith"):
            for other in c.relations.get(rel, []):
                if other in family and c.iri < other:
                    yield _f("QS-RELATION-CLASH", c, f"is {rel} {tax.concepts[other].curie}, which is also its ancestor "
                             "or descendant: a concept is not an alternative or complement of its own family; remove one.")


@check("QS-UNDEFINED-RESOURCE", "error")
def undefined(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        targets = list(c.broader) + [t for ts in c.relations.values() for t in ts] + list(c.replaced_by)
        for t in targets:
            if t not in tax.concepts:
                yield _f("QS-UNDEFINED-RESOURCE", c, f"refers to {t}, which is not defined in the scheme: fix the IRI.")


_SPACES = re.compile(r"\s{2,}|^\s|\s$")


@check("LBL-WHITESPACE", "error")
def whitespace(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        for kind, lang, text in c.all_labels():
            if _SPACES.search(text):
                yield _f("LBL-WHITESPACE", c, f"{kind} label {text!r}@{lang} has leading, trailing or double spaces: trim it.")


@check("LBL-DUPLICATE-SYNONYM", "warning")
def duplicate_synonym(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        seen: dict[str, str] = {}
        for kind, lang, text in c.all_labels():
            if kind == "pref":
                continue
            key = f"{lang}:{normalise(text)}"
            if key in seen and seen[key] != text:
                yield _f("LBL-DUPLICATE-SYNONYM", c, f"has synonyms {seen[key]!r} and {text!r} that differ only in case, "
                         "width or plural: keep one.")
            seen.setdefault(key, text)


_CJK_PUNCT_MIX = re.compile(r"[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]")


@check("LBL-FORMATTING", "info")
def formatting(tax: Taxonomy, kg) -> Iterator[Finding]:
    for c in tax.live():
        zh, en = c.pref.get("zh", ""), c.pref.get("en", "")
        if en and en[0].islower() and not en.split(" ")[0].isupper():
            yield _f("LBL-FORMATTING", c, f"English preferred label {en!r} starts in lower case: use sentence case.")
        if zh and _CJK_PUNCT_MIX.search(zh):
            yield _f("LBL-FORMATTING", c, f"Chinese preferred label {zh!r} uses half-width parentheses next to Chinese: "
                     "use full-width （）.")
        for lang, text in (("zh", zh), ("en", en)):
            if text.endswith(("。", ".", "；", ";", "，", ",")):
                yield _f("LBL-FORMATTING", c, f"preferred label {text!r}@{lang} ends with punctuation: remove it.")
