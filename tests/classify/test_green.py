"""The green / not-green decision: its numpy serving path, the inventory rule, the folds, and `greentaxo eval`
on real-patent-shaped data (a tiny folder we write; the real figures need ../shared/data, see benchmarks)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from greentaxo.classify.corpus import Example, Inventory
from greentaxo.classify.green import GreenText
from greentaxo.classify.green_training import group_folds, text_counts
from greentaxo.classify.ngram import from_csr
from tests.classify.test_cli import tiny_patents
from tests.support import run_cli


def test_serving_logits_equal_the_training_model():
    texts = ["一种风力发电机叶片", "一种餐盒", "Wind turbine blade", "Golf club", "污水处理装置", "Office chair"] * 3
    y = np.array([True, False, True, False, True, False] * 3)
    counts = text_counts(texts)
    model = GreenText.fit(counts, y, np.ones(len(y)))
    from sklearn.linear_model import LogisticRegression

    from greentaxo.classify.green import C_TEXT, _tfidf

    lr = LogisticRegression(C=C_TEXT, max_iter=3000).fit(_tfidf(counts, model.idf), y.astype(int))
    z, cjk = model.logits(from_csr(counts))
    assert np.allclose(z, lr.decision_function(_tfidf(counts, model.idf)), atol=1e-4)
    assert cjk.tolist() == [True, True, False, False, True, False] * 3
    again = GreenText.from_state(model.state())
    assert np.allclose(again.logits(from_csr(counts))[0], z, atol=1e-3)     # float16 idf in the file


def test_inventory_rule():
    inv = Inventory(["F03D", "H01M8/00", "F01N3/20", "G06Q", "B61"])
    assert inv.green("F03D") and inv.green("F03D1/06")              # subclass entry covers everything in it
    assert inv.green("H01M8/1004") and not inv.green("H01M10/052")  # main group covers its subgroups only
    assert inv.green("F01N3/2066") and not inv.green("F01N3/10")    # a subgroup covers the digits extending it
    assert inv.green("B61D17/00")                                   # a class entry
    assert inv.green("G06Q50/06") is None                           # wholesale entry: no usable label
    assert inv.green("H01M") is None and inv.green("A47C7/00") is False


def test_folds_keep_a_title_together_and_the_balance():
    ex = [Example(str(i), t, g, "zh", "zh title") for i, (t, g) in
          enumerate([("一种风力发电机", True), ("一种风力发电机 ", True)] + [(f"装置{i}", i % 5 == 0) for i in range(50)])]
    f = group_folds(ex, 5)
    assert f[0] == f[1]
    greens = [sum(1 for e, k in zip(ex, f, strict=True) if k == j and e.green) for j in range(5)]
    assert min(greens) >= 2 and max(greens) <= 4 and sum(greens) == 12       # 11 green groups dealt round-robin


def test_eval_cross_validates_patents(tmp_path):
    data = tiny_patents(tmp_path)
    preds = tmp_path / "oof.jsonl"
    r = run_cli("eval", str(data / "patents-dev" / "patents-dev.jsonl"), "--data", str(data), "--folds", "2",
                "--format", "json", "--predictions", str(preds))
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert set(rep["slices"]) == {"all", "zh title", "en title"} and rep["slices"]["all"]["records"] == 14
    assert set(rep["floor"]) == set(rep["slices"]) and len(rep["reliability"]) == 10
    lines = [json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 14 and all(0 <= x["p_green"] <= 1 and x["fold"] in (0, 1) for x in lines)


def test_eval_names_a_bad_patent_line(tmp_path):
    bad = tmp_path / "p.jsonl"
    bad.write_text('{"id": "a", "text": "x", "green": true}\n{"id": "b", "green": true}\n', encoding="utf-8")
    from greentaxo.classify.corpus import read_patents
    from greentaxo.errors import InputError

    with pytest.raises(InputError, match=r"p.jsonl:2"):
        read_patents(bad)


def test_general_english_model_reads_only_the_distant_text_and_only_english():
    """The general English model is fitted on the distant-supervision text alone (not on patents-dev), once,
    and reaches the decision as its own column for English texts; a Chinese text gets 0 there."""
    from greentaxo.classify.green import DECISION, decision_inputs
    from greentaxo.classify.green_training import TextTrainer

    dev = [Example(f"d{i}", t, g, "en" if t.isascii() else "zh", "x") for i, (t, g) in
           enumerate([("Gas turbine engine", False), ("Exhaust gas purification", True), ("一种风力发电机", True),
                      ("一种餐盒", False)] * 3)]
    aux = [Example(f"a{i}", t, g, "en", "ipc scheme") for i, (t, g) in
           enumerate([("Wind motors; blades", True), ("Photovoltaic modules", True), ("Golf clubs", False),
                      ("Chairs; seats", False)] * 3)]
    trainer = TextTrainer(dev, aux)
    z = trainer.general.logits(from_csr(text_counts(["Photovoltaic modules with bifacial cells", "Golf clubs"])))[0]
    assert z[0] > 0 > z[1]
    # the dev records' engine words were never read by it: their weights are zero
    assert trainer.general.logits(from_csr(text_counts(["Gas turbine engine"])))[0][0] == trainer.general.bias
    x = decision_inputs(np.zeros(2, np.float32), np.array([False, True]), np.zeros((2, 3), np.float32),
                        np.array([1.5, 2.0], np.float32))
    assert x.shape == (2, len(DECISION)) and x[:, DECISION.index("english_general")].tolist() == [1.5, 0.0]


def test_without_distant_text_the_general_model_says_nothing():
    from greentaxo.classify.green_training import TextTrainer

    dev = [Example(f"d{i}", t, g, "en", "x") for i, (t, g) in enumerate([("Wind turbine", True), ("Chair", False)] * 3)]
    trainer = TextTrainer(dev, [])
    assert not trainer.dev_general.any()
    again = GreenText.from_state(trainer.general.state("general_text"), "general_text")
    assert not again.logits(from_csr(text_counts(["Wind turbine"])))[0].any()
