"""Write the illustrative Yeda panels used by the README's assessment example (docs/examples/assessment/).

The scores are made up by us to look like a real panel (a shared view of each achievement, each expert
off by a point here and there, one sceptic); they are not real expert judgements. Deterministic: the same
files every run. Usage: .venv/bin/python scripts/assess_example_sheets.py
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "examples" / "assessment"
EXPERTS = ["wang", "li", "zhang", "liu", "yang", "huang", "zhao", "wu", "zhou", "he"]
# raw scores on Yeda's 20 indicators, in table order (10, 12, 13, 15, 20 are "lower is better")
PANELS = {
    "vanadium-electrolyte": [5, 5, 4, 4, 4, 4, 4, 4, 4, 2, 5, 2, 2, 4, 2, 4, 4, 4, 4, 2],
    "iron-chromium-stack": [4, 4, 3, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 4, 3, 3, 2, 2, 3, 3],
    "flywheel-bearing": [3, 2, 3, 3, 4, 4, 2, 2, 3, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 3],
}
COMMENTS = {0: "two provincial grid companies asked for pilot quotes", 2: "CN application filed, not yet granted",
            5: "pilot stack ran 1,200 h", 12: "needs a 3 MW demonstration before sale"}


def panel(name: str, profile: list[int], seed: int, delphi: bool = False) -> list[list]:
    """One round's sheets; in a Delphi second round the experts have seen the distribution and move toward it."""
    rnd = random.Random(seed)
    rows = [["expert", "indicator", "score", "comment"]]
    for k, expert in enumerate(EXPERTS):
        sceptic = name == "vanadium-electrolyte" and expert == "he"
        for j, base in enumerate(profile):
            if sceptic and not delphi:    # rates the market low and the risks high: runs against the panel
                score = 6 - base
            elif sceptic:                 # after the feedback: still the most cautious, but on the panel's scale
                score = base - (1 if j % 3 else 0)
            else:
                score = base + rnd.choice((0, 0, 0, 0, 0, 0, -1, 1) if delphi else (-1, 0, 0, 0, 1))
            rows.append([expert, j + 1, min(5, max(1, score)), COMMENTS.get(j, "") if k == 0 else ""])
    return rows


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (name, profile) in enumerate(PANELS.items(), start=17):
        with (OUT / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(panel(name, profile, seed))
        print(f"wrote {OUT / name}.csv")
    with (OUT / "vanadium-electrolyte-round2.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(panel("vanadium-electrolyte", PANELS["vanadium-electrolyte"], 99, True))
    print(f"wrote {OUT / 'vanadium-electrolyte-round2.csv'}")


if __name__ == "__main__":
    main()
