"""A single self-contained HTML page documenting the route scheme of a release (like a pyLODE page, small)."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from greentaxo.namespaces import compact

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

STYLE = """body{font-family:sans-serif;margin:2em auto;max-width:60em;line-height:1.4}
.c{margin:0 0 .6em 0}.n{color:#666;font-family:monospace}.alt{color:#555;font-size:.9em}
.dep{color:#b00}ul{list-style:none;padding-left:1.4em}dd{margin-left:1.4em}"""


def _e(s) -> str:
    return html.escape(str(s or ""))


def _concept(kg: KnowledgeGraph, c: Concept) -> str:
    tax = kg.taxonomy
    alts = "; ".join(a for lang in ("zh", "en") for a in c.alt.get(lang, []))
    dep = ""
    if c.deprecated:
        repl = ", ".join(f"<a href='#{_e(r.rsplit('/', 1)[-1])}'>{_e(compact(r))}</a>" if r in tax.concepts
                         else f"<a href='{_e(r)}'>{_e(compact(r))}</a>" for r in c.replaced_by)   # a route, or a facet
        dep = f" <span class='dep'>deprecated{' → ' + repl if repl else ''}</span>"
    body = (f"<div class='c' id='{_e(c.id)}'><span class='n'>{_e(c.notation)}</span> "
            f"<b>{_e(c.pref.get('zh'))}</b> / <b>{_e(c.pref.get('en'))}</b> "
            f"<a class='n' href='{_e(c.iri)}'>{_e(c.curie)}</a>{dep}"
            f"<dl><dd>{_e(c.definition.get('zh'))}</dd><dd>{_e(c.definition.get('en'))}</dd>"
            + (f"<dd class='alt'>{_e(alts)}</dd>" if alts else "")
            + (f"<dd class='alt'>TRL {c.trl_min}–{c.trl_max}</dd>" if c.trl_min else "") + "</dl></div>")
    kids = sorted(tax.children(c.iri), key=lambda k: k.notation)
    if kids:
        body += "<ul>" + "".join(f"<li>{_concept(kg, k)}</li>" for k in kids) + "</ul>"
    return body


def doc_page(kg: KnowledgeGraph, version: str, issued: str) -> str:
    tax = kg.taxonomy
    tops = sorted(tax.top_concepts(), key=lambda c: c.notation)
    n = len(tax.concepts)
    n_dep = sum(1 for c in tax.concepts.values() if c.deprecated)
    toc = "".join(f"<li><a href='#{_e(t.id)}'>{_e(t.notation)} {_e(t.pref.get('zh'))} / {_e(t.pref.get('en'))}</a></li>"
                  for t in tops)
    sections = "".join(f"<section>{_concept(kg, t)}</section>" for t in tops)
    retired = sorted((c for c in tax.concepts.values() if c.deprecated), key=lambda c: (c.notation, c.iri))
    if retired:     # kept with their IRIs and pointing at what replaces them (merges, facet moves)
        sections += ("<section><h2>Retired concepts</h2><ul>"
                     + "".join(f"<li>{_concept(kg, c)}</li>" for c in retired) + "</ul></section>")
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>greentaxo {_e(version)}: 绿色技术路线分类 / Green-technology route taxonomy</title><style>{STYLE}</style></head><body>
<h1>绿色技术路线分类 / Green-technology route taxonomy</h1>
<p>Version {_e(version)}, issued {_e(issued)}. {n} routes ({n_dep} deprecated) in {len(tops)} domains.
Licence: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.
Downloads: <a href="greentaxo-{_e(version)}.ttl">Turtle</a>, <a href="greentaxo-{_e(version)}.jsonld">JSON-LD</a>,
<a href="greentaxo-{_e(version)}.rdf">RDF/XML</a>, <a href="greentaxo-{_e(version)}.nt">N-Triples</a>,
<a href="greentaxo-{_e(version)}.xlsx">xlsx</a>, <a href="mappings/">SSSOM mappings</a>,
<a href="CHANGELOG.md">changes</a>.</p>
<h2>Domains</h2><ul>{toc}</ul>
{sections}
</body></html>
"""
