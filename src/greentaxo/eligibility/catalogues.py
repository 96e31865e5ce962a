"""The three catalogues held: what differs between them is edition, dates and per-item decoration."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from greentaxo.eligibility.catalogue import Catalogue
from greentaxo.eligibility.criteria import Item, items

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


class Gfspc2025(Catalogue):
    id = "gfspc2025"
    edition = "2025"
    title = "绿色金融支持项目目录（2025年版） Green Finance Endorsed Projects Catalogue (2025)"
    in_force = dt.date(2025, 10, 1)          # 银发〔2025〕132号
    editions_accepted = ("2025", "gfspc2025")

    def _item_extra(self, item: Item) -> dict:
        # √√ direct reduction, √ enabling, no mark: green but not a carbon-reduction item
        meaning = {"√√": "direct carbon reduction", "√": "low-carbon enabling"}.get(item.carbon_mark or "", "no carbon mark")
        return {"carbon_mark": item.carbon_mark or None, "carbon_mark_meaning": meaning}


class Gigc2019(Catalogue):
    id = "gigc2019"
    edition = "2019"
    title = "绿色产业指导目录（2019年版） Green Industry Guidance Catalogue (2019)"
    in_force = dt.date(2019, 2, 14)          # 发改环资〔2019〕293号
    editions_accepted = ("2019", "gigc2019")
    def _item_extra(self, item: Item) -> dict:
        return {}

    note = ("The 2019 guidance catalogue was replaced in 2024 by the Green and Low-carbon Transition Industry "
            "Guidance Catalogue, which this graph does not hold; its criteria are not encoded here.")


# Activities added by later delegated acts apply from the date those acts did.
_EU_LATER = {
    dt.date(2023, 1, 1): ("ccm-4.26", "ccm-4.27", "ccm-4.28", "ccm-4.29", "ccm-4.30", "ccm-4.31"),  # (EU) 2022/1214
    dt.date(2024, 1, 1): ("ccm-3.18", "ccm-3.19", "ccm-3.20", "ccm-3.21", "ccm-6.18", "ccm-6.19", "ccm-6.20"),  # (EU) 2023/2485
}


_EU_EQUIPMENT = {f"ccm-3.{n}" for n in (1, 2, 3, 4, 5, 6, 18, 19, 20, 21)}


class EuTaxonomy(Catalogue):
    id = "eutaxonomy"
    edition = "Delegated Regulation (EU) 2021/2139 Annex I, as amended"
    title = "EU Taxonomy — climate change mitigation"
    in_force = dt.date(2022, 1, 1)
    editions_accepted = ("2021/2139", "eutaxonomy", "2021/2139 as amended", "2023")

    def _item_extra(self, item: Item) -> dict:
        kind = {"Enabling": "enabling", "Transitional": "transitional"}.get(item.contribution_type or "", "own performance")
        return {"contribution_type": kind}

    def verdict(self, req) -> dict:
        out = super().verdict(req)
        out["objectives"] = self._objectives(out)
        return out

    def _objectives(self, v: dict) -> list[dict]:
        """The six objectives: mitigation is judged; adaptation as eligibility only (is the activity one of Annex II);
        the four environmental objectives of (EU) 2023/2486 are not assessed."""
        table = items(self.kg, self.id)
        by_name = self.kg.derived("greentaxo.eligibility.catalogues:cca", lambda g: {
            it.label.get("en", ""): it for it in items(g, self.id).values() if it.code.startswith("cca-")})
        reached = [table[i["code"]] for i in v["items"] if i.get("verdict") != "not-applicable" and i["code"] in table]
        cca = list(dict.fromkeys(by_name[it.label["en"]].code for it in reached if it.label.get("en") in by_name))
        if cca:
            adapt = {"status": "eligible", "items": cca,
                     "detail": "the activity is listed in Annex II (climate change adaptation); its adaptation criteria "
                               "(climate risk assessment, adaptation solutions) are not assessed here"}
        elif reached:
            adapt = {"status": "not-eligible", "items": [], "detail": "the activity reached is not listed in Annex II"}
        else:
            adapt = {"status": "unknown", "items": [], "detail": "no EU activity was reached"}
        rest = [{"objective": o, "status": "not assessed", "items": [],
                 "detail": "criteria of Delegated Regulation (EU) 2023/2486 are not encoded"}
                for o in ("sustainable use and protection of water and marine resources", "transition to a circular economy",
                          "pollution prevention and control", "protection and restoration of biodiversity and ecosystems")]
        return [{"objective": "climate change mitigation", "status": v["verdict"],
                 "items": [i["code"] for i in v["items"] if i.get("verdict") not in ("not-applicable", None)]},
                {"objective": "climate change adaptation", **adapt}, *rest]

    def _activity(self, item: Item) -> str:
        # 3.1-3.6 and 3.18-3.21 make technology for others; 3.7-3.17 ("manufacture of" cement, steel, hydrogen ...)
        # are producing plants, which a bank finances as the operation of a facility
        return "manufacturing" if item.code in _EU_EQUIPMENT else "operation"

    def fits_activity(self, item: Item, activity: str) -> bool:
        # "Manufacture, installation, and servicing of ... electrical equipment" (3.20) finances fitting the
        # equipment as much as making it
        title = item.label.get("en", "").lower()
        return super().fits_activity(item, activity) or (title.startswith("manufacture") and "installation" in title)

    def produces(self, item: Item) -> bool:
        # "Manufacture of cement" (3.7) or "of biogas and biofuels" (4.13) is run as a producing plant
        return item.label.get("en", "").lower().startswith("manufactur") and item.code not in _EU_EQUIPMENT

    def _applies(self, item: Item, as_of: dt.date | None) -> str | None:
        if not item.code.startswith("ccm-"):
            return (f"{item.code} belongs to another environmental objective; only climate-mitigation "
                    "(ccm-) criteria are encoded")
        if as_of:
            for since, codes in _EU_LATER.items():
                if item.code in codes and as_of < since:
                    return f"{item.code} was added by a later delegated act and applies from {since}, after as_of {as_of}"
        return None


# catalogue id -> class; the order is the order of verdicts in every answer
CATALOGUES: dict[str, type[Catalogue]] = {"gfspc2025": Gfspc2025, "gigc2019": Gigc2019, "eutaxonomy": EuTaxonomy}


def catalogue_for(kg: KnowledgeGraph, cid: str) -> Catalogue:
    """The catalogue `cid` over the graph (a plain name, unlike the package attribute `catalogue`, which the
    submodule greentaxo.eligibility.catalogue shares)."""
    return CATALOGUES[cid](kg)
