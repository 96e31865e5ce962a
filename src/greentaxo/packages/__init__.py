"""Solution packages: combine routes into a package that covers every function a scenario needs.

Public entry points (imported lazily so that `greentaxo --help` stays fast):
`assemble(kg, scenario, ...)` for the bundled graph, `get_assembler(name)` for a `RoutePool` of
your own, and the output helpers in `greentaxo.packages.output`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from greentaxo.packages.base import get_assembler
    from greentaxo.packages.service import assemble

__all__ = ["assemble", "get_assembler"]


def __getattr__(name: str) -> Any:
    if name == "assemble":
        from greentaxo.packages.service import assemble

        return assemble
    if name == "get_assembler":
        from greentaxo.packages.base import get_assembler

        return get_assembler
    raise AttributeError(name)
