"""The taxonomy shapes mirrored as SPARQL on pyoxigraph.

pyshacl needs ~4 s for the bundled routes; the same rules as one SPARQL query each on pyoxigraph take a
fraction of a second (docs/benchmarks.md). The SHACL file stays the contract: messages are read from
it by check name, and tests assert that both engines report the same (check, concept) pairs on every
fixture. Per-node shapes are mirrored by a query each (RULES); graph-wide `sh:sparql` constraints are
already SPARQL and run as written in the shapes file (run_graphwide).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from greentaxo.namespaces import GTF, GTK, GTR, GTX
from greentaxo.validate.report import Finding

ROUTES = "?value a gt:TechnologyRoute ."
LEAF = """?value a gt:TechnologyRoute . FILTER NOT EXISTS { ?value owl:deprecated true }
          FILTER NOT EXISTS { ?n skos:broader ?value . FILTER NOT EXISTS { ?n owl:deprecated true } }"""
LABEL_PATH = ("(skos:prefLabel|skos:altLabel|skos:hiddenLabel|skos:definition|gt:ambiguousLabel|gt:requiresContext"
              "|gt:excludedBy|gt:vetoedBy)")


@dataclass(frozen=True)
class Rule:
    check: str
    query: str             # SELECT DISTINCT ?value [...] — ?value is the offending concept
    shape: str = ""        # gts: local name of the shape holding the message, when the check name is shared


def _count(prop: str, lang: str, test: str) -> str:
    return f"""SELECT ?value WHERE {{ {ROUTES}
        OPTIONAL {{ ?value {prop} ?l FILTER(LANGMATCHES(LANG(?l), "{lang}")) }} }}
        GROUP BY ?value HAVING (COUNT(?l) {test})"""


RULES = [
    Rule("TAX-PREFLABEL-ZH", _count("skos:prefLabel", "zh", "!= 1")),
    Rule("TAX-PREFLABEL-EN", _count("skos:prefLabel", "en", "!= 1")),
    Rule("TAX-DEFINITION-ZH", _count("skos:definition", "zh", "< 1")),
    Rule("TAX-DEFINITION-EN", _count("skos:definition", "en", "< 1")),
    Rule("TAX-NOTATION", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES}
        {{ SELECT ?value (COUNT(?n) AS ?k) WHERE {{ {ROUTES} OPTIONAL {{ ?value skos:notation ?n }} }} GROUP BY ?value }}
        OPTIONAL {{ ?value skos:notation ?x }}
        FILTER (?k != 1 || (BOUND(?x) && (DATATYPE(?x) != xsd:string
                || !REGEX(STR(?x), "^[0-9]{{2}}(\\\\.[0-9]{{2}})*$")))) }}"""),
    Rule("TAX-IN-SCHEME", f"SELECT ?value WHERE {{ {ROUTES} FILTER NOT EXISTS {{ ?value skos:inScheme gtr:scheme }} }}"),
    Rule("TAX-LABEL-UNTAGGED", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES} ?value {LABEL_PATH} ?l .
        FILTER (!isLiteral(?l) || LANG(?l) = "") }}"""),
    Rule("TAX-LABEL-WHITESPACE", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES} ?value {LABEL_PATH} ?l .
        FILTER (!REGEX(STR(?l), "^\\\\S(.*\\\\S)?$", "s")) }}"""),
    Rule("TAX-BROADER-UNKNOWN", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES} ?value skos:broader ?b .
        FILTER NOT EXISTS {{ ?b a gt:TechnologyRoute }} }}"""),
    Rule("TAX-TRL-RANGE", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES}
        {{ SELECT ?value (COUNT(?t) AS ?k) WHERE {{ {ROUTES} ?value gt:trlMin ?t }} GROUP BY ?value }}
        ?value gt:trlMin ?m . OPTIONAL {{ ?value gt:trlMax ?x }}
        FILTER (?k > 1 || DATATYPE(?m) != xsd:integer || ?m < 1 || ?m > 9 || (BOUND(?x) && ?m > ?x)) }}""", "trlMin"),
    Rule("TAX-TRL-RANGE", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES}
        {{ SELECT ?value (COUNT(?t) AS ?k) WHERE {{ {ROUTES} ?value gt:trlMax ?t }} GROUP BY ?value }}
        ?value gt:trlMax ?m . FILTER (?k > 1 || DATATYPE(?m) != xsd:integer || ?m < 1 || ?m > 9) }}""", "trlMax"),
    Rule("TAX-FUNCTION-UNKNOWN", f"""SELECT DISTINCT ?value WHERE {{ {ROUTES} ?value gt:providesFunction ?f .
        FILTER NOT EXISTS {{ ?f a gt:Function }} }}"""),
    Rule("TAX-LEAF-ALTLABELS", f"""SELECT ?value WHERE {{ {LEAF}
        OPTIONAL {{ ?value skos:altLabel|skos:hiddenLabel ?a }} }} GROUP BY ?value HAVING (COUNT(?a) < 3)"""),
    Rule("TAX-LEAF-TRL", f"""SELECT DISTINCT ?value WHERE {{ {LEAF}
        FILTER (NOT EXISTS {{ ?value gt:trlMin ?a }} || NOT EXISTS {{ ?value gt:trlMax ?b }}) }}"""),
    Rule("TAX-LEAF-FUNCTION", f"SELECT ?value WHERE {{ {LEAF} FILTER NOT EXISTS {{ ?value gt:providesFunction ?f }} }}"),
    Rule("TAX-SENSE-NO-CONTEXT", """SELECT DISTINCT ?value WHERE { ?value gt:ambiguousLabel ?a .
        FILTER NOT EXISTS { ?value gt:requiresContext ?c } }"""),
    Rule("TAX-SENSE-NO-LABEL", """SELECT DISTINCT ?value WHERE { ?value gt:requiresContext ?c .
        FILTER NOT EXISTS { ?value gt:ambiguousLabel ?a } }"""),
    Rule("TAX-TOP-BROADER", "SELECT DISTINCT ?value WHERE { ?value skos:topConceptOf ?s ; skos:broader ?b }"),
    Rule("TAX-DEPRECATED-NO-REPLACEMENT", """SELECT ?value WHERE { ?value owl:deprecated true .
        FILTER NOT EXISTS { ?value dct:isReplacedBy ?r } FILTER NOT EXISTS { ?value gt:deprecationReason ?why } }"""),
]

KPI = "?value a gt:KeyPerformanceIndicator ."
THRESHOLD = "?value a gt:KPIThreshold ."
FACET = "?value a gt:FacetConcept ."


def _one(node: str, prop: str, bad: str = "false") -> str:
    """Nodes with not exactly one value of `prop`, or whose value ?x is `bad`."""
    return f"""SELECT DISTINCT ?value WHERE {{ {node}
        {{ SELECT ?value (COUNT(?y) AS ?k) WHERE {{ {node} OPTIONAL {{ ?value {prop} ?y }} }} GROUP BY ?value }}
        OPTIONAL {{ ?value {prop} ?x }} FILTER (?k != 1 || (BOUND(?x) && ({bad}))) }}"""


_NOT_IN = "!isLiteral(?x) || DATATYPE(?x) != xsd:string || STR(?x) NOT IN ({})"   # what sh:in of strings rejects


def _some(node: str, prop: str) -> str:
    return f"SELECT ?value WHERE {{ {node} FILTER NOT EXISTS {{ ?value {prop} ?x }} }}"


RULES += [
    Rule("TAX-KPI-ROUTE", _one(KPI, "gt:kpiOf", "NOT EXISTS { ?x a gt:TechnologyRoute }")),
    Rule("TAX-KPI-LABEL", _count("skos:prefLabel", "zh", "!= 1").replace(ROUTES, KPI)),
    Rule("TAX-KPI-LABEL", _count("skos:prefLabel", "en", "!= 1").replace(ROUTES, KPI)),
    Rule("TAX-KPI-METRIC", _one(KPI, "gt:metric", 'DATATYPE(?x) != xsd:string || !REGEX(STR(?x), "^[a-z][a-z0-9_]*$")')),
    Rule("TAX-KPI-UNIT", _one(KPI, "gt:unit", "DATATYPE(?x) != xsd:string")),
    Rule("TAX-KPI-DIRECTION", _one(KPI, "gt:direction", _NOT_IN.format('"higher", "lower"'))),
    Rule("TAX-KPI-RANGE", _one(KPI, "gt:typicalMin", "DATATYPE(?x) != xsd:decimal")),
    Rule("TAX-KPI-RANGE", _one(KPI, "gt:typicalMax", "DATATYPE(?x) != xsd:decimal")),
    Rule("TAX-KPI-RANGE", f"""SELECT DISTINCT ?value WHERE {{ {KPI}
        ?value gt:typicalMin ?a ; gt:typicalMax ?b . FILTER (?a > ?b) }}"""),
    Rule("TAX-KPI-SOURCE", _some(KPI, "dct:source")),
    Rule("TAX-KPI-THRESHOLD", f"""SELECT DISTINCT ?value WHERE {{ {KPI} ?value gt:hasThreshold ?t .
        FILTER NOT EXISTS {{ ?t a gt:KPIThreshold }} }}"""),
    Rule("TAX-KPI-THRESHOLD", _one(THRESHOLD, "gt:comparator", _NOT_IN.format('"<", "<=", ">", ">=", "="'))),
    Rule("TAX-KPI-THRESHOLD", _one(THRESHOLD, "gt:threshold", "DATATYPE(?x) != xsd:decimal")),
    Rule("TAX-KPI-THRESHOLD", _some(THRESHOLD, "dct:source")),
    Rule("TAX-KPI-THRESHOLD", f"SELECT DISTINCT ?value WHERE {{ {THRESHOLD} ?value gt:setBy ?s . FILTER (!isIRI(?s)) }}"),
    Rule("TAX-FACET-LABEL", _count("skos:prefLabel", "zh", "!= 1").replace(ROUTES, FACET)),
    Rule("TAX-FACET-LABEL", _count("skos:prefLabel", "en", "!= 1").replace(ROUTES, FACET)),
    Rule("TAX-FACET-DEFINITION", _count("skos:definition", "zh", "< 1").replace(ROUTES, FACET)),
    Rule("TAX-FACET-DEFINITION", _count("skos:definition", "en", "< 1").replace(ROUTES, FACET)),
    Rule("TAX-FACET-SCHEME", f"SELECT ?value WHERE {{ {FACET} FILTER NOT EXISTS {{ ?value skos:inScheme gtf:scheme }} }}"),
    Rule("TAX-FACET-KIND", f"""SELECT ?value WHERE {{ {FACET}
        OPTIONAL {{ ?value a ?k FILTER (?k IN (gt:ProjectType, gt:ServiceType, gt:MarketMechanism, gt:BusinessModel)) }} }}
        GROUP BY ?value HAVING (COUNT(?k) != 1)"""),
    Rule("TAX-FACET-ROUTE", f"""SELECT DISTINCT ?value WHERE {{ {FACET} ?value gt:involvesRoute ?r .
        FILTER NOT EXISTS {{ ?r a gt:TechnologyRoute }} }}"""),
]


def messages(shapes) -> dict[tuple[str, str], str]:
    """(check name, shape local name or '') -> message, read from the SHACL shapes graph."""
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)

    SH = "http://www.w3.org/ns/shacl#"
    out: dict[tuple[str, str], str] = {}
    for node, name in shapes.subject_objects(URIRef(SH + "name")):
        msg = shapes.value(node, URIRef(SH + "message"))
        if msg is None:
            continue
        local = str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else ""
        out.setdefault((str(name), ""), str(msg))
        out[(str(name), local)] = str(msg)
    return out


def short(text: str) -> str:
    """Route, indicator, facet and scenario IRIs in a message or focus as CURIEs."""
    return text.replace(GTR, "gtr:").replace(GTK, "gtk:").replace(GTF, "gtf:").replace(GTX, "gtx:")


def run_rules(kg, shapes) -> list[Finding]:
    msgs = messages(shapes)
    findings: set[Finding] = set()
    for rule in RULES:
        template = msgs.get((rule.check, rule.shape)) or msgs.get((rule.check, ""), rule.check)
        results = kg.query(rule.query)
        names = [v.value for v in results.variables]
        for row in results:
            value = row["value"].value
            findings.add(Finding(rule.check, "error", short(value), short(_fill(template, row, names))))
    return sorted(findings, key=lambda f: (f.focus, f.check))


def run_graphwide(kg, shapes, only: tuple[str, ...] = ()) -> list[Finding]:
    """Run every graph-wide `sh:sparql` rule (a shape with sh:targetNode) directly on pyoxigraph.

    rdflib's SPARQL engine needs tens of seconds for some of these queries over the bundle; pyoxigraph
    answers them in milliseconds. `$this` is bound to the target node by substitution.
    """
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)

    SH = "http://www.w3.org/ns/shacl#"
    out: set[Finding] = set()
    for shape, target in shapes.subject_objects(URIRef(SH + "targetNode")):
        severity = str(shapes.value(shape, URIRef(SH + "severity")) or SH + "Violation").rsplit("#", 1)[-1].lower()
        for constraint in shapes.objects(shape, URIRef(SH + "sparql")):
            select = shapes.value(constraint, URIRef(SH + "select"))
            if select is None:
                continue
            name = str(shapes.value(constraint, URIRef(SH + "name")) or "SHACL")
            if only and name not in only:
                continue
            template = str(shapes.value(constraint, URIRef(SH + "message")) or name)
            query = _bind_this(str(select), str(target))
            results = kg.query(query)
            names = [v.value for v in results.variables]
            for row in results:
                value = row["value"].value if row["value"] is not None else str(target)
                focus = short(value) if not value.startswith(GTX) else value      # scenarios keep their IRI
                out.add(Finding(name, {"violation": "error"}.get(severity, severity), focus,
                                short(_fill(template, row, names))))
    return sorted(out, key=lambda f: (f.focus, f.check))


def _fill(template: str, row, variables) -> str:
    """A SHACL message with each {?var} replaced by the row's value; unbound variables stay as written."""
    text = template
    for var in variables:
        try:
            term = row[var]
        except (KeyError, IndexError):
            continue
        if term is not None:
            text = text.replace("{?" + var + "}", term.value)
    return text


def _bind_this(select: str, target: str) -> str:
    """`$this` becomes the target IRI written into the query (a VALUES or BIND for it makes pyoxigraph plan
    label joins badly: 12 s instead of 0.03 s); its place in SELECT and GROUP BY lists is dropped."""
    query = re.sub(r"\b(SELECT(?:\s+DISTINCT)?|GROUP BY)\s+\$this\b", r"\1", select, flags=re.IGNORECASE)
    return query.replace("$this", f"<{target}>")
