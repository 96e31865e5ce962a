"""Pass rate per catalogue on the loan lines of tests/eligibility/loan_cases.py (written for this project: unit
tests, not results; the issue's hidden set is the judge). Lists every miss with the verdict given.

    .venv/bin/python benchmarks/eligibility_cases.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    import greentaxo
    from greentaxo.eligibility import CATALOGUES, evaluate
    from tests.eligibility.loan_cases import CASES

    kg = greentaxo.load()
    hits = {c: 0 for c in CATALOGUES}
    for cid_, text, expected, _why in CASES:
        res = evaluate(kg, text=text)
        got = tuple(v["verdict"] for v in res["verdicts"])
        for c, g, e in zip(CATALOGUES, got, expected, strict=True):
            hits[c] += g == e
        if got != expected:
            used = (res["classification"] or {}).get("used") or "-"
            print(f"miss {cid_:20} got {got} expected {expected} (route {used.rsplit('/', 1)[-1]})")
    print(f"{len(CASES)} loan lines: " + "; ".join(f"{c} {hits[c]}/{len(CASES)} = {hits[c] / len(CASES):.0%}"
                                                   for c in CATALOGUES))


if __name__ == "__main__":
    main()
