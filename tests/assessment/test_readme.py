"""The README's assessment example is real. Its commands are replayed in this process through the CLI's
entry point (twenty subprocess starts would cost minutes on a loaded machine), in a throwaway folder with
its own store, and every output line the README shows (lines cut with "…" aside) must be printed, in
order. scripts/assess_example.sh, which produced the README text, must run the same commands."""
from __future__ import annotations

import contextlib
import io
import re
import shlex

from tests.support import ROOT

SECTION = re.compile(r"## Technology assessment \(expert panels\)\n.*?```console\n(.*?)```", re.S)
SCRIPT = ROOT / "scripts" / "assess_example.sh"
PANEL = [w for e in ("wang", "li", "zhang", "liu", "yang", "huang", "zhao", "wu", "zhou", "he") for w in ("--expert", e)]
# what the script does silently before `rank`: two more achievements of the storage route group
OPEN = ["assess", "open", "--system", "yeda", "--by", "sun", "--route"]
SETUP = [[*OPEN, "gtr:R0313", *PANEL, "--title", "铁铬液流电池千瓦级电堆"],
         ["assess", "score", "2", "docs/examples/assessment/iron-chromium-stack.csv", "--by", "sun"],
         ["assess", "close", "2", "--by", "sun"],
         [*OPEN, "gtr:R0322", *PANEL, "--title", "磁悬浮飞轮储能轴承系统"],
         ["assess", "score", "3", "docs/examples/assessment/flywheel-bearing.csv", "--by", "sun"],
         ["assess", "close", "3", "--by", "sun"]]


def _shown() -> list[tuple[str, list[str]]]:
    out, command, lines = [], None, []
    text = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1)
    for line in text.splitlines() + ["$ end"]:
        if line.startswith("$ "):
            if command:
                out.append((command, lines))
            command, lines = line[2:].strip(), []
        elif line.strip() and "…" not in line:
            lines.append(line.rstrip())
    return out


def _cli(argv: list[str]) -> tuple[int, list[str]]:
    from greentaxo.cli.main import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    return code, [ln.rstrip() for ln in buf.getvalue().splitlines()]


def test_readme_assessment_example_is_real_output(tmp_path, monkeypatch, kg):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    monkeypatch.setenv("GREENTAXO_EDITS_DB", str(tmp_path / "assess.sqlite"))
    monkeypatch.delenv("GREENTAXO_EDITS_URL", raising=False)
    shown = _shown()
    assert len(shown) >= 10
    for command, lines in shown:
        argv = shlex.split(command)
        assert argv[0] == "greentaxo"
        if argv[1:3] == ["assess", "rank"]:
            for step in SETUP:
                assert _cli(step)[0] == 0, step
        code, actual = _cli(argv[1:])
        pos = 0
        for line in lines:
            found = next((k for k in range(pos, len(actual)) if actual[k] == line), None)
            assert found is not None, f"`{command}` (exit {code}): README shows a line it does not print:\n{line}"
            pos = found + 1
    assert (tmp_path / "assessment-1.html").stat().st_size > 10_000
    assert (tmp_path / "assessment-1.xlsx").stat().st_size > 5_000


def test_the_example_script_runs_the_readme_commands():
    script = SCRIPT.read_text(encoding="utf-8").replace("\\\n", " ")
    ran = [" ".join(shlex.split(m)) for m in re.findall(r'^run "\$G" (.*)$', script, re.M)]
    for command, _ in _shown():
        words = " ".join(shlex.split(command)[1:])
        assert words in ran, f"README shows `{command}`, which scripts/assess_example.sh does not run"
    setup = [" ".join(shlex.split(m.replace('"${PANEL[@]}"', " ".join(PANEL))))
             for m in re.findall(r'^"\$G" (.*?) >/dev/null$', script, re.M)]
    assert setup == [" ".join(s) for s in SETUP]
