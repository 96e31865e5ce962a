"""Green-finance eligibility: verdicts per catalogue, with the items, mapping rows and criteria they rest on.

    from greentaxo.eligibility import evaluate
    evaluate(kg, route="gtr:R0412", facts=["lifecycle_ghg_intensity=85 gCO2e/kWh"])

Catalogues are looked up in a tiny registry and imported lazily (the CLI's start-up budget).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentaxo.eligibility.catalogue import Catalogue
    from greentaxo.graph import KnowledgeGraph

# catalogue id -> "module:Class"; order is the order of verdicts in every answer
CATALOGUES = {
    "gfspc2025": "greentaxo.eligibility.catalogues:Gfspc2025",
    "gigc2019": "greentaxo.eligibility.catalogues:Gigc2019",
    "eutaxonomy": "greentaxo.eligibility.catalogues:EuTaxonomy",
}


def catalogue(kg: KnowledgeGraph, cid: str) -> Catalogue:
    mod, _, cls = CATALOGUES[cid].partition(":")
    return getattr(importlib.import_module(mod), cls)(kg)


# the same function under a name no submodule has: importing greentaxo.eligibility.catalogue (the module)
# rebinds the package attribute `catalogue` to that module, so code that may run after it uses this name
catalogue_of = catalogue


def evaluate(kg: KnowledgeGraph, **kwargs) -> dict:
    from greentaxo.eligibility.engine import evaluate as run

    out = run(kg, **kwargs)
    route = kwargs.get("route")
    note = kg.taxonomy.deprecation(route) if route else None
    if note:    # the verdict of a retired route is not what a bank should cite: name the successor
        out["deprecation"] = note
        to = kg.taxonomy.replacement_text(note)
        out.setdefault("warnings", []).append(f"route {route} is deprecated; replaced by {to}. "
                                              "Ask again with the replacement route.")
    return out
