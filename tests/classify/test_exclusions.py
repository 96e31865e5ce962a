"""A bracketed exclusion ("（…除外）", "（不含…）") names what a text is not about: its words support no route and no
green decision, and evidence offsets into the text stay true."""
from __future__ import annotations

import pytest

from greentaxo.classify.textnorm import drop_exclusions, normalise_with_offsets, without_exclusions


@pytest.mark.parametrize(("raw", "kept"), [
    ("甲醇（天然气制甲醇工艺、焦炉煤气制甲醇工艺除外）", "甲醇"),
    ("高效照明产品（不包括含汞灯具）", "高效照明产品"),
    ("抽水蓄能机组制造(不含配套发电机)", "抽水蓄能机组制造"),
])
def test_an_exclusion_is_blanked_and_the_rest_kept(raw, kept):
    nt = without_exclusions(normalise_with_offsets(raw))
    assert nt.text.strip() == kept and len(nt.text) == len(nt.offsets)
    assert drop_exclusions(raw).strip() == kept and len(drop_exclusions(raw)) == len(raw)


@pytest.mark.parametrize("raw", ["光伏组件（双玻）生产线", "余热发电(ORC)项目", "除外墙保温外的节能改造"])
def test_brackets_that_exclude_nothing_are_left_alone(raw):
    assert without_exclusions(normalise_with_offsets(raw)).text == normalise_with_offsets(raw).text
    assert drop_exclusions(raw) == raw


def test_an_excluded_cleaner_process_does_not_make_the_product_green(clf):
    """The MEE list's wording: methanol is a high-pollution product except when made from coke-oven gas (a green
    route, gtr:R0925). The name of the exception must not carry the product; the process named alone still does."""
    out = clf.classify({"id": "1", "title": "甲醇（天然气制甲醇工艺、焦炉煤气制甲醇工艺、联醇法工艺除外）"}, explain=True)
    assert not out["green"]
    route = "https://w3id.org/greentaxo/route/R0925"
    assert route not in {r["id"] for r in out.get("candidates", [])}
    alone = clf.classify({"id": "2", "title": "焦炉煤气制甲醇工艺"}, explain=True)
    assert route in {r["id"] for r in alone.get("candidates") or alone["routes"]}
