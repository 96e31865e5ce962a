"""Templates, language and content negotiation: what every page handler shares.

Jinja2 with autoescaping (every value from the graph or a user is escaped), templates loaded once from the
package. The interface language comes from the `lang` cookie (set by /ui/lang), else Accept-Language, else
Chinese; content in both languages is picked with the `bi` filter, which marks text shown in the other
language with its own `lang` attribute (screen readers switch voice; CJK fonts are chosen by it).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

import greentaxo
from greentaxo.namespaces import GTC, GTF, GTR, GTX, compact
from greentaxo.web.i18n import LANGS, MESSAGES, state, translate

HERE = Path(__file__).parent
COOKIE = "lang"
HTML_TYPES = ("text/html", "application/xhtml+xml")
DATA_TYPES = ("application/json", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")

ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def language(request: Request) -> str:
    """The interface language: cookie, then the browser's Accept-Language, then zh."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGS:
        return chosen
    for lang, _ in _ranked(request.headers.get("accept-language", "")):
        base = lang.split("-")[0].lower()
        if base in LANGS:
            return base
    return "zh"


def _ranked(header: str) -> list[tuple[str, float]]:
    """An Accept or Accept-Language header as (value, q), best first; q=0 entries dropped."""
    out = []
    for i, part in enumerate(header.split(",")):
        value, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if value and q > 0:
            out.append((value.lower(), q, -i))
    return [(v, q) for v, q, _ in sorted(out, key=lambda x: (x[1], x[2]), reverse=True)]


def wants_html(request: Request) -> bool:
    """True when the client ranks an HTML type at least as high as every data type it names. A client that
    names none (curl's */*, an API client's application/json) gets data: API clients keep their JSON."""
    ranked = dict(_ranked(request.headers.get("accept", "")))
    html = max((ranked.get(t, 0.0) for t in HTML_TYPES), default=0.0)
    data = max((ranked.get(t, 0.0) for t in DATA_TYPES), default=0.0)
    return html > 0 and html >= data


def rdf_format(request: Request) -> str | None:
    """The RDF serialisation the client asks for by Accept (export.RDF_FORMATS key), or None."""
    accept = request.headers.get("accept", "")
    for media, fmt in (("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
                       ("application/rdf+xml", "rdfxml")):
        if media in accept:
            return fmt
    return None


def _bi(value, lang: str):
    """Pick `lang` from a {"zh": ..., "en": ...} dict; text in the other language is wrapped with its lang."""
    if not isinstance(value, dict):
        return value if value is not None else ""
    if value.get(lang):
        return value[lang]
    for other, text in value.items():
        if text:
            return Markup('<span lang="{}">{}</span>').format(other or "und", text)
    return ""


def href(iri: str) -> str:
    """The page of a resource of this project at its IRI's path (/route/R0102, /code/gbt4754-2017/4416,
    /scenario/S001, /facet/F0015); other IRIs link out unchanged."""
    for base, path in ((GTR, "/route/"), (GTC, "/code/"), (GTX, "/scenario/"), (GTF, "/facet/")):
        if iri.startswith(base):
            return path + quote(iri[len(base):], safe="/-._~")
    return iri


def page(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
    """Render `template` in the request's language."""
    lang = language(request)
    body = ENV.get_template(template).render(
        request=request, lang=lang, t=lambda key: translate(key, lang), has=MESSAGES.__contains__, state=lambda v: state(v, lang),
        bi=lambda v: _bi(v, lang), href=href,
        compact=compact, app_version=greentaxo.__version__, path=request.url.path,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""), **ctx)
    return HTMLResponse(body, status_code=status, headers={"Vary": "Accept, Cookie, Accept-Language",
                                                            "Content-Language": lang})


def highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
    """`text` escaped, with the character ranges in `spans` wrapped in <mark> (overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>{}</mark>").format(text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)
