"""Loan lines as banks write them (tests/eligibility/loan_cases.py): the share judged as an analyst would, per
catalogue, must not fall below what it is today. The misses are listed by benchmarks/eligibility_cases.py; almost all
are the text's route read with a low calibrated score (needs-review), which the classifier (issue 14) decides."""
from __future__ import annotations

from greentaxo.eligibility import CATALOGUES, evaluate
from tests.eligibility.loan_cases import CASES

# measured with the classifier model of this commit (benchmarks/eligibility_cases.py); raise it as routes improve
FLOOR = {"gfspc2025": 0.98, "gigc2019": 0.98, "eutaxonomy": 0.98}      # 312 / 312 each with model 0.1.0+7c7ebb118a
# Firm verdicts of the wrong sign, listed so that any other one fails. None today: the three there were ("地铁线路建设"
# in both Chinese catalogues, "New hyperscale data centre, design PUE 1.25" in gfspc2025; no route, read as not green)
# are now read through the project types they name (facet-label, test_facet_text.py).
KNOWN_WRONG_SIGN: set[tuple[str, str]] = set()


def test_loan_lines_are_judged_as_an_analyst_would(kg):
    hits = {c: 0 for c in CATALOGUES}
    wrong_firm = []
    for cid_, text, expected, _why in CASES:
        got = tuple(v["verdict"] for v in evaluate(kg, text=text)["verdicts"])
        for c, g, e in zip(CATALOGUES, got, expected, strict=True):
            hits[c] += g == e
            if g != e and g in ("eligible", "not-eligible") and e in ("eligible", "not-eligible"):
                wrong_firm.append((cid_, c, g, e))
    rates = {c: hits[c] / len(CASES) for c in CATALOGUES}
    assert all(rates[c] >= FLOOR[c] for c in CATALOGUES), rates
    # an uncertain route may make a verdict needs-review; it must never turn eligible into not-eligible or back
    assert not [w for w in wrong_firm if w[:2] not in KNOWN_WRONG_SIGN], wrong_firm


def test_plainly_not_green_loans_are_never_called_green(kg):
    outs = [[v["verdict"] for v in evaluate(kg, text=text)["verdicts"]]
            for _, text, expected, _ in CASES if expected == ("not-eligible",) * 3]
    assert outs and not any(v in ("eligible", "eligible-if") for got in outs for v in got), outs
    assert sum(got == ["not-eligible"] * 3 for got in outs) >= len(outs) - 1, outs
