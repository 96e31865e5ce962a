"""RDF from a request, parsed without reaching anything outside the request (docs/security.md).

rdflib's JSON-LD parser fetches every context given by reference (`"@context": "http://..."`, a string in a
@context list, a scoped context inside a term definition, `"@import"`): over HTTP, or from the server's own disk
for a relative or file: reference. Here every such reference is found before parsing, wherever it sits in the
document; the project's own context is put inline from the copy bundled with the taxonomy, and any other one is
refused with a 422 naming it, so rdflib only ever sees inline contexts. Turtle parsing fetches nothing; both
formats get a fixed base IRI, so a relative IRI never becomes a file: IRI of the server's working folder (which
an error message would then show). `owl:imports` in a submission is data: nothing here or in the validation
(pyshacl with do_owl_imports off) follows it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from greentaxo.errors import InputError

BASE = "https://w3id.org/greentaxo/submission/"
CONTEXT = "https://w3id.org/greentaxo/context.jsonld"
BUNDLED = {CONTEXT: Path("ontology") / "context.jsonld"}       # context IRI -> file under the taxonomy root


class RemoteContextRefused(InputError):
    """A JSON-LD context or import given by reference that is not one the project bundles (HTTP 422)."""

    title = "Remote context refused"


def references(data: Any) -> Iterator[tuple[str, str]]:
    """(keyword, reference) of every context given by reference anywhere in a JSON-LD document: a string under
    @context (alone or in a list) or under @import, at any depth (scoped contexts included)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str):
                            yield key, item
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _bundled(ref: str, root: Path) -> dict:
    if ref not in BUNDLED:
        raise RemoteContextRefused(
            f"JSON-LD context {ref!r} is not fetched: this server never loads a context from elsewhere; put the "
            f"context inline (an object under @context) or use the project's own, {CONTEXT}")
    return json.loads((root / BUNDLED[ref]).read_text(encoding="utf-8"))["@context"]


def _inline(node: Any, root: Path) -> Any:
    """The document with every context reference replaced by the bundled context it names (others refused)."""
    if isinstance(node, list):
        return [_inline(x, root) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@context":
            items = [_bundled(x, root) if isinstance(x, str) else _inline(x, root)
                     for x in (value if isinstance(value, list) else [value])]
            out[key] = items if isinstance(value, list) else items[0]
        elif key == "@import" and isinstance(value, str):
            continue                    # merged below: imported terms first, this context's own win
        else:
            out[key] = _inline(value, root)
    if isinstance(node.get("@import"), str):
        out = {**_bundled(node["@import"], root), **out}
    return out


def parse_jsonld(body: str, root: Path):
    """A JSON-LD document -> rdflib Graph; a context by reference other than the bundled one is a 422."""
    from rdflib import Graph  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.plugins.parsers.jsonld import to_rdf  # noqa: PLC0415  (heavy: rdflib)

    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputError(f"the body is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    except RecursionError:
        raise InputError("the JSON body is nested too deeply") from None
    for _, ref in references(data):
        if ref not in BUNDLED:
            _bundled(ref, root)          # raises, naming the first context that would have been fetched
    graph = Graph()
    try:
        to_rdf(_inline(data, root), graph, base=BASE)
    except RemoteContextRefused:
        raise
    except Exception as exc:  # any parser error means the submission is malformed
        raise InputError(f"the json-ld body could not be parsed: {_first_line(exc)}") from None
    return graph


def parse_turtle(body: str):
    """A Turtle document -> rdflib Graph, relative IRIs against BASE (never the server's folder)."""
    from rdflib import Graph  # noqa: PLC0415  (heavy: rdflib)

    graph = Graph()
    try:
        graph.parse(data=body, format="turtle", publicID=BASE)
    except Exception as exc:  # any parser error means the submission is malformed
        raise InputError(f"the turtle body could not be parsed: {_first_line(exc)}") from None
    return graph


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [exc.__class__.__name__])[0][:200]
