"""A finding is what an editor reads: which check, where, what is wrong, and how to fix it."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    check: str            # stable name, e.g. MAP-OBJECT-UNKNOWN or TAX-PREFLABEL-ZH
    severity: str         # error | warning | info
    focus: str            # the concept, code or mapping row concerned
    message: str          # what is wrong and how to fix it, in plain words
    source: str = ""      # file:line where known

    def to_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{self.severity.upper():7} {self.check:24} {where}{self.focus}: {self.message}"


@dataclass
class Report:
    findings: list[Finding]
    checked: dict[str, int]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict:
        return {"conforms": self.conforms, "checked": self.checked,
                "errors": sum(f.severity == "error" for f in self.findings),
                "warnings": sum(f.severity == "warning" for f in self.findings),
                "findings": [f.to_dict() for f in self.findings]}
