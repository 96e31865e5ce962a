"""Green-finance eligibility: verdicts per catalogue, with the items, mapping rows and criteria they rest on.

    from greentaxo.eligibility import evaluate
    evaluate(kg, route="gtr:R0412", facts=["lifecycle_ghg_intensity=85 gCO2e/kWh"])
    evaluate(kg, text="新建数据中心项目，PUE 1.8")      # route, facts and new-build read from the text

`evaluate` (engine.py) is the one entry point; CLI, API and portfolio screening call it. The catalogue
registry `CATALOGUES` is in catalogues.py.
"""
from __future__ import annotations

from greentaxo.eligibility.catalogues import CATALOGUES, catalogue_for
from greentaxo.eligibility.engine import evaluate

__all__ = ["CATALOGUES", "catalogue_for", "evaluate"]
