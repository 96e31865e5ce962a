"""Every page (tests/web/shots.py), reached as a person reaches it, in both languages at 1280x800 and at a phone's
width: nothing may overflow sideways; at desktop size axe-core (npm axe-core 4.14.1, tests/web/vendor/axe.min.js,
MPL-2.0) finds no serious or critical violation (WCAG 2.1 A/AA and best practice: labels, landmarks, contrast,
names, nesting). Screenshots are written only when asked for: `python -m tests.web.shots docs/ui`."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.web import shots
from tests.web.conftest import TOKENS

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: "tag",
                                              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
  return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def test_a_cjk_font_is_installed():
    if not shutil.which("fc-match"):
        raise AssertionError("fontconfig's fc-match is missing; apt-get install -y fonts-noto-cjk")
    found = subprocess.run(["fc-match", "sans-serif:lang=zh-cn", "family"], capture_output=True, text=True).stdout
    assert "CJK" in found, f"no CJK font for Chinese ({found.strip()!r}); apt-get install -y fonts-noto-cjk"


@pytest.mark.parametrize("size", list(shots.SIZES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_fits_and_passes_axe(browser, server, lang, size):
    out = os.environ.get("GREENTAXO_SCREENS_TO")
    context = browser.new_context(viewport=shots.SIZES[size], base_url=server, device_scale_factor=1,
                                  locale="zh-CN" if lang == "zh" else "en-US")
    context.add_cookies([{"name": "lang", "value": lang, "url": server}])
    pg = context.new_page()
    wide, violations = {}, {}
    for name, path, action in shots.pages(TOKENS):
        pg.goto(path)
        if action:
            action(pg)
        assert pg.locator("html").get_attribute("lang").startswith(lang)
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(Path(out) / f"{name}-{lang}-{size}.png"))
        if px := shots.overflow(pg):
            wide[name] = px
        if size == "desktop":
            pg.add_script_tag(content=AXE)
            if bad := pg.evaluate(RUN):
                violations[name] = bad
    context.close()
    assert not wide, f"pages wider than the window (px): {wide}"
    assert not violations, f"axe-core found serious/critical violations: {violations}"
