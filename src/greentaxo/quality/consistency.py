"""Checks a technical committee asks for (issue 16): one home each, shared with `greentaxo validate`.

Label uniqueness and the mapping-semantics rules are SHACL constraints in shapes/taxonomy.ttl; the
report runs them from there (as `validate` does), so the two commands cannot drift apart. The
NoTermFound convention is a row rule of the mapping checks. Whether a route's requires-chain lets the
package solver build anything is asked of the solver itself.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.mappings.check import check_mappings
from greentaxo.packages.base import get_assembler
from greentaxo.packages.model import Constraints, Problem
from greentaxo.packages.pool import pool_from_graph
from greentaxo.quality.checks import check
from greentaxo.validate.mirror import run_graphwide
from greentaxo.validate.report import Finding
from greentaxo.validate.runner import TAXONOMY_SHAPES, _graph

if TYPE_CHECKING:
    from greentaxo.taxonomy import Taxonomy

SHAPE_RULES = ("TAX-LABEL-COLLISION", "TAX-ALT-IS-PREFLABEL", "MAP-NESTED-EXACT", "MAP-EXACT-SHARED",
               "TAX-REQUIRES-UNSATISFIABLE")


@cache
def _shapes(root: str):
    return _graph([Path(root) / "shapes" / TAXONOMY_SHAPES])


def _from_shapes(name: str):
    def run(tax: Taxonomy, kg) -> Iterator[Finding]:
        yield from run_graphwide(kg, _shapes(str(kg.root)), only=(name,))
    return run


for _name in SHAPE_RULES:
    check(_name, "error")(_from_shapes(_name))


@check("MAP-NOTERM-PREDICATE", "error")
def noterm_predicate(tax: Taxonomy, kg) -> Iterator[Finding]:
    yield from (f for f in check_mappings(kg) if f.check == "MAP-NOTERM-PREDICATE")


@check("QS-REQUIRES-INFEASIBLE", "error")
def requires_infeasible(tax: Taxonomy, kg) -> Iterator[Finding]:
    """Each live leaf with gt:requires, put into a package on its own: the solver must find one.

    The problem asks for one of the route's own functions and includes the route; no scenario, no other
    constraint. An answer of "infeasible" means its requires-chain (through route groups: any live leaf
    under the group) cannot be met without a conflict, whatever the scenario.
    """
    pool = pool_from_graph(kg)
    solver = None
    for c in tax.leaves():
        route = pool.routes.get(c.iri)
        if route is None or not route.requires or not route.functions:
            continue
        solver = solver or get_assembler("cpsat")
        result = solver.assemble(pool, Problem(required=[sorted(route.functions)[0]]), Constraints(include=[c.iri]))
        if not result.packages:
            why = result.infeasible.detail if result.infeasible else "no package found"
            yield Finding("QS-REQUIRES-INFEASIBLE", "error", c.curie,
                          f"no package can contain this route: {why}. Correct its gt:requires (or the conflicts of what "
                          "it requires) in ontology/scenarios/route-relations.ttl.")
