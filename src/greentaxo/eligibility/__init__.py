"""Green-finance eligibility: verdicts per catalogue, with the items, mapping rows and criteria they rest on.

    from greentaxo.eligibility import evaluate
    evaluate(kg, route="gtr:R0412", facts=["lifecycle_ghg_intensity=85 gCO2e/kWh"])
    evaluate(kg, text="新建数据中心项目，PUE 1.8")      # route, facts and new-build read from the text

`evaluate` (engine.py) is the one entry point; CLI, API and portfolio screening call it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.eligibility.catalogue import Catalogue
from greentaxo.eligibility.catalogues import EuTaxonomy, Gfspc2025, Gigc2019

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

# catalogue id -> class; the order is the order of verdicts in every answer
CATALOGUES: dict[str, type[Catalogue]] = {"gfspc2025": Gfspc2025, "gigc2019": Gigc2019, "eutaxonomy": EuTaxonomy}


def catalogue(kg: KnowledgeGraph, cid: str) -> Catalogue:
    return CATALOGUES[cid](kg)


# the same function under a name no submodule has: importing greentaxo.eligibility.catalogue (the module)
# rebinds the package attribute `catalogue` to that module, so code that may run after it uses this name
catalogue_of = catalogue


def evaluate(kg: KnowledgeGraph, **kwargs) -> dict:
    from greentaxo.eligibility.engine import evaluate as run

    return run(kg, **kwargs)
