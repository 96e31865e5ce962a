"""Checks that the package data can be solved: `greentaxo package --check`.

* PKG-AUDIT-SCENARIO-INFEASIBLE: a bundled scenario has no package under its own default constraints
  (its TRL floor, its applicability, no user options); the explanation names the function and the
  constraint that removed its last candidate.
* PKG-AUDIT-REQUIRES-DEAD-END: a live route whose chain of gt:requires / gt:needsFunction cannot be
  met by live routes at all, so no package can ever contain it (for the quality report as well:
  `requires_dead_ends(kg)`).
* PKG-AUDIT-FIT-NOT-APPLICABLE: a scenario lists a route as fitting its site (skos:related) although
  the applicability data rule that route out there; one of the two statements is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.packages.applicability import applicability
from greentaxo.packages.formulation import Removal, drop_unmet_requirements
from greentaxo.packages.pool import leaves_under, pool_from_graph
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.packages.service import assemble

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass(frozen=True)
class AuditFinding:
    check: str
    focus: str
    message: str
    severity: str = "error"

    def line(self) -> str:
        return f"{self.severity.upper()} {self.check} {self.focus}: {self.message}"


def requires_dead_ends(kg: KnowledgeGraph) -> list[AuditFinding]:
    """Live leaves whose requirements can never be met, with the requirement that fails."""
    pool = pool_from_graph(kg)
    removed: dict[str, Removal] = {}
    drop_unmet_requirements(pool, removed)
    return [AuditFinding("PKG-AUDIT-REQUIRES-DEAD-END", "gtr:" + pool.routes[iri].id,
                         f"{pool.routes[iri].name()} can never be in a package: it {rem.detail}; fix the "
                         f"gt:requires or gt:needsFunction statement or the route it points to")
            for iri, rem in sorted(removed.items())]


def scenario_findings(kg: KnowledgeGraph) -> list[AuditFinding]:
    app = applicability(kg)
    out: list[AuditFinding] = []
    for s in scenarios_from_graph(kg).all():
        result, _ = assemble(kg, s.iri, k=0)
        if not result.ok:
            inf = result.infeasible
            out.append(AuditFinding("PKG-AUDIT-SCENARIO-INFEASIBLE", s.curie,
                                    f"no package under the scenario's own constraints: {inf.detail}"))
        site = app.site(s)
        for ref in s.related:
            for leaf in sorted(leaves_under(kg, ref)):
                why_not, _ = app.judge(leaf, site)
                if why_not:
                    out.append(AuditFinding("PKG-AUDIT-FIT-NOT-APPLICABLE", s.curie,
                                            f"lists {leaf.rsplit('/', 1)[-1]} as fitting the site, but it is not "
                                            f"applicable there ({why_not}); drop it from skos:related or correct "
                                            f"the applicability statement"))
    return out


def audit(kg: KnowledgeGraph) -> list[AuditFinding]:
    return requires_dead_ends(kg) + scenario_findings(kg)
