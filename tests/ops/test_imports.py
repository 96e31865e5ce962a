"""Every module of the package imports on its own in a fresh interpreter (no import cycle, no module that
only works after another has been imported), and none is over 400 lines."""
from __future__ import annotations

import ast
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
    """sssom-py (dev extra, ~1.2 s to import) is for a test; FastAPI and pydantic-settings are the server's: no
    CLI command imports them."""
    script = ("import importlib, sys, greentaxo.cli.main as m\n"
              "for mod, _ in m.COMMANDS.values(): importlib.import_module('greentaxo.cli.' + mod)\n"
              "cli = {m for m in ('sssom', 'pydantic_settings', 'fastapi') if m in sys.modules}\n"
              "import greentaxo.api.main\n"
              "print(sorted(cli), 'sssom' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["[]", "False"], proc.stdout + proc.stderr[-1000:]


CORE = ("greentaxo", "greentaxo.graph", "greentaxo.taxonomy", "greentaxo.kpi", "greentaxo.facets", "greentaxo.paths",
        "greentaxo.settings", "greentaxo.errors", "greentaxo.namespaces", "greentaxo.text", "greentaxo.codes",
        "greentaxo.mappings", "greentaxo.security", "greentaxo.skos")
ALLOWED = {("greentaxo.mappings", "greentaxo.validate.report")}     # the Finding record (docs/architecture.md)
# `greentaxo serve` starts the server: it imports it inside the command (test_cli_and_server_do_not_import_... holds that)
CLI_TO_API = {("greentaxo.cli.serve", "greentaxo.api.serving")}


def _greentaxo_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("greentaxo"):
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("greentaxo")}
    return found


def _in(name: str, rooms: tuple[str, ...]) -> bool:
    return any(name == r or name.startswith(r + ".") and r != "greentaxo" for r in rooms) or name == "greentaxo"


def test_layers():
    """The core never imports a capability; only the CLI, the API and the web pages import greentaxo.cli /
    greentaxo.api / greentaxo.web, and the CLI imports neither the API nor the web pages."""
    modules = dict(zip(_modules(), sorted(SRC.rglob("*.py")), strict=True))
    wrong = []
    for name, path in modules.items():
        imported = {m for m in _greentaxo_imports(path) if m in modules}
        if _in(name, CORE):
            wrong += [(name, m) for m in imported if not _in(m, CORE)
                      and not any(name.startswith(a) and m == b for a, b in ALLOWED)]
        # greentaxo.web is part of the server (installed by api.main on its app, using the API's state)
        if not name.startswith(("greentaxo.cli", "greentaxo.api", "greentaxo.web")):
            wrong += [(name, m) for m in imported if m.startswith(("greentaxo.cli", "greentaxo.api", "greentaxo.web"))]
        if name.startswith("greentaxo.cli"):
            wrong += [(name, m) for m in imported if m.startswith(("greentaxo.api", "greentaxo.web"))
                      and (name, m) not in CLI_TO_API]
    assert wrong == []
