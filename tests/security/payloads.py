"""The payloads that try to make the server reach out, by class, each pointing at the loopback listener (`url` is
its address). Used by test_outbound.py; the closing note of issue 20 lists the same classes."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import quote


def sparql(url: Callable[[str], str]) -> list[tuple[str, str]]:
    """(class, query) for the SPARQL endpoint."""
    u, host = url("sparql"), url("")
    return [
        ("SERVICE", f"SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}"),
        ("SERVICE", f"select * where {{ service silent <{u}> {{ ?s ?p ?o }} }}"),
        ("SERVICE", f"PREFIX ex: <{host}> SELECT * WHERE {{ ?c a gt:TechnologyRoute SERVICE ex:sparql {{ ?c ?p ?o }} }}"),
        ("SERVICE", f"BASE <{host}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}"),
        ("SERVICE", f"SELECT * WHERE {{ {{ OPTIONAL {{ {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} }} }}"),
        ("SERVICE", f"SELECT * WHERE {{ VALUES ?e {{ <{u}> }} SERVICE ?e {{ ?s ?p ?o }} }}"),
        ("SERVICE", f"ASK {{ FILTER EXISTS {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}"),
        ("SERVICE", f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} }}"),
        ("SERVICE", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?c a gt:TechnologyRoute MINUS {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}"),
        ("SERVICE", f'SELECT * WHERE {{ ?c skos:prefLabel "#x" . SERVICE <{u}> {{ ?s ?p ?o }} }}'),
        ("SERVICE", f"SELECT * WHERE {{ \\u0053ERVICE <{u}> {{ ?s ?p ?o }} }}"),
        ("SERVICE", f"SELECT * WHERE {{ ?c ?p ?o . SERVICE\t\n<{u}>{{?s ?p2 ?o2}} }}"),
        ("SERVICE file://", "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"),
        ("FROM remote", f"SELECT * FROM <{u}> WHERE {{ ?s ?p ?o }} LIMIT 1"),
        ("FROM remote", f"SELECT * FROM NAMED <{u}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1"),
        ("DESCRIBE remote", f"DESCRIBE <{u}>"),
        ("FROM file://", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o } LIMIT 1"),
        ("LOAD (update)", f"LOAD <{u}>"),
        ("LOAD (update)", f"# a comment first\nLOAD <{u}> INTO GRAPH <urn:g>"),
        ("word in text", f'SELECT * WHERE {{ ?c skos:prefLabel "SERVICE <{u}> {{ }}" }} # SERVICE <{u}>'),
    ]


def submissions(url: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """(class, content type, body) for POST /achievements/validate."""
    ctx = url("context.jsonld")
    base = {"@type": "http://e.org/A", "http://purl.org/dc/terms/title": "t"}

    def ld(context) -> str:
        return json.dumps({"@context": context, **base})
    turtle = "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix gt: <https://w3id.org/greentaxo/def#> .\n"
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{url("xxe")}"> <!ENTITY f SYSTEM "file:///etc/passwd">]>'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">'
           '<rdf:Description rdf:about="urn:a"><dct:title>&x;&f;</dct:title></rdf:Description></rdf:RDF>')
    return [
        ("@context remote", "application/ld+json", ld(ctx)),
        ("@context remote", "application/ld+json", ld([ctx])),
        ("@context remote", "application/ld+json", ld([{"x": "http://e.org/x"}, ctx])),
        ("@context scoped remote", "application/ld+json", ld({"p": {"@id": "http://e.org/p", "@context": ctx}})),
        ("@import", "application/ld+json", ld({"@version": 1.1, "@import": ctx})),
        ("@context file://", "application/ld+json", ld("file:///etc/passwd")),
        ("@context relative", "application/ld+json", ld("context.jsonld")),
        ("@context in a node", "application/ld+json",
         json.dumps({**base, "http://e.org/child": {"@context": ctx, "http://e.org/x": 1}})),
        ("owl:imports", "application/ld+json",
         json.dumps({**base, "http://www.w3.org/2002/07/owl#imports": {"@id": url("imports")}})),
        ("owl:imports", "text/turtle", turtle + f"<urn:a> a gt:Achievement ; owl:imports <{url('imports')}> ."),
        ("@base remote", "text/turtle", f"@base <{url('')}> .\n" + turtle + "<a> a gt:Achievement ; gt:classifiedAs <r> ."),
        ("file:// IRIs", "text/turtle", turtle + "<file:///etc/passwd> a gt:Achievement ; owl:imports <file:///etc/passwd> ."),
        ("route IRIs", "application/json",
         json.dumps({"title": "t", "abstract": "a", "routes": [url("route"), "file:///etc/passwd"]})),
        ("XML external entity", "application/rdf+xml", xxe),
        ("XML external entity", "text/turtle", xxe),
        ("XML external entity", "application/ld+json", xxe),
    ]


def values(url: Callable[[str], str]) -> list[tuple[str, str]]:
    """(class, value) put into every parameter and body field of every operation."""
    return [("URL", url("value")), ("file://", "file:///etc/passwd"), ("scheme-relative URL", url("rel")[5:]),
            ("CURIE to a URL", "ex:" + url("curie"))]


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def fill(schema: dict, spec: dict, value: str):
    """A body or parameter of `schema` with every text in it set to `value` (numbers 1, booleans false)."""
    schema = _resolve(schema, spec)
    for option in schema.get("anyOf", []):
        option = _resolve(option, spec)
        if option.get("type") != "null":
            return fill(option, spec, value)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object" or "properties" in schema:
        out = {name: fill(sub, spec, value) for name, sub in schema.get("properties", {}).items()}
        return out or {"broader": value, "exactMatch": value, "object_id": value}
    if kind == "array":
        return [fill(schema.get("items", {}), spec, value)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    return value


def operations(spec: dict, value: str) -> Iterator[tuple[str, str, dict, object]]:
    """(method, path, query, JSON body) of every operation with `value` everywhere: once with every parameter and
    field, and once more in ?release= alone where an operation has it (a bad release is refused before the rest)."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            params = op.get("parameters", [])
            path_params = {p["name"]: fill(p["schema"], spec, value) for p in params if p["in"] == "path"}
            url = re.sub(r"\{([^}:]+)(:path)?\}", lambda m, given=path_params: quote(str(given[m.group(1)]), safe=""),
                         path)
            query = {p["name"]: fill(p["schema"], spec, value) for p in params
                     if p["in"] == "query" and p["name"] != "release"}
            content = op.get("requestBody", {}).get("content", {})
            body = fill(content["application/json"]["schema"], spec, value) if "application/json" in content else None
            yield method.upper(), url, query, body
            if any(p["name"] == "release" for p in params):
                yield method.upper(), url, {"release": value}, body
