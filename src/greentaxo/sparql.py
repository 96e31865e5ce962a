"""Read-only SPARQL over the embedded store, bounded in result size; the server bounds it in time by running
it in a worker process that is killed at the timeout (greentaxo.sparql_workers)."""
from __future__ import annotations

import csv
import io
import json
import math
import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import pyoxigraph as ox

from greentaxo.errors import GreentaxoError, InputError
from greentaxo.security.cells import safe_row

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.sparql_workers import QueryPool

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s+)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE)


class QueryTimeout(GreentaxoError):
    """The query ran longer than allowed (and was stopped), or no query slot freed in time: 503, with
    Retry-After saying how many seconds to wait."""

    status, title = 503, "Query timed out"

    def __init__(self, message: str, retry_after: float = 5) -> None:
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))

    def problem_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class UpdateRefused(InputError):
    """SPARQL Update is not served: the graph is read-only over HTTP."""

    status, title = 400, "Update refused"


def run(kg: KnowledgeGraph, query: str, accept: str = "application/sparql-results+json", *,
        timeout: float = 5.0, max_results: int = 10000, pool: QueryPool | None = None) -> tuple[bytes, str]:
    """Evaluate a SELECT/ASK/CONSTRUCT/DESCRIBE query; returns (body, media type). With a `pool` (the server)
    the query runs in one of its worker processes and is stopped at `timeout`; without one (the library, the
    CLI) it runs here, to the end."""
    if not query or not query.strip():
        raise InputError("query is empty; send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if _UPDATE.match(query):
        raise UpdateRefused("SPARQL Update is not allowed here: this endpoint is read-only")
    if pool is not None:
        return pool.run(query, accept, timeout=timeout, max_results=max_results)
    return evaluate(kg, query, accept, max_results)


def evaluate(kg: KnowledgeGraph, query: str, accept: str, max_results: int) -> tuple[bytes, str]:
    """Run the query on this thread and serialise its results (in a worker process, on the server)."""
    try:
        result = kg.query(query)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if isinstance(result, ox.QueryBoolean):
        media = accept if accept in RESULT_FORMATS else "application/sparql-results+json"
        return result.serialize(format=RESULT_FORMATS[media]), media
    what = "results" if isinstance(result, ox.QuerySolutions) else "triples"
    variables = result.variables if isinstance(result, ox.QuerySolutions) else None
    items, too_many = _bounded(result, max_results)
    # pyoxigraph's result iterators must be dropped on the thread that made them; an exception raised while
    # one is alive would carry it (in its traceback) to the caller's thread
    del result
    if too_many:
        raise InputError(f"the query returns more than {max_results} {what}; add a LIMIT")
    if variables is not None:
        media = accept if accept in RESULT_FORMATS else "application/sparql-results+json"
        return _solutions(variables, items, RESULT_FORMATS[media]), media
    media = accept if accept in GRAPH_FORMATS else "text/turtle"
    return ox.serialize(items, format=GRAPH_FORMATS[media]), media


def _bounded(items, limit: int) -> tuple[list, bool]:
    """At most `limit` items, and whether there were more (the query is too broad)."""
    out = []
    for i, item in enumerate(items):
        if i >= limit:
            return out, True
        out.append(item)
    return out, False


def _solutions(variables, rows, fmt) -> bytes:
    """Re-serialise the collected rows (pyoxigraph serialises only a live iterator)."""
    if fmt == ox.QueryResultsFormat.JSON:
        def term(t):
            if t is None:
                return None
            if isinstance(t, ox.NamedNode):
                return {"type": "uri", "value": t.value}
            if isinstance(t, ox.BlankNode):
                return {"type": "bnode", "value": t.value}
            d = {"type": "literal", "value": t.value}
            if t.language:
                d["xml:lang"] = t.language
            elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                d["datatype"] = t.datatype.value
            return d
        names = [v.value for v in variables]
        bindings = [{n: term(r[n]) for n in names if r[n] is not None} for r in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()

    names = [v.value for v in variables]
    if fmt == ox.QueryResultsFormat.XML:
        out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f'<variable name="{n}"/>' for n in names] + ["</head>", "<results>"]
        for r in rows:
            out.append("<result>")
            for n in names:
                t = r[n]
                if t is None:
                    continue
                kind = "uri" if isinstance(t, ox.NamedNode) else "bnode" if isinstance(t, ox.BlankNode) else "literal"
                lang = f' xml:lang="{t.language}"' if kind == "literal" and t.language else ""
                out.append(f'<binding name="{n}"><{kind}{lang}>{escape(t.value)}</{kind}></binding>')
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out).encode()
    sep = "," if fmt == ox.QueryResultsFormat.CSV else "\t"

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n" if sep == "," else "\n")
    w.writerow(names if sep == "," else [f"?{n}" for n in names])
    for r in rows:
        # a value a spreadsheet would run as a formula gets an apostrophe (greentaxo.security.cells)
        w.writerow(safe_row("" if r[n] is None else (r[n].value if sep == "," else str(r[n])) for n in names))
    return buf.getvalue().encode()
