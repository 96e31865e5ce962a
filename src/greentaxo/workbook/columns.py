"""Which spreadsheet column holds which RDF property, and how a cell is written and read.

A column header names its property and, for text, its language (`altLabel@zh`). Known properties have
short names and a kind that says how the cell is parsed; any other property found in the data gets a
`ttl <curie>` column whose cell holds Turtle terms, so that an export never drops a triple.
Multi-valued cells put one value per line (Alt+Enter in Excel), because labels may contain `;` and `,`.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from greentaxo.namespaces import GT, compact, expand
from greentaxo.sources.serialise import term

SEP = "\n"
LANGS = ("zh", "en")

# short header name -> (property, kind); kinds: lang (text with a language), ref (another route, or a facet
# concept for isReplacedBy), iri (any IRI, e.g. a function or a criterion), int, bool, str (plain text),
# dec (a decimal number)
NAMED: dict[str, tuple[URIRef, str]] = {
    "prefLabel": (SKOS.prefLabel, "lang"),
    "altLabel": (SKOS.altLabel, "lang"),
    "hiddenLabel": (SKOS.hiddenLabel, "lang"),
    "ambiguousLabel": (URIRef(GT + "ambiguousLabel"), "lang"),     # sense rules (docs/editing.md)
    "requiresContext": (URIRef(GT + "requiresContext"), "lang"),
    "excludedBy": (URIRef(GT + "excludedBy"), "lang"),               # words that rule the route out
    "vetoedBy": (URIRef(GT + "vetoedBy"), "lang"),                   # ... even beside its own labels
    "definition": (SKOS.definition, "lang"),
    "scopeNote": (SKOS.scopeNote, "lang"),
    "editorialNote": (SKOS.editorialNote, "lang"),
    "broader": (SKOS.broader, "ref"),
    "trlMin": (URIRef(GT + "trlMin"), "int"),
    "trlMax": (URIRef(GT + "trlMax"), "int"),
    "providesFunction": (URIRef(GT + "providesFunction"), "iri"),
    "requires": (URIRef(GT + "requires"), "ref"),
    "complements": (URIRef(GT + "complements"), "ref"),
    "alternativeTo": (URIRef(GT + "alternativeTo"), "ref"),
    "conflictsWith": (URIRef(GT + "conflictsWith"), "ref"),
    "related": (SKOS.related, "ref"),
    "deprecated": (OWL.deprecated, "bool"),
    "isReplacedBy": (DCTERMS.isReplacedBy, "ref"),
    "deprecationReason": (URIRef(GT + "deprecationReason"), "lang"),
    # facet concepts (sheet `facets`)
    "involvesRoute": (URIRef(GT + "involvesRoute"), "ref"),
    # key performance indicators and their thresholds (sheets `indicators`, `thresholds`)
    "kpiOf": (URIRef(GT + "kpiOf"), "ref"),
    "metric": (URIRef(GT + "metric"), "str"),
    "unit": (URIRef(GT + "unit"), "str"),
    "direction": (URIRef(GT + "direction"), "str"),
    "typicalMin": (URIRef(GT + "typicalMin"), "dec"),
    "typicalMax": (URIRef(GT + "typicalMax"), "dec"),
    "comparator": (URIRef(GT + "comparator"), "str"),
    "threshold": (URIRef(GT + "threshold"), "dec"),
    "setBy": (URIRef(GT + "setBy"), "iri"),
    "testedBy": (URIRef(GT + "testedBy"), "iri"),
    "source": (DCTERMS.source, "str"),
}
BY_PROPERTY = {p: name for name, (p, _) in NAMED.items()}
SINGLE = {"prefLabel", "definition", "trlMin", "trlMax", "deprecated", "kpiOf", "metric", "unit", "direction",
          "typicalMin", "typicalMax", "comparator", "threshold"}   # at most one value (per language)

# always written, in this order, so that every domain sheet has the same layout
BASE = ["IRI", "notation", "prefLabel@zh", "prefLabel@en", "altLabel@zh", "altLabel@en", "hiddenLabel@zh",
        "hiddenLabel@en", "definition@zh", "definition@en", "broader", "trlMin", "trlMax", "providesFunction",
        "requires", "complements", "alternativeTo", "conflictsWith", "deprecated", "isReplacedBy"]


@dataclass(frozen=True)
class Column:
    header: str
    prop: URIRef | None      # None for IRI and notation, which are handled apart
    kind: str                # iri-cell, notation, lang, ref, iri, int, bool, ttl
    lang: str = ""

    @property
    def single(self) -> bool:
        return self.header.split("@")[0] in SINGLE


def parse_header(header: str) -> Column:
    """A header cell -> Column; raises ValueError with the reason an editor can act on."""
    h = (header or "").strip()
    if h == "IRI":
        return Column(h, None, "iri-cell")
    if h == "notation":
        return Column(h, SKOS.notation, "notation")
    if h.startswith("ttl "):
        try:
            return Column(h, URIRef(expand(h[4:].strip())), "ttl")
        except ValueError as exc:
            raise ValueError(f"column {h!r}: {exc}") from None
    name, _, lang = h.partition("@")
    if name in NAMED:
        prop, kind = NAMED[name]
        if kind == "lang" and not lang:
            raise ValueError(f"column {h!r} needs a language, e.g. {name}@zh")
        if kind != "lang" and lang:
            raise ValueError(f"column {h!r}: {name} takes no language tag")
        return Column(h, prop, kind, lang)
    if lang:   # text in a language for a property without a short name, e.g. dct:description@en
        try:
            return Column(h, URIRef(expand(name)), "lang", lang)
        except ValueError:
            pass
    known = ", ".join(["IRI", "notation", *NAMED])
    raise ValueError(f"unknown column {h!r}; use one of {known}, 'name@lang' or 'ttl <curie>'")


def column_for(prop: URIRef, obj) -> str:
    """Header of the column that holds this triple's object (used by the export)."""
    name = BY_PROPERTY.get(prop)
    if name:
        kind = NAMED[name][1]
        if kind == "lang" and isinstance(obj, Literal) and obj.language:
            return f"{name}@{obj.language}"
        if kind in ("ref", "iri") and isinstance(obj, URIRef):
            return name
        if kind == "int" and isinstance(obj, Literal) and obj.datatype == XSD.integer:
            return name
        if kind == "bool" and isinstance(obj, Literal) and obj.datatype == XSD.boolean:
            return name
        if kind == "str" and isinstance(obj, Literal) and not obj.language and obj.datatype in (None, XSD.string):
            return name
        if kind == "dec" and isinstance(obj, Literal) and obj.datatype == XSD.decimal:
            return name
    if isinstance(obj, Literal) and obj.language and name is None:
        return f"{compact(str(prop))}@{obj.language}"
    return f"ttl {compact(str(prop))}"


def cell_text(col: str, obj) -> str:
    """How one object is written in a cell of column `col`."""
    if col.startswith("ttl "):
        return term(obj)
    if isinstance(obj, URIRef):
        return compact(str(obj))
    if isinstance(obj, Literal) and obj.datatype == XSD.boolean:
        return "true" if obj.toPython() else "false"
    return str(obj)


def text_of(v) -> str:
    """A cell value as the text an editor sees (Excel numbers 5.0 -> '5', booleans -> true/false)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\r\n", "\n").strip()
