"""Read-only SPARQL over the embedded store, bounded in time and result size."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import pyoxigraph as ox

from greentaxo.errors import GreentaxoError, InputError
from greentaxo.security.cells import safe_row

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

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
    """The query ran longer than allowed; the client may retry later or simplify it."""

    status, title, headers = 503, "Query timed out", {"Retry-After": "5"}


class UpdateRefused(InputError):
    """SPARQL Update is not served: the graph is read-only over HTTP."""

    status, title = 400, "Update refused"


_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sparql")
_SLOTS = threading.BoundedSemaphore(2)


def run(kg: KnowledgeGraph, query: str, accept: str = "application/sparql-results+json", *,
        timeout: float = 5.0, max_results: int = 10000) -> tuple[bytes, str]:
    """Evaluate a SELECT/ASK/CONSTRUCT/DESCRIBE query; returns (body, media type)."""
    if not query or not query.strip():
        raise InputError("query is empty; send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if _UPDATE.match(query):
        raise UpdateRefused("SPARQL Update is not allowed here: this endpoint is read-only")
    if not _SLOTS.acquire(blocking=False):
        raise QueryTimeout("too many queries are running; retry in a few seconds")

    def evaluate():
        try:
            return _evaluate(kg, query, accept, max_results)
        finally:
            _SLOTS.release()

    future = _POOL.submit(evaluate)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        raise QueryTimeout(f"the query did not finish within {timeout:g} s; add a LIMIT or narrow it") from None


def _evaluate(kg: KnowledgeGraph, query: str, accept: str, max_results: int) -> tuple[bytes, str]:
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
