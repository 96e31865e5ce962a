"""Identities of the rows of an edited workbook (greentaxo.workbook.importer): which IRI each row stands for.

Routes (gtr:R) and facet concepts (gtf:F) keep their IRI; a new row gets the next free number above every IRI
ever used, and one that disappeared is an error (IRIs are never deleted). Indicators and thresholds are data
about a route: an empty IRI is made from the route and metric, and they may be deleted.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import SKOS

from greentaxo.namespaces import GTF, GTK, GTR, compact
from greentaxo.workbook.export import FACET_SHEET, KPI_SHEET, THRESHOLD_SHEET

if TYPE_CHECKING:
    from greentaxo.workbook.importer import _Row

IRI_RE = re.compile(r"R(\d+)")
FACET_RE = re.compile(r"F(\d+)")


def assign_iris(rd) -> dict[str, str]:
    """IRIs of every row: routes and facet concepts numbered on (never reused), indicators and thresholds named."""
    routes = [r for r in rd.rows if r.kind == "route"]
    new = _assign(rd, routes, GTR, IRI_RE, "R", rd.old_iris, "a route IRI; write gtr:R<number>")
    new |= _assign(rd, [r for r in rd.rows if r.kind == FACET_SHEET], GTF, FACET_RE, "F", rd.old_facets,
                        "a facet IRI; write gtf:F<number>")
    rd.known = {r.iri for r in rd.rows if r.iri and r.kind in ("route", FACET_SHEET)}
    rd.route_iris = {r.iri for r in routes if r.iri}
    rd.by_notation = {r.notation: r.iri for r in routes if r.iri and r.notation}
    _assign_data_rows(rd)
    return new

def _assign(rd, rows: list[_Row], ns: str, pattern, letter: str, old: set[str], what: str) -> dict[str, str]:
    """IRIs and notations of concept rows (routes or facet concepts): unique, never lost, new ones numbered on."""
    by_iri: dict[str, _Row] = {}
    by_notation: dict[str, _Row] = {}
    used = [int(m.group(1)) for i in old if (m := pattern.fullmatch(i[len(ns):]))]
    for r in rows:
        ref, text = r.cell("IRI")
        if text:
            iri = rd.iri(text)
            if iri is None or not iri.startswith(ns) or not pattern.fullmatch(iri[len(ns):]):
                rd.err(r.sheet, ref, f"{text!r} is not {what}, or leave it empty for a new row")
            elif iri in by_iri:
                first = by_iri[iri]
                rd.err(r.sheet, ref, f"{compact(iri)} is also on {first.sheet} row {first.row}; one row per concept")
            else:
                r.iri = iri
                by_iri[iri] = r
                used.append(int(iri[len(ns) + 1:]))
        ref, text = r.cell("notation")
        if not text:
            rd.err(r.sheet, ref, "notation is empty; every concept needs its code (e.g. 01.02.03, or P01 for a facet)")
        elif text in by_notation:
            first = by_notation[text]
            rd.err(r.sheet, ref, f"notation {text!r} is also on {first.sheet} row {first.row}; notations are unique")
        else:
            r.notation = text
            by_notation[text] = r
    nxt = max(used, default=0) + 1
    new = {}
    for r in rows:
        if not r.iri and not r.cell("IRI")[1]:
            r.iri = f"{ns}{letter}{nxt:04d}"
            nxt += 1
            new[r.iri] = r.notation
    for gone in sorted(old - set(by_iri)):
        label = rd.old.value(URIRef(gone), SKOS.prefLabel)
        rd.err("(workbook)", "IRI", f"{compact(gone)} ({label}) is missing; IRIs are never deleted: put the "
                                     "row back and set deprecated to true (and isReplacedBy) instead")
    return new

def _assign_data_rows(rd) -> None:
    """Indicators and thresholds: an empty IRI is made from the route and metric (gtk:R0102-efficiency) or
    from the indicator (…-t1); they may be deleted, being data about a route rather than concepts."""
    seen: dict[str, _Row] = {}
    for r in [x for x in rd.rows if x.kind == KPI_SHEET] + [x for x in rd.rows if x.kind == THRESHOLD_SHEET]:
        ref, text = r.cell("IRI")
        if text:
            iri = rd.iri(text)
            if iri is None or not iri.startswith(GTK):
                rd.err(r.sheet, ref, f"{text!r} is not an indicator IRI (gtk:...); leave it empty to have one made")
                continue
        elif r.kind == KPI_SHEET:
            route, metric = rd.resolve_route(r.cell("kpiOf")[1]), r.cell("metric")[1]
            if route is None or not metric:
                continue       # reported when the row is built
            iri = f"{GTK}{route.rsplit('/', 1)[-1]}-{re.sub(r'[^A-Za-z0-9_-]+', '_', metric)}"
        else:
            ind = rd.iri(r.cell("indicator")[1]) or ""
            n = 1
            while f"{ind}-t{n}" in seen:
                n += 1
            iri = f"{ind}-t{n}"
        if iri in seen:
            first = seen[iri]
            rd.err(r.sheet, ref, f"{compact(iri)} is also on {first.sheet} row {first.row}; one row each")
            continue
        r.iri = iri
        seen[iri] = r
    rd.kpi_iris = {r.iri for r in rd.rows if r.kind == KPI_SHEET and r.iri}
