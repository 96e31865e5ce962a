"""The editors' criteria tables (criteria_<catalogue>.tsv): one row per criterion, read into `Row`s.

A row is written once by an editor (own-words zh/en summary, source clause, optional rule) and turned
into Turtle by `build.py`. The rule is a short string `metric OP number unit` so that a table stays
readable in a spreadsheet; build.py parses it and checks the metric and unit against metrics.tsv.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from greentaxo.errors import InputError

ROLES = ("scope", "technical", "evidence", "dnsh", "safeguards", "documentation", "exclusion")
_RULE = re.compile(r"^\s*([a-z0-9_]+)\s*(<=|>=|<|>|=)\s*([-+]?\d+(?:\.\d+)?)\s*(.*?)\s*$")


@dataclass(frozen=True)
class Row:
    item: str                 # the catalogue item code, e.g. "ccm-4.29" or "1.1.1"
    key: str                  # short id unique within the item, e.g. "sc1"
    role: str
    zh: str
    en: str
    clause: str               # where in the item's official text the condition sits
    rule: str | None = None   # "lifecycle_ghg_intensity < 100 gCO2e/kWh"
    scope: tuple[str, str] | None = None   # (zh, en) boundary of the measurement
    alt: str | None = None    # "g1:a" or "g1:a+b" -- alternative group and branch(es)
    routes: tuple[str, ...] = ()   # route notations the criterion is limited to (the route or a narrower one)

    def parsed_rule(self) -> tuple[str, str, float, str] | None:
        if not self.rule:
            return None
        m = _RULE.match(self.rule)
        if not m:
            raise ValueError(f"{self.item}/{self.key}: rule {self.rule!r} is not 'metric OP number unit'")
        return m.group(1), m.group(2), float(m.group(3)), m.group(4) or "dimensionless"

    def alternatives(self) -> tuple[str, list[str]] | None:
        if not self.alt:
            return None
        group, _, branches = self.alt.partition(":")
        return group, branches.split("+")


def C(item: str, key: str, role: str, zh: str, en: str, clause: str = "", rule: str | None = None,
      scope: tuple[str, str] | None = None, alt: str | None = None, routes: tuple[str, ...] = ()) -> Row:
    if role not in ROLES:
        raise ValueError(f"{item}/{key}: role {role!r} not in {ROLES}")
    return Row(item, key, role, zh, en, clause, rule, scope, alt, routes)


COLUMNS = ["item", "key", "role", "zh", "en", "clause", "rule", "scope_zh", "scope_en", "alt", "routes"]


def read_tsv(path: Path) -> list[Row]:
    """Rows of one table; '#' lines are comments. A malformed row is an InputError naming file and line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [(n, ln) for n, ln in enumerate(lines, start=1) if ln and not ln.startswith("#")]
    if not body or body[0][1].split("\t") != COLUMNS:
        raise InputError(f"header must be {' '.join(COLUMNS)} (tab-separated)", source=str(path))
    rows: list[Row] = []
    for (n, _), rec in zip(body[1:], csv.DictReader([ln for _, ln in body], delimiter="\t"), strict=True):
        if None in rec or any(rec.get(c) is None for c in COLUMNS):
            raise InputError(f"row has the wrong number of cells; expected {len(COLUMNS)}", source=str(path), line=n)
        try:
            scope = (rec["scope_zh"], rec["scope_en"]) if rec["scope_zh"] or rec["scope_en"] else None
            routes = tuple(x.strip() for x in rec["routes"].split(",") if x.strip())
            row = C(rec["item"], rec["key"], rec["role"], rec["zh"], rec["en"], rec["clause"],
                    rec["rule"] or None, scope, rec["alt"] or None, routes)
            row.parsed_rule()
        except ValueError as exc:
            raise InputError(str(exc), source=str(path), line=n) from None
        rows.append(row)
    return rows
