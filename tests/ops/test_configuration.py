"""Settings: the environment is read in greentaxo.settings and greentaxo.api.settings only, every variable
of both is in docs/configuration.md, and a server setting that does not parse is one clear line."""
from __future__ import annotations

import re
import subprocess
import sys

from greentaxo import settings
from greentaxo.api.settings import ApiSettings
from tests.support import ROOT

READERS = {"src/greentaxo/settings.py", "src/greentaxo/api/settings.py"}


def test_only_the_settings_modules_read_the_environment():
    readers = {str(f.relative_to(ROOT)) for f in (ROOT / "src").rglob("*.py")
               if re.search(r"os\.environ|os\.getenv|getenv\(", f.read_text(encoding="utf-8"))}
    assert readers <= READERS, readers - READERS


def test_every_variable_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = set(settings.VARIABLES) | set(settings.LIMITS) | set(settings.STORE)
    names |= {f"GREENTAXO_{f.upper()}" for f in ApiSettings.model_fields}
    assert {n for n in names if f"`{n}`" not in doc} == set()
    assert set(re.findall(r"`(GREENTAXO_[A-Z_]+)`", doc)) == names, "the page lists a variable nobody reads"


def test_library_settings_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GREENTAXO_RELEASES", str(tmp_path))
    monkeypatch.delenv("GREENTAXO_DATA", raising=False)
    s = settings.current()
    assert s.releases == tmp_path and s.data is None


def test_a_bad_server_setting_stops_the_server_with_one_line():
    proc = subprocess.run([sys.executable, "-c", "import greentaxo.api.settings"], capture_output=True, text=True,
                          env={"GREENTAXO_MAX_BATCH": "many", "PATH": ""}, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "GREENTAXO_MAX_BATCH" in proc.stderr, proc.stderr
