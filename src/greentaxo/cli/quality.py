from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from greentaxo.cli._common import kg
from greentaxo.errors import InputError
from greentaxo.quality.checks import CHECKS
from greentaxo.quality.report import fails, run, summary, to_html


class Out(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def register(app: typer.Typer) -> None:
    @app.command()
    def quality(
        fmt: Out = typer.Option(Out.text, "--format", help="text, json or html"),
        output: Path = typer.Option(None, "--output", help="Write the report to this file instead of stdout."),
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when a finding this severe or worse exists."),
        only: list[str] = typer.Option(None, "--check", help="Run only these check codes."),
    ) -> None:
        """qSKOS and label checks beyond SHACL; each finding names the check, the concept and the fix."""
        for code in only or []:
            if code not in CHECKS:
                raise InputError(f"--check {code!r} unknown; checks: {', '.join(CHECKS)}")
        findings = run(kg(), only or None)
        if fmt is Out.json:
            text = json.dumps({"summary": summary(findings), "findings": [f.to_dict() for f in findings]},
                              ensure_ascii=False, indent=2)
        elif fmt is Out.html:
            text = to_html(findings)
        else:
            lines = [f.line() for f in findings]
            counts = summary(findings)
            lines.append("summary: " + ("; ".join(f"{sev} " + ", ".join(f"{k} {v}" for k, v in sorted(n.items()))
                                                  for sev, n in counts.items()) or "no findings"))
            text = "\n".join(lines)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
        raise typer.Exit(1 if fails(findings, fail_on.value) else 0)
