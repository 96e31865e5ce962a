"""SPARQL federation refused before a query runs: a SERVICE clause would make the server itself send a request to
any address the caller names (server-side request forgery, CWE-918), and pyoxigraph 0.5 is built with its HTTP
client and offers no switch to turn SERVICE off (`Store.query` has no service-handler option). So every SERVICE
clause is found here and refused unless its endpoint is on the deployment's allow-list (empty by default).

Found by a small lexer, not by searching the text: strings, IRIs and comments are skipped (the word "service" in
a label, an IRI or a comment is not a clause), keywords are matched in any case, prefixed names (`ex:service`),
variables (`?service`), language tags and blank-node labels are single tokens, and nesting does not matter
because every SERVICE keyword counts wherever it is. The query is lexed twice, as sent and with SPARQL's
`\\uXXXX`/`\\UXXXXXXXX` code-point escapes applied (the SPARQL 1.1 grammar allows them anywhere; pyoxigraph 0.5
does not apply them, a later engine might), and a SERVICE in either reading counts. Measured cost:
benchmarks/bench_security.py (docs/benchmarks.md); the agreement with rdflib's full SPARQL parser is a test.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from urllib.parse import urljoin

from greentaxo.errors import InputError


class FederationRefused(InputError):
    """A SERVICE clause to an endpoint that is not allowed (HTTP 400)."""

    status = 400
    title = "Federated query refused"


_NAME_CHAR = r"[\w\-:%\u00B7\u0300-\u036F\u203F\u2040]"
_TOKEN = re.compile(rf"""
    (?P<skip>\s+|\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$]\w+)
  | (?P<tag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<name>(?:[^\W\d]|:)(?:{_NAME_CHAR}|\\.|\.(?={_NAME_CHAR}))*)
  | (?P<other>[^\s\#'"<?$@\w:]+|.)
""", re.VERBOSE | re.DOTALL)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of every token that is not white space or a comment; kinds as in _TOKEN."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "skip":
            yield m.lastgroup, m.group()


def _codepoints(text: str) -> str:
    def one(m: re.Match) -> str:
        n = int(m.group(1) or m.group(2), 16)
        return chr(n) if n <= 0x10FFFF else m.group()
    return _CODEPOINT.sub(one, text)


def _iri(token: str, base: str | None) -> str | None:
    """The absolute IRI of an <IRI> token (relative ones resolved against BASE), or None if it has no base."""
    value = _codepoints(token[1:-1])
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        return value
    return urljoin(base, value) if base else None


def _targets(text: str, prefixes: Mapping[str, str]) -> list[str | None]:
    prefixes, base = dict(prefixes), None
    found: list[str | None] = []
    tokens = list(_tokens(text))
    for i, (kind, tok) in enumerate(tokens):
        if kind != "name":
            continue
        word = tok.lower()
        nxt = tokens[i + 1: i + 3]
        if word == "base" and nxt and nxt[0][0] == "iri":
            base = _iri(nxt[0][1], base) or base
        elif word == "prefix" and len(nxt) == 2 and nxt[0][0] == "name" and nxt[0][1].endswith(":") \
                and nxt[1][0] == "iri":
            prefixes[nxt[0][1][:-1]] = _iri(nxt[1][1], base) or ""
        elif word == "service":
            if nxt and nxt[0][0] == "name" and nxt[0][1].lower() == "silent":
                nxt = nxt[1:]
            found.append(_target(nxt[0] if nxt else ("", ""), prefixes, base))
    return found


def _target(token: tuple[str, str], prefixes: Mapping[str, str], base: str | None) -> str | None:
    kind, tok = token
    if kind == "iri":
        return _iri(tok, base)
    if kind == "name" and ":" in tok and not tok.startswith("_:"):
        prefix, _, local = tok.partition(":")
        if prefix in prefixes and prefixes[prefix]:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None          # a variable, an unknown prefix or no target at all: cannot be checked, so never allowed


def services(query: str, prefixes: Mapping[str, str] | None = None) -> list[str | None]:
    """The endpoint of every SERVICE clause in `query`, in order: an absolute IRI, or None when it is a variable
    or cannot be resolved. `prefixes` are those the engine declares by default."""
    lowered = query.lower()
    escaped = "\\u" in lowered
    if "service" not in lowered and not escaped:
        return []                       # the common case: no SERVICE keyword can be there, in any case or escape
    found = _targets(query, prefixes or {})
    if escaped:
        found += [t for t in _targets(_codepoints(query), prefixes or {}) if t not in found]
    return found


def refuse_federation(query: str, allowed: Collection[str] = (), prefixes: Mapping[str, str] | None = None) -> None:
    """Raise FederationRefused if `query` has a SERVICE clause whose endpoint is not in `allowed`."""
    for target in services(query, prefixes):
        if target is not None and target in allowed:
            continue
        shown = f"<{target}>" if target else "whose endpoint is not a fixed IRI"
        if not allowed:
            raise FederationRefused(f"federated queries are disabled on this endpoint (SERVICE {shown}); "
                                    "query this endpoint's own data without SERVICE")
        raise FederationRefused(f"SERVICE {shown} is not one of the endpoints this server may query "
                                "(GREENTAXO_SPARQL_SERVICES); query this endpoint's own data without SERVICE")
