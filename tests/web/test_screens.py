"""Screenshots of every page in both languages at 1280x800 and at a phone's width (tests/web/shots.py): nothing
may overflow sideways, and the Chinese font the pages ask for is installed (fonts-noto-cjk). The files go to a
temporary folder, or to $GREENTAXO_SCREENS_TO (`python -m tests.web.shots docs/ui` refreshes docs/ui)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.web import shots
from tests.web.conftest import TOKENS


def test_a_cjk_font_is_installed():
    if not shutil.which("fc-match"):
        raise AssertionError("fontconfig's fc-match is missing; apt-get install -y fonts-noto-cjk")
    found = subprocess.run(["fc-match", "sans-serif:lang=zh-cn", "family"], capture_output=True, text=True).stdout
    assert "CJK" in found, f"no CJK font for Chinese ({found.strip()!r}); apt-get install -y fonts-noto-cjk"


def test_every_page_in_both_languages_and_sizes_without_overflow(browser, server, tmp_path):
    out = Path(os.environ.get("GREENTAXO_SCREENS_TO") or tmp_path)
    found = shots.take(browser, server, out, TOKENS["reviewer"])
    assert len(found) == len(shots.pages("")) * 2 * len(shots.SIZES)
    wide = {name: px for name, px in found.items() if px > 0}
    assert not wide, f"pages wider than the window (px): {wide}"
    assert all((out / name).stat().st_size > 5000 for name in found)
