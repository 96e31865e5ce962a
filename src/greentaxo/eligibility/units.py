"""Quantities for eligibility facts: one pint registry with the carbon units catalogues use.

Catalogues state thresholds in gCO2e/kWh, tCO2e/t, kgCO2e/kW, W/m2K, percent and so on; a bank's
data arrive in whatever unit the project report used (kgCO2/MWh, kgCO2e/kgH2, ...). pint does the
conversion so that a wrong unit is an error, never a silent pass. CO2e and hydrogen mass get their
own dimensions so that "tCO2e per tonne of H2" does not collapse into a plain ratio that would compare
with anything. A figure in CO2 is read as CO2e (documented in docs/eligibility.md): catalogues that
speak of CO2 alone (tailpipe limits) are about CO2, and for combustion the other gases are small.
"""
from __future__ import annotations

import re
from functools import lru_cache

from greentaxo.errors import InputError

_DEFINITIONS = [
    "gCO2e = [co2e]",
    "kgCO2e = 1000 * gCO2e",
    "tCO2e = 1000000 * gCO2e",
    "MtCO2e = 1000000000000 * gCO2e",
    "gCO2 = gCO2e",
    "kgCO2 = kgCO2e",
    "tCO2 = tCO2e",
    "kgH2 = [hydrogen_mass]",
    "tH2 = 1000 * kgH2",
    "population_equivalent = [population_equivalent] = pe",
]


_SPACED_CO2 = re.compile(r"\b([kMt]?g)\s+CO2(e?)\b")


@lru_cache(maxsize=1)
def registry():
    import pint  # noqa: PLC0415  (heavy: pint)

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for d in _DEFINITIONS:
        ureg.define(d)
    return ureg


def parse_unit(text: str, *, field: str = "unit"):
    """A pint unit from text; an unknown unit is an InputError naming the field."""
    try:
        return _parsed(text)
    except _BadUnit as exc:
        raise InputError(f"{field}: unknown unit {text!r} ({exc.args[0]}); write it as pint reads it, "
                         "e.g. gCO2e/kWh, kgCO2/MWh, tCO2e/t, W/m2/K, percent") from None


class _BadUnit(Exception):
    pass


@lru_cache(maxsize=512)
def _parsed(text: str):
    """pint's parse takes about a millisecond; a loan book repeats a few units thousands of times."""
    ureg = registry()
    t = (text or "").strip()
    if not t:
        raise _BadUnit("empty")
    t = t.replace("％", "percent").replace("%", "percent").replace("m2", "m**2").replace("m3", "m**3")
    t = _SPACED_CO2.sub(r"\1CO2\2", t)        # "g CO2e/kWh" as reports often write it
    try:
        return ureg.parse_units(t)
    except Exception as exc:  # pint raises many kinds (syntax, undefined, zero division); all mean "bad unit"
        raise _BadUnit(exc.__class__.__name__) from None


def convert(value: float, unit: str, target: str, *, field: str = "fact") -> float:
    """value in `unit` expressed in `target`; incompatible dimensions raise InputError."""
    src, dst = parse_unit(unit, field=field), parse_unit(target, field=f"{field} target")
    factor = _factor(src, dst)
    if factor is None:
        raise InputError(f"{field}: unit {unit!r} cannot be converted to {target!r} (different physical "
                         "dimensions); give the value in a compatible unit")
    return float(value * factor)


@lru_cache(maxsize=512)
def _factor(src, dst) -> float | None:
    """The factor from one unit to another (every unit criteria use is multiplicative: no offsets)."""
    import pint  # noqa: PLC0415  (heavy: pint)

    try:
        return float(registry().Quantity(1.0, src).to(dst).magnitude)
    except (pint.errors.DimensionalityError, ZeroDivisionError, OverflowError):
        return None


def compatible(unit_a: str, unit_b: str) -> bool:
    ureg = registry()
    return ureg.Quantity(1, parse_unit(unit_a)).is_compatible_with(parse_unit(unit_b))
