"""The README's committee walkthrough stays runnable: every `$ greentaxo …` line in it names a real
command and only options that command has (cheap: one --help per command). The walkthrough itself is
replayed end to end by scripts/committee_cycle.sh, whose commands must be the README's."""
from __future__ import annotations

import re

from tests.support import ROOT, run_cli

SECTION = re.compile(r"## Editorial workflow \(standards body\)\n(.*?)\n## The HTTP API", re.S)


def walkthrough_commands() -> list[list[str]]:
    text = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1)
    return [line.split()[2:] for line in text.splitlines() if line.startswith("$ greentaxo ")]


def test_readme_walkthrough_covers_the_whole_cycle():
    subs = [c[0] for c in walkthrough_commands()]
    for step in ("export", "import", "validate", "quality", "diff", "impact", "release"):
        assert step in subs, step
    assert subs.index("export") < subs.index("import") < subs.index("diff") < subs.index("impact") \
        < subs.index("release")


def test_readme_commands_and_options_exist():
    helps: dict[str, str] = {}
    for cmd in walkthrough_commands():
        words = [w for w in cmd if not w.startswith("-")]
        sub = cmd[:2] if words[0] in ("export", "import") else cmd[:1]
        key = " ".join(sub)
        if key not in helps:
            p = run_cli(*sub, "--help")
            assert p.returncode == 0, (key, p.stderr)
            helps[key] = p.stdout
        for opt in (w for w in cmd if w.startswith("--")):
            assert opt in helps[key], f"README uses {opt} with greentaxo {key}, which has no such option"


def test_cycle_script_runs_the_readme_commands():
    script = (ROOT / "scripts" / "committee_cycle.sh").read_text(encoding="utf-8")
    ran = {" ".join(m.split()) for m in re.findall(r'^run "\$G" (.*)$', script, re.M)}
    for cmd in walkthrough_commands():
        assert " ".join(cmd) in ran, f"README shows `greentaxo {' '.join(cmd)}`, which the cycle script does not run"
