"""Metrics as banks hold them, turned into the metrics criteria test.

A loan file says "PUE 1.8", "IE4 motors", "R410A"; the catalogues say "GB 40879 grade 2", "GB 18613 grade 1",
"GWP at most 675". The tables here make that step, visibly: every derived fact says what it came from and
on which table, and a fact given outright for the target metric always wins over a derived one.

- Data centres: GB 40879-2021 grades the electricity ratio (电能比: total facility electricity over IT
  electricity, which is what PUE measures) -- grade 1 at most 1.20, grade 2 at most 1.30, grade 3 (the
  limit value) at most 1.50. Above 1.50 a data centre has no grade; we record that as grade 4.
- Motors: GB 18613-2020 grade 1 = IE5, grade 2 = IE4, grade 3 = IE3 (IE2 and below are under the limit: 4).
- Refrigerants: GWP by name from refrigerants.tsv (AR4 values, Regulation (EU) No 517/2014).
"""
from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from greentaxo.eligibility.metrics import Fact
from greentaxo.errors import InputError

# (grade, highest electricity ratio of the grade): GB 40879-2021 数据中心能效限定值及能效等级, table 1
GB40879_GRADES = ((1, 1.20), (2, 1.30), (3, 1.50))
NO_GRADE = 4                       # worse than the lowest grade (the limit value): no grade
# IE class (IEC 60034-30-1) -> GB 18613-2020 grade
GB18613_BY_IE = {5: 1, 4: 2, 3: 3}


@dataclass(frozen=True)
class Refrigerant:
    name: str
    gwp: float
    basis: str
    comment: str

    def note(self) -> str:
        basis = {"AR4": "IPCC AR4 100-year value as listed by Regulation (EU) No 517/2014",
                 "EN378": "EN 378-1 Annex E value (the F-gas Regulation does not list it)"}[self.basis]
        return f"{self.name}: GWP {self.gwp:g} ({basis})" + (f"; {self.comment}" if self.comment else "")


def refrigerant_key(name: str) -> str:
    """'R-410A', 'r410a', 'HFC-32', 'HFO-1234yf' -> one lookup key."""
    k = re.sub(r"[\s\-_]", "", name).upper()
    k = re.sub(r"^(HFC|HFO|HCFC|HC)(?=\d)", "R", k)
    return k


@lru_cache(maxsize=1)
def refrigerants() -> dict[str, Refrigerant]:
    path = Path(__file__).with_name("refrigerants.tsv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out: dict[str, Refrigerant] = {}
    for rec in csv.DictReader(lines, delimiter="\t"):
        r = Refrigerant(rec["name"], float(rec["gwp"]), rec["basis"], rec["comment"])
        for n in [rec["name"], *filter(None, rec["aliases"].split(";"))]:
            out[refrigerant_key(n)] = r
    return out


def refrigerant(name: str, *, field: str = "refrigerant") -> Refrigerant:
    found = refrigerants().get(refrigerant_key(name))
    if found is None:
        near = difflib.get_close_matches(refrigerant_key(name), sorted({r.name.upper() for r in refrigerants().values()}), n=3)
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise InputError(f"{field}: refrigerant {name!r} is not in our GWP table.{hint} Give refrigerant_gwp=<number> "
                         "instead")
    return found


def data_centre_grade(ratio: float) -> int:
    for grade, most in GB40879_GRADES:
        if ratio <= most + 1e-9:
            return grade
    return NO_GRADE


def grade_words(grade: int) -> str:
    return f"grade {grade}" if grade != NO_GRADE else "no grade (worse than grade 3, the limit value)"


def motor_grade(ie_class: int) -> int:
    return GB18613_BY_IE.get(int(ie_class), NO_GRADE)


def derive(facts: dict) -> dict:
    """Facts for the metrics criteria test, derived from the metrics banks hold; returns only new ones.

    `facts` maps metric -> Fact; derived facts carry source "derived" and a note."""
    out: dict[str, Fact] = {}
    pue = facts.get("pue")
    if pue is not None and "data_centre_grade" not in facts:
        g = data_centre_grade(pue.value)
        out["data_centre_grade"] = Fact("data_centre_grade", float(g), "dimensionless", "derived",
                                        f"PUE {pue.value:g} -> GB 40879-2021 {grade_words(g)}; "
                                        "grade 1 <= 1.20, 2 <= 1.30, 3 <= 1.50")
    ie = facts.get("motor_ie_class")
    if ie is not None and "energy_efficiency_grade" not in facts:
        g = motor_grade(int(ie.value))
        out["energy_efficiency_grade"] = Fact("energy_efficiency_grade", float(g), "dimensionless", "derived",
                                              f"IE{int(ie.value)} -> GB 18613-2020 {grade_words(g)}; "
                                              "grade 1 = IE5, 2 = IE4, 3 = IE3")
    return out
