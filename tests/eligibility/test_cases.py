"""Where the regimes disagree (and a few where they agree): one case per technology, each stating the
expected verdict per catalogue and why. The verdicts follow from the bundled mapping rows and criteria;
each case also checks the evidence the verdict rests on (item, mapping row, criterion), so a change in
the data that flips a verdict shows up here with its reason."""
from __future__ import annotations

import pytest

from greentaxo.eligibility import evaluate

E, IF, NO, UNK = "eligible", "eligible-if", "not-eligible", "unknown"

CASES = [
    # id, route, facts, extra kwargs, expected (2025, 2019, EU), why, {catalogue: evidence string in reason/items}
    ("clean-coal-power", "gtr:R0102", [], {}, (IF, IF, NO),
     "Ultra-supercritical coal power: the 2019 guidance catalogue lists clean coal use (3.3.2); the 2025 catalogue "
     "funds no coal plant, only the boiler's manufacture is related (1.1.1), so its scope is still to be shown; "
     "the EU Taxonomy has no coal activity.",
     {"gfspc2025": "1.1.1/scope", "gigc2019": "3.3.2", "eutaxonomy": "coal"}),
    ("coal-flexibility", "gtr:R0107", [], {}, (NO, IF, NO),
     "Coal-unit flexibility retrofits are an exact 2019 item (3.4.4) but absent from 2025 and the EU Taxonomy.",
     {"gigc2019": "3.4.4"}),
    ("coal-washing", "gtr:R0112", [], {}, (IF, IF, NO),
     "Coal dry separation: 2019 item 3.3.3 (coal washing); 2025 funds no coal preparation, only the separator's "
     "manufacture relates to mining machinery (1.1.12); excluded in the EU.",
     {"gigc2019": "3.3.3", "gfspc2025": "1.1.12/scope"}),
    ("gas-ccgt-no-data", "gtr:R0132", [], {}, (NO, NO, IF),
     "Gas-fired combined cycle: neither Chinese catalogue lists large gas plants; the EU lists it as transitional "
     "activity 4.29 with an emissions threshold still to be shown.", {"eutaxonomy": "ccm-4.29"}),
    ("gas-ccgt-below-100g", "gtr:R0132", ["lifecycle_ghg_intensity=0.09 kgCO2e/kWh"], {}, (NO, NO, IF),
     "With 90 g/kWh life-cycle the EU threshold path passes; only DNSH evidence is left.", {"eutaxonomy": "dnsh"}),
    ("gas-ccgt-fails-every-path", "gtr:R0132",
     ["lifecycle_ghg_intensity=420 gCO2e/kWh", "direct_ghg_intensity=300 gCO2e/kWh",
      "annual_direct_ghg_per_capacity=600 kgCO2e/kW"], {}, (NO, NO, NO),
     "420 g life-cycle, 300 g direct and 600 kg/kW a year: every EU path fails, and the numbers are shown.",
     {"eutaxonomy": "420 gCO2e/kWh does not meet < 100"}),
    ("gas-cchp-below-70pct", "gtr:R0135", ["cchp_overall_efficiency=65 percent"], {}, (E, E, IF),
     "Gas CCHP at 65 % fails the 2025 item 4.3.1 (>= 70 %) but fits 6.5.2 (integrated urban energy supply), whose "
     "condition states no efficiency; the 2019 distributed-energy item 3.4.6 lists gas CCHP with no bar; the EU "
     "transitional 4.30 needs evidence.",
     {"gfspc2025": "6.5.2", "gigc2019": "3.4.6"}),
    ("nuclear-pwr", "gtr:R0152", [], {"activity": "operation"}, (E, E, IF),
     "Large PWR nuclear: the 2025 catalogue lists nuclear operation (4.2.5) unconditionally, the 2019 item 3.2.5 only "
     "names the design and construction codes a plant follows; the EU lists it (4.27) subject to the complementary "
     "act's waste and safety conditions.", {"gfspc2025": "4.2.5", "eutaxonomy": "ccm-4.27", "gigc2019": "3.2.5"}),
    ("nuclear-pwr-2022", "gtr:R0152", [], {"activity": "operation", "as_of": "2022-06-30"}, (UNK, E, UNK),
     "As of mid-2022 the 2025 catalogue did not exist and EU nuclear activities (added by 2022/1214) did not yet apply.",
     {"eutaxonomy": "2023-01-01", "gfspc2025": "2025-10-01"}),
    ("fusion", "gtr:R0158", [], {}, (NO, NO, NO),
     "Magnetic-confinement fusion: no catalogue has an item; all three agree (explicit no-match rows).", {}),
    ("spent-fuel-storage", "gtr:R0163", [], {}, (IF, IF, NO),
     "Spent-fuel dry storage only relates to Chinese nuclear-equipment items; the EU treats it as a condition of "
     "nuclear activities, not an activity.", {"eutaxonomy": "spent-fuel"}),
    ("green-hydrogen-electrolysis", "gtr:R0354", ["hydrogen_lifecycle_ghg=2.1 kgCO2e/kgH2"], {"activity": "operation"},
     (IF, IF, IF),
     "Electrolytic hydrogen at 2.1 t/t passes the EU 3 tCO2e/tH2 limit; the 2025 catalogue (4.2.8) still needs proof "
     "the power is renewable or nuclear.", {"gfspc2025": "4.2.8/c1"}),
    ("grey-hydrogen-with-ccs", "gtr:R0360", ["hydrogen_lifecycle_ghg=9 tCO2e/tH2"], {}, (IF, NO, NO),
     "Fossil hydrogen with capture at 9 t/t fails the EU 3 t/t limit; the 2019 catalogue has no fossil hydrogen; the "
     "2025 catalogue reaches it only through its CCUS item 1.5.1.", {"eutaxonomy": "9 tCO2e/tH2 does not meet < 3",
                                                                     "gfspc2025": "1.5.1"}),
    ("heat-pump-high-gwp", "gtr:R0652", ["refrigerant_gwp=2088"], {"activity": "operation"}, (E, E, NO),
     "A ground-source heat pump with R410A (GWP 2088): fine for the 2025 geothermal item, but over the EU GWP 675 cap.",
     {"eutaxonomy": "675"}),
    ("coal-gasification", "gtr:R0116", [], {}, (IF, IF, NO),
     "Advanced pressurised coal gasification: the 2025 boiler item 1.1.1 keeps leading gasifier equipment (with "
     "efficiency conditions to show); the EU excludes coal processing.", {"gfspc2025": "1.1.1/c3"}),
    ("ammonia-cofiring-coal", "gtr:R0109", [], {}, (NO, IF, NO),
     "Ammonia co-firing in coal boilers: only the broad 2019 clean-coal item relates to it; 2025 and the EU say no.",
     {"gigc2019": "3.3.2"}),
    ("heavy-gas-turbine", "gtr:R0133", [], {}, (IF, E, IF),
     "F/H-class gas turbines: 2025 keeps only hydrogen-ready turbines; 2019 lists gas-turbine manufacturing; the EU "
     "relates them to transitional gas power 4.29.", {"gigc2019": "3.1.9", "eutaxonomy": "ccm-4.29", "gfspc2025": "4.1.9"}),
    ("by-product-hydrogen", "gtr:R0358", [], {}, (E, NO, IF),
     "Industrial by-product hydrogen purification: 2025 hydrogen-chain equipment item; not in 2019; the EU only "
     "if its life-cycle emissions are under 3 t/t, which is still to be shown.", {"eutaxonomy": "ccm-3.10/sc1"}),
    ("utility-pv", "gtr:R0212", [], {}, (E, IF, IF),
     "Utility PV: the 2025 item 4.2.2 has no condition beyond being PV; the EU needs DNSH evidence; the 2019 "
     "conditions are not encoded here.", {"gfspc2025": "4.2.2"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_disagreement_case(kg, case):
    _, route, facts, kwargs, expected, why, evidence = case
    res = evaluate(kg, route=route, facts=facts, **kwargs)
    got = tuple(v["verdict"] for v in res["verdicts"])
    assert got == expected, f"{why}\n got {res['summary']['line']}"
    by = {v["catalogue"]: v for v in res["verdicts"]}
    for cat, needle in evidence.items():
        blob = by[cat]["reason"] + " " + " ".join(f"{i['code']} {i.get('comment') or ''}" for i in by[cat]["items"]) \
            + " " + " ".join(c["detail"] + " " + c["id"] for c in by[cat]["criteria"])
        assert needle.lower() in blob.lower(), f"{cat}: expected {needle!r} in the verdict's evidence ({why})"
    in_or_out = {"in" if v in (E, IF) else "out" for v in expected if v != UNK}
    assert res["summary"]["disagree"] == (len(in_or_out) > 1)


def test_at_least_ten_cases_disagree():
    disagreeing = [c for c in CASES if len({"in" if v in (E, IF) else "out" for v in c[4] if v != UNK}) > 1]
    assert len(disagreeing) >= 10
