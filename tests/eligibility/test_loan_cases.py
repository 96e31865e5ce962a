"""Loan lines as banks write them (tests/eligibility/loan_cases.py): the share judged as an analyst would, per
catalogue, must not fall below what it is today. The misses are listed by benchmarks/eligibility_cases.py; almost all
are the text's route read with a low calibrated score (needs-review), which the classifier (issue 14) decides."""
from __future__ import annotations

from greentaxo.eligibility import CATALOGUES, evaluate
from tests.eligibility.loan_cases import CASES

# measured with the classifier model of this commit (benchmarks/eligibility_cases.py); raise it as routes improve
FLOOR = {"gfspc2025": 0.85, "gigc2019": 0.80, "eutaxonomy": 0.80}
# Firm verdicts of the wrong sign with issue 14's recipe (0.1.0+86a90466d1; the same three after retraining on issue 16's
# content, 0.1.0+5b7e52d613), listed so that any other one fails: the
# taxonomy has no route for building a metro line or a new data centre (only rail vehicles / rail efficiency and
# data-centre cooling / retrofit routes), the text model finds none of those above 0.1, and the green decision,
# calibrated on patents, reads both lines as not green (reason no-route). Main's earlier model reached the vehicle
# and cooling routes by shared characters. Fixed by routes for them (issue 16 content), not by the classifier.
KNOWN_WRONG_SIGN = {("metro-zh", "gfspc2025"), ("metro-zh", "gigc2019"), ("dc-new-pue125-en", "gfspc2025")}


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
