"""Solution packages: combine routes into a package that covers every function a scenario needs.

Public entry points: `assemble(kg, scenario, ...)` for the bundled graph, `get_assembler(name)` for a
`RoutePool` of your own, and the output helpers in `greentaxo.packages.output`. OR-Tools is imported only
when the CP-SAT assembler runs.
"""
from __future__ import annotations

from greentaxo.packages.base import get_assembler
from greentaxo.packages.service import assemble

__all__ = ["assemble", "get_assembler"]
