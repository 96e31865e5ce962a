"""What the workbook import does after the cells are read: retirements in one step, then the shapes.

A route that was live and is now `deprecated` with `isReplacedBy` is retired by greentaxo.retirement.retire
(the edit API and the content scripts use the same function); the result is then validated with the taxonomy
shapes the edit API runs, and any finding the sources did not have is an error.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from greentaxo import paths
from greentaxo.edits import validation as V
from greentaxo.errors import InputError
from greentaxo.namespaces import GT, compact
from greentaxo.retirement import retire
from greentaxo.workbook.cells import CellError


def retire_marked(rd, graph: Graph, maps: dict[str, list]) -> list[dict]:
    """Routes live in the sources and now `deprecated` with an `isReplacedBy`: retire each in one step.

    The marks are taken off and greentaxo.retirement.retire applied, a route before the route that replaces
    it (A -> B -> C carries A's labels and rows on to C); the editor's own reason text is kept. A refusal
    (a successor that is not live, live narrower routes) is a cell error on the row."""
    reason_p = URIRef(GT + "deprecationReason")
    rows_by_iri = {r.iri: r for r in rd.rows if r.iri and r.kind == "route"}
    pending: dict[str, tuple[str, list]] = {}
    for iri in sorted(rd.old_iris):
        c = URIRef(iri)
        was_live = (c, OWL.deprecated, Literal(True)) not in rd.old
        succ = graph.value(c, DCTERMS.isReplacedBy)
        if was_live and (c, OWL.deprecated, Literal(True)) in graph and succ is not None:
            reasons = list(graph.objects(c, reason_p))
            for p in (OWL.deprecated, DCTERMS.isReplacedBy, reason_p):
                graph.remove((c, p, None))
            pending[iri] = (str(succ), reasons)
    all_rows = [row for rows in maps.values() for row in rows]
    done: list[dict] = []
    while pending:
        named = {s for s, _ in pending.values()}
        iri = next((i for i in sorted(pending) if i not in named), sorted(pending)[0])
        succ, reasons = pending.pop(iri)
        text = next((str(x) for x in reasons if x.language == "en"), next((str(x) for x in reasons), ""))
        text = text or f"Merged into {compact(succ)}."
        try:
            rep = retire(graph, all_rows, iri, succ, text)
        except InputError as exc:
            r = rows_by_iri.get(iri)
            rd.err(r.sheet if r else "(workbook)", r.cell("deprecated")[0] if r else "IRI", f"{compact(iri)}: {exc}")
            continue
        if reasons:
            graph.remove((URIRef(iri), reason_p, None))
            for x in reasons:
                graph.add((URIRef(iri), reason_p, x))
        done.append(rep.to_dict())
    kept = {id(row) for row in all_rows}
    for scheme in maps:
        maps[scheme] = [row for row in maps[scheme] if id(row) in kept]
    return done


def validation_errors(old: Graph, new: Graph, root: Path) -> list:
    """The taxonomy shapes the edit API runs (greentaxo.edits.validation): the errors the workbook adds.

    A root without shapes/ (a bare copy of the sources) is checked with the installed ones."""
    if not (root / "shapes").is_dir():
        root = paths.home()

    def nt(g: Graph) -> list[str]:
        return [g.serialize(format="nt")]

    found = V.new_violations(V.findings(nt(old), root), V.findings(nt(new), root))
    return [CellError("(validation)", v["concept"], f"{v['check']}: {v['message']}") for v in found]
