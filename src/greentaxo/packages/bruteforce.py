"""Exhaustive assembly for small graphs: the reference the CP-SAT backend is tested against."""
from __future__ import annotations

from itertools import combinations

from greentaxo.errors import InputError
from greentaxo.packages.base import Assembler
from greentaxo.packages.formulation import Formulation

MAX_CANDIDATES = 18


class BruteForceAssembler(Assembler):
    name = "bruteforce"

    def _solve(self, form: Formulation, count: int) -> list[frozenset[str]]:
        if len(form.candidates) > MAX_CANDIDATES:
            raise InputError(f"bruteforce: {len(form.candidates)} candidate routes; it handles at most "
                             f"{MAX_CANDIDATES}, use the cpsat backend")
        feasible = [(form.objective(s), sorted(s), s) for s in _subsets(form.candidates) if form.feasible(s)]
        feasible.sort(key=lambda t: (t[0], t[1]))
        out: list[frozenset[str]] = []
        for _, _, s in feasible:
            if len(out) >= count:
                break
            if not any(p <= s for p in out):      # the same no-good rule as CP-SAT
                out.append(s)
        return out


def _subsets(items: list[str]):
    for n in range(len(items) + 1):
        for combo in combinations(items, n):
            yield frozenset(combo)
