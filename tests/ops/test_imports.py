"""Every module of the package imports on its own in a fresh interpreter (no import cycle, no module that
only works after another has been imported), and none is over 400 lines."""
from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT

SRC = ROOT / "src" / "greentaxo"


def _modules() -> list[str]:
    out = []
    for f in sorted(SRC.rglob("*.py")):
        parts = list(f.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append(".".join(parts))
    return out


def test_each_module_imports_alone():
    # an interpreter per module would take a minute; instead one interpreter forgets every greentaxo module
    # before importing the next one first (third-party modules stay loaded: numpy cannot be loaded twice),
    # which is what an import cycle or a missing import needs to show
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for m in [m for m in sys.modules if m == 'greentaxo' or m.startswith('greentaxo.')]:\n"
        "        del sys.modules[m]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc.__class__.__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, *_modules()], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "", proc.stdout


def test_no_module_over_400_lines():
    sizes = {str(f.relative_to(ROOT)): len(f.read_text(encoding="utf-8").splitlines()) for f in SRC.rglob("*.py")}
    assert {f: n for f, n in sizes.items() if n > 400} == {}


def test_cli_and_server_do_not_import_dev_only_packages():
    """sssom-py (dev extra, ~1.2 s to import) is for a test; pydantic-settings is the server's, not the CLI's."""
    script = ("import sys, greentaxo.cli.main\n"
              "cli = {m for m in ('sssom', 'pydantic_settings', 'fastapi') if m in sys.modules}\n"
              "import greentaxo.api.main\n"
              "print(sorted(cli), 'sssom' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["[]", "False"], proc.stdout + proc.stderr[-1000:]
