"""The CI entry point itself: a merge once left `.ci/run` with an unterminated backquote, so CI stopped at line 8
before any test ran while every test here passed. Hold the script to what CI will do with it."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.support import ROOT

CI = ROOT / ".ci" / "run"


def test_ci_script_parses_as_bash():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not found on this machine")
    done = subprocess.run([bash, "-n", str(CI)], capture_output=True, text=True)
    assert done.returncode == 0, f".ci/run does not parse: {done.stderr.strip()}"


def test_ci_script_is_executable_and_ends_in_make_test():
    assert os.access(CI, os.X_OK), "chmod +x .ci/run (CI executes it directly)"
    lines = [ln.strip() for ln in CI.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[0] == "set -euo pipefail", "the first command should stop CI at the first failing step"
    assert lines[-1] == "make test", "CI's last step is `make test`, the command the README names"
    # every apt-get install is non-interactive, or CI waits on a prompt until it times out
    for ln in lines:
        if "apt-get install" in ln:
            assert "DEBIAN_FRONTEND=noninteractive" in ln and " -y " in ln, ln
