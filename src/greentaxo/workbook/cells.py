"""A workbook cell value as an RDF term, by the kind of its column (greentaxo.workbook.columns)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from greentaxo.namespaces import PREFIXES, expand
from greentaxo.workbook.columns import Column


@dataclass
class CellError:
    sheet: str
    cell: str
    reason: str

    def line(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.reason}"

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "reason": self.reason}


def cell_object(rd, col: Column, v: str, sheet: str, ref: str):
    """One value of a cell as an RDF term, or None with the error reported on the reader."""
    if col.kind == "lang":
        return Literal(v, lang=col.lang)
    if col.kind == "ref":
        iri = rd.resolve_route(v)
        if iri is None:
            rd.err(sheet, ref, f"{v!r} in {col.header} is not a route of this workbook; write its CURIE "
                                 "(gtr:R0412) or the notation of a new row")
            return None
        return URIRef(iri)
    if col.kind == "str":
        return Literal(v)
    if col.kind == "dec":
        try:
            d = Decimal(v)
            if not d.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            rd.err(sheet, ref, f"{col.header} {v!r} is not a number")
            return None
        text = format(d, "f")
        return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
    if col.kind == "iri":
        try:
            iri = expand(v)
        except ValueError as exc:
            rd.err(sheet, ref, f"{col.header}: {exc}")
            return None
        if rd.functions is not None and col.header == "providesFunction" and iri not in rd.functions:
            rd.err(sheet, ref, f"{v!r} is not a function in ontology/scenarios/functions.ttl (gtx:F001 ...)")
            return None
        return URIRef(iri)
    if col.kind == "int":
        if not re.fullmatch(r"\d+", v) or not 1 <= int(v) <= 9:
            rd.err(sheet, ref, f"{col.header} {v!r} is not a whole number from 1 to 9")
            return None
        return Literal(int(v), datatype=XSD.integer)
    if col.kind == "bool":
        if v.lower() not in ("true", "false", "1", "0", "yes", "no"):
            rd.err(sheet, ref, f"{col.header} {v!r} is not true or false")
            return None
        return Literal(v.lower() in ("true", "1", "yes"), datatype=XSD.boolean)
    return _turtle(rd, col, v, sheet, ref)

def _turtle(rd, col: Column, v: str, sheet: str, ref: str):
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    try:
        g = Graph().parse(data=f"{head}<urn:s> <urn:p> {v} .", format="turtle")
        return next(iter(g.objects()))
    except Exception:  # rdflib's parser raises several types; the cell is simply not a Turtle term
        rd.err(sheet, ref, f"{v!r} is not a Turtle term (\"text\"@en, 12, <https://...>, prefix:name)")
        return None
