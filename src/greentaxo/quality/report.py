"""Run the quality checks and render the report as text, JSON or HTML."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from greentaxo.quality import consistency  # noqa: F401  (registers its checks)
from greentaxo.quality.checks import CHECKS
from greentaxo.validate.report import Finding

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run(kg: KnowledgeGraph, only: list[str] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for code, (_, fn) in CHECKS.items():
        if only and code not in only:
            continue
        out.extend(fn(kg.taxonomy, kg))
    return sorted(out, key=lambda f: (SEVERITY_ORDER[f.severity], f.check, f.focus))


def fails(findings: list[Finding], fail_on: str) -> bool:
    limit = SEVERITY_ORDER[fail_on]
    return any(SEVERITY_ORDER[f.severity] <= limit for f in findings)


def summary(findings: list[Finding]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for f in findings:
        out.setdefault(f.severity, {}).setdefault(f.check, 0)
        out[f.severity][f.check] += 1
    return out


def to_html(findings: list[Finding], title: str = "greentaxo quality report") -> str:
    rows = "\n".join(
        f"<tr class='{f.severity}'><td>{f.severity}</td><td>{html.escape(f.check)}</td><td>{html.escape(f.focus)}</td>"
        f"<td>{html.escape(f.message)}</td></tr>" for f in findings)
    counts = ", ".join(f"{sev}: {sum(n.values())}" for sev, n in summary(findings).items()) or "no findings"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}
tr.error td:first-child{{color:#b00}}tr.warning td:first-child{{color:#a60}}tr.info td:first-child{{color:#06a}}</style></head>
<body><h1>{title}</h1><p>{counts}</p><table><tr><th>severity</th><th>check</th><th>concept</th><th>finding and fix</th></tr>
{rows}</table></body></html>
"""
