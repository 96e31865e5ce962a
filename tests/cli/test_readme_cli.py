"""The README's CLI examples are real: each `$ greentaxo ...` shown in "The CLI on real examples" and in
"Classifying achievements" (and every block of "Green-finance eligibility") is run, and every line the
README shows (lines cut with "..." aside) must
appear in its output, in the same order."""
from __future__ import annotations

import shlex

import pytest

from tests.support import ROOT, run_cli

README = ROOT / "README.md"
SECTIONS = ("## The CLI on real examples", "## Classifying achievements")
EVERY_BLOCK = ("## Green-finance eligibility",)        # sections whose every console block is replayed


def _blocks(text: str) -> list[str]:
    out = []
    for heading in SECTIONS + EVERY_BLOCK:
        at = text.index(heading)
        end = text.find("\n## ", at + 1)
        while True:
            start = text.find("```console", at)
            if start < 0 or (end > 0 and start > end):
                break
            out.append(text[start + len("```console\n"):text.index("```\n", start + 10)])
            at = start + 10
            if heading in SECTIONS:
                break
    return out


def _examples() -> list[tuple[str, list[str]]]:
    text = README.read_text(encoding="utf-8")
    out: list[tuple[str, list[str]]] = []
    for block in _blocks(text):
        command, shown = None, []
        for line in block.splitlines() + ["$ end"]:
            if line.startswith("$ "):
                if command:
                    out.append((command, shown))
                command, shown = line[2:], []
            elif line.strip() and "..." not in line and "…" not in line and line.strip() not in ("{", "}", "]", "],"):
                shown.append(line.rstrip())
    return out


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=[c[:50] for c, _ in _examples()])
def test_readme_cli_example(command, shown):
    args = shlex.split(command)
    assert args[0] == "greentaxo"
    r = run_cli(*args[1:])
    actual = [ln.rstrip() for ln in (r.stdout + r.stderr).splitlines()]
    pos = 0
    for line in shown:
        found = next((k for k in range(pos, len(actual)) if actual[k] == line), None)
        assert found is not None, f"README shows a line the command does not print:\n{line}"
        pos = found + 1
