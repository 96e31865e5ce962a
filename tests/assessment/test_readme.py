"""The README's assessment example is real: scripts/assess_example.sh runs it end to end in a throwaway
folder, and every command and output line the README shows (lines cut with "…" aside) must be the script's,
in order. The script runs about twenty CLI commands, most without loading the graph."""
from __future__ import annotations

import re
import subprocess

from tests.support import ROOT

SECTION = re.compile(r"## Technology assessment \(expert panels\)\n.*?```console\n(.*?)```", re.S)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    out, command, lines = [], None, []
    for line in text.splitlines() + ["$ end"]:
        if line.startswith("$ "):
            if command:
                out.append((command, lines))
            command, lines = line[2:].strip(), []
        elif line.strip() and "…" not in line and not line.startswith("(exit"):
            lines.append(line.rstrip())
    return out


def test_readme_assessment_example_is_the_scripts_real_output(tmp_path):
    shown = _blocks(SECTION.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1))
    run = subprocess.run(["bash", str(ROOT / "scripts" / "assess_example.sh"), str(tmp_path / "demo")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    ran = _blocks(run.stdout)
    assert len(shown) >= 10
    at = 0
    for command, lines in shown:          # in order: `close` runs twice, once per round
        k = next((i for i in range(at, len(ran)) if ran[i][0] == command), None)
        assert k is not None, f"README shows `{command}`, which the script does not run as written (or not here)"
        actual, pos, at = ran[k][1], 0, k + 1
        for line in lines:
            found = next((k for k in range(pos, len(actual)) if actual[k] == line), None)
            assert found is not None, f"`{command}`: README shows a line the command does not print:\n{line}"
            pos = found + 1
    assert (tmp_path / "demo" / "assessment-1.html").stat().st_size > 10_000
    assert (tmp_path / "demo" / "assessment-1.xlsx").stat().st_size > 5_000
