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


def test_character_ngrams_are_a_block_of_their_own_weight():
    from greentaxo.classify.green import CHAR_WEIGHT, _tfidf
    from greentaxo.classify.ngram import CHAR_BASE

    counts = text_counts(["Wind turbine blade with a long name", "一种风力发电机叶片"])
    m = _tfidf(counts, np.ones(counts.shape[1], np.float32)).toarray()
    words, chars = np.linalg.norm(m[:, :CHAR_BASE], axis=1), np.linalg.norm(m[:, CHAR_BASE:], axis=1)
    assert np.allclose(words, [1.0, 1.0]) and np.allclose(chars, [CHAR_WEIGHT, 0.0])


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
    # route figures on the green records with route gold: a group above a gold route counts only on the path
    assert rep["routes"]["all"]["records"] >= 4
    assert all(0 <= m["precision@1"] <= m["on_path@1"] <= 1 for m in rep["routes"].values())
    lines = [json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 14 and all(0 <= x["p_green"] <= 1 and x["fold"] in (0, 1) for x in lines)
    assert rep["seed"] == 0
    # another deal of the same records into folds: the same records, other folds for some
    again = tmp_path / "oof1.jsonl"
    r = run_cli("eval", str(data / "patents-dev" / "patents-dev.jsonl"), "--data", str(data), "--folds", "2",
                "--format", "json", "--predictions", str(again), "--seed", "1")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["seed"] == 1
    other = {x["id"]: x["fold"] for x in map(json.loads, again.read_text(encoding="utf-8").splitlines())}
    assert set(other) == {x["id"] for x in lines} and other != {x["id"]: x["fold"] for x in lines}


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
    x = decision_inputs(np.zeros(2, np.float32), np.array([False, True]), np.zeros((2, 4), np.float32),
                        np.array([1.5, 2.0], np.float32))
    assert x.shape == (2, len(DECISION)) and x[:, DECISION.index("english_general")].tolist() == [1.5, 0.0]


def test_without_distant_text_the_general_model_says_nothing():
    from greentaxo.classify.green_training import TextTrainer

    dev = [Example(f"d{i}", t, g, "en", "x") for i, (t, g) in enumerate([("Wind turbine", True), ("Chair", False)] * 3)]
    trainer = TextTrainer(dev, [])
    assert not trainer.dev_general.any()
    again = GreenText.from_state(trainer.general.state("general_text"), "general_text")
    assert not again.logits(from_csr(text_counts(["Wind turbine"])))[0].any()


def test_ambiguous_label_without_context_is_a_decision_input_for_english_only(clf):
    """The decision reads whether an ambiguous label was found without its context words (the taxonomy's
    `gt:requiresContext`), for English texts: engine titles with such words are less often green."""
    from greentaxo.classify.document import from_record
    from greentaxo.classify.green import DECISION

    docs = [from_record({"id": str(i), "title": t}) for i, t in
            enumerate(["Jet-propelled Ship", "Wind turbine blade", "Golf club", "一种节能餐盒"])]
    x = clf.route_part(docs)[1][:, DECISION.index("english_blocked")]
    assert x.tolist() == [1.0, 0.0, 0.0, 0.0]       # "jet" alone; a plain label; no label; Chinese
    assert clf.decision.weights[DECISION.index("english_blocked")] < 0


def _decision_rows(seed: int = 0) -> tuple[np.ndarray, ...]:
    """Decision rows as training stacks them: 400 patent titles (15 % green, a weak text logit, a label seldom
    found and as often in not-green titles), then 150 long catalogue rows, mostly green, where a label is found
    in the green ones."""
    from greentaxo.classify.green import DECISION, EVIDENCE, decision_inputs

    rng = np.random.default_rng(seed)
    y = np.concatenate([rng.random(400) < 0.15, rng.random(150) < 0.6])
    text = (np.where(y, 1.0, -1.0) + rng.normal(0, 1.5, 550)).astype(np.float32)
    found = np.zeros((550, len(EVIDENCE)), np.float32)
    found[:400, 0] = rng.random(400) < 0.2
    found[400:, 0] = y[400:] & (rng.random(150) < 0.8)
    x = decision_inputs(text, np.ones(550, bool), found)
    assert x.shape[1] == len(DECISION)
    weight = np.concatenate([np.ones(400), np.full(150, 0.2)])
    fold = np.concatenate([np.arange(400) % 5, rng.permutation(150) % 5])
    length = np.concatenate([np.full(400, 20), np.full(150, 300)])
    return x, y, weight, fold, length


def test_titles_are_judged_without_the_long_catalogue_rows():
    """Short texts: weights from the patents and the short catalogue rows (at SHORT_EXTRA_WEIGHT), never the
    long ones; long texts: weights from every row, shifted so that the one cut applies to both."""
    from greentaxo.classify.green import LONG_TEXT, SHORT_EXTRA_WEIGHT, GreenDecision

    x, y, weight, fold, length = _decision_rows()
    patents = np.arange(len(y)) < 400
    d = GreenDecision.fit(x, y, weight, fold, patents, length > LONG_TEXT)
    label = 1
    # a label in a title says little (patents), in a long text much (catalogue rows)
    assert d.long_weights[label] > d.weights[label] + 0.5
    alone = GreenDecision.fit(x[patents], y[patents], weight[patents], fold[patents], np.ones(400, bool),
                              np.zeros(400, bool))
    assert np.allclose(d.weights, alone.weights) and d.cut == pytest.approx(alone.cut)
    # the same catalogue rows made short join the title weights, at their own weight
    short = length.copy()
    short[400:] = 40
    with_short = GreenDecision.fit(x, y, weight, fold, patents, short > LONG_TEXT)
    assert with_short.weights[label] > alone.weights[label] + 0.1 and SHORT_EXTRA_WEIGHT > 0
    row = x[400:401]
    assert d.probability(row, np.array([LONG_TEXT]))[0] == pytest.approx(1 / (1 + np.exp(-(row @ d.weights + d.bias)[0])))
    assert d.probability(row, np.array([LONG_TEXT + 1]))[0] == pytest.approx(
        1 / (1 + np.exp(-(row @ d.long_weights + d.long_bias)[0])))


def test_decision_cut_reads_the_folds_given():
    """The cut is the best F1 over probabilities cross-validated on the caller's folds; in row order the
    catalogue rows, which come last, would fill one fold predicted by a decision that never saw one."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import PredefinedSplit, cross_val_predict

    from greentaxo.classify.green import LONG_TEXT, GreenDecision, best_threshold

    x, y, weight, fold, length = _decision_rows(1)
    long = length > LONG_TEXT
    d = GreenDecision.fit(x, y, weight, fold, np.arange(len(y)) < 400, long)
    p = cross_val_predict(LogisticRegression(C=1.0, max_iter=2000), x, y.astype(int), cv=PredefinedSplit(fold),
                          method="predict_proba", params={"sample_weight": weight})[:, 1]
    long_cut = best_threshold(p[long], y[long])
    logit = lambda q: np.log(q / (1 - q))     # noqa: E731
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(x, y.astype(int), sample_weight=weight)
    assert d.long_bias == pytest.approx(lr.intercept_[0] + logit(d.cut) - logit(long_cut), abs=1e-6)


def test_fit_green_deals_the_catalogue_rows_over_every_fold(monkeypatch):
    from greentaxo.classify import green_training
    from greentaxo.classify.green import EVIDENCE, GreenDecision

    seen = {}
    real = GreenDecision.fit.__func__

    def spy(cls, x, y, weight, fold, titles, long, short_weight=None):
        seen.update(fold=fold, titles=titles, long=long)
        return real(cls, x, y, weight, fold, titles, long, short_weight)

    monkeypatch.setattr(GreenDecision, "fit", classmethod(spy))
    dev = [Example(str(i), t, g, "zh", "zh title") for i, (t, g) in
           enumerate([(f"一种风力发电机叶片{i}", True) if i % 4 == 0 else (f"一种餐盒{i}", False) for i in range(60)])]
    trainer = green_training.TextTrainer(dev, [])
    extra = [Example(f"g{i}", f"污水处理工艺{i}" * (30 if i < 10 else 1), i % 2 == 0, "zh", "gold") for i in range(20)]
    info = np.zeros((len(dev), len(EVIDENCE)), np.float32)
    green_training.fit_green(trainer, np.arange(len(dev)), info, examples=dev,
                             extra=(extra, np.zeros((len(extra), len(EVIDENCE)), np.float32)))
    gold_folds = seen["fold"][~seen["titles"]]
    assert np.bincount(gold_folds).tolist() == [4, 4, 4, 4, 4]
    assert seen["titles"].sum() == 60 and seen["long"].tolist() == [False] * 60 + [True] * 10 + [False] * 10


def test_public_titles_join_the_decision_with_the_general_logit_out_of_fold(monkeypatch):
    """patents-public's English titles (every field) inform the decision's weights for long texts at PUBLIC_WEIGHT
    and those for titles at PUBLIC_SHORT_WEIGHT, choose no cut, and carry the general model's logit from a model that
    did not read them; one equal to a patents-dev title is left out."""
    from greentaxo.classify import green_training
    from greentaxo.classify.green import EVIDENCE, PUBLIC_SHORT_WEIGHT, PUBLIC_WEIGHT, GreenDecision

    seen = {}
    real = GreenDecision.fit.__func__

    def spy(cls, x, y, weight, fold, patents, long, short_weight=None):
        seen.update(weight=weight, patents=patents, short_weight=short_weight, y=y)
        return real(cls, x, y, weight, fold, patents, long, short_weight)

    monkeypatch.setattr(GreenDecision, "fit", classmethod(spy))
    dev = [Example(str(i), t, g, "en", "en title") for i, (t, g) in
           enumerate([(f"Wind turbine blade {i}", True) if i % 4 == 0 else (f"Engine piston {i}", False) for i in range(40)])]
    scheme = [Example(f"s{i}", t, g, "en", "ipc scheme") for i, (t, g) in
              enumerate([("Wind motors; blades", True), ("Chairs; seats", False), ("Drugs; tablets", False)] * 10)]
    # each public title holds a word nothing else has: read in sample, its logit would follow its label
    public = [Example(f"p{i}", f"Widget {w}", i % 5 == 0, "en", green_training.PUBLIC_KIND)
              for i, w in enumerate(f"w{i:03d}x" for i in range(30))]
    public.append(Example("dup", "Engine piston 1", False, "en", green_training.PUBLIC_KIND))
    trainer = green_training.TextTrainer(dev, scheme + public)
    assert len(trainer.public) == 30 and "dup" not in {e.id for e in trainer.public_examples}
    in_sample = trainer.general.logits(from_csr(trainer.aux_x[trainer.public]))[0]
    y = np.array([e.green for e in trainer.public_examples])
    gap = lambda z: z[y].mean() - z[~y].mean()      # noqa: E731
    assert gap(in_sample) > 0.5 and abs(gap(trainer.public_general)) < 0.5 * gap(in_sample)
    trainer.public_info = np.zeros((30, len(EVIDENCE)), np.float32)
    green_training.fit_green(trainer, np.arange(len(dev)), np.zeros((40, len(EVIDENCE)), np.float32), examples=dev)
    rows = ~seen["patents"]
    assert rows.sum() == 30 and seen["y"][rows].tolist() == y.tolist()
    assert (seen["weight"][rows] == PUBLIC_WEIGHT).all() and (seen["short_weight"][rows] == PUBLIC_SHORT_WEIGHT).all()


def test_the_gated_general_logit_is_read_by_long_texts_only():
    """Titles read the general model's logit as it is, long texts only as far as no route supports the text."""
    from greentaxo.classify.green import DECISION, LONG_TEXT, GreenDecision, decision_inputs

    rng = np.random.default_rng(5)
    n = 600
    y = rng.random(n) < 0.3
    general = np.where(y, 1.0, -3.0) + rng.normal(0, 1, n)
    found = np.zeros((n, 4), np.float32)
    found[:, 2] = rng.random(n) * 0.6                       # the best route score of any route
    x = decision_inputs(rng.normal(0, 1, n).astype(np.float32), np.zeros(n, bool), found, general.astype(np.float32))
    length = np.where(np.arange(n) % 2 == 0, 40, LONG_TEXT + 50)
    d = GreenDecision.fit(x, y, np.ones(n), np.arange(n) % 5, np.ones(n, bool), length > LONG_TEXT)
    plain, bare = DECISION.index("english_general"), DECISION.index("english_general_bare")
    assert d.weights[plain] > 0.2 and d.weights[bare] == 0
    assert d.long_weights[bare] > 0.2 and d.long_weights[plain] == 0
    # fully supported by a route, a text's gated column is 0
    one = decision_inputs(np.zeros(1, np.float32), np.zeros(1, bool), np.array([[1, 1, 1, 0]], np.float32),
                          np.array([-5.0], np.float32))
    assert one[0, bare] == 0 and one[0, plain] == -5


def test_cut_for_calibrated_probabilities_is_half_the_best_f1():
    from greentaxo.classify.green import half_best_f1

    rng = np.random.default_rng(3)
    p = rng.beta(1, 6, 4000)
    y = rng.random(4000) < p                  # calibrated by construction
    best = max(2 * (y & (p >= t)).sum() / ((p >= t).sum() + y.sum()) for t in np.unique(p))
    assert half_best_f1(p, y) == pytest.approx(best / 2)
    # the F1 reached at that cut is within a hair of the best
    cut = half_best_f1(p, y)
    assert 2 * (y & (p >= cut)).sum() / ((p >= cut).sum() + y.sum()) > best - 0.02
    assert half_best_f1(p, np.zeros(4000, bool)) == 0.5


def test_f1_at_a_cut_counts_a_tie_whole():
    from greentaxo.classify.green import best_threshold, f1_at, half_best_f1

    # two green and two not-green records share one probability: no cut separates them, so the best F1 is
    # that of calling all four green (0.5 precision, recall 1), not of stopping after the two greens
    p = np.array([0.9, 0.9, 0.9, 0.9, 0.1])
    y = np.array([True, False, True, False, False])
    assert f1_at(p, y, np.array([0.9, 0.1])) == pytest.approx([2 / 3, 4 / 7])
    assert half_best_f1(p, y) == pytest.approx(1 / 3)
    # against a plain count at every cut, on probabilities rounded so that ties are common
    rng = np.random.default_rng(5)
    for _ in range(50):
        p = np.round(rng.random(300), 1)
        y = rng.random(300) < p
        cuts = np.unique(p)
        plain = [2 * (y & (p >= t)).sum() / ((p >= t).sum() + y.sum()) for t in cuts]
        assert f1_at(p, y, cuts) == pytest.approx(plain)
        cut = best_threshold(p, y, tolerance=0.0)
        assert 2 * (y & (p >= cut)).sum() / ((p >= cut).sum() + y.sum()) == pytest.approx(max(plain))


def test_english_titles_are_judged_at_their_own_cut():
    """Half the best F1 on the English patents for a short English text; the cut of all patents for the others
    (Chinese titles, and long texts in either language)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import PredefinedSplit, cross_val_predict

    from greentaxo.classify.green import EVIDENCE, LONG_TEXT, GreenDecision, decision_inputs, half_best_f1

    rng = np.random.default_rng(7)
    n = 800
    english = np.arange(n) % 2 == 0
    y = rng.random(n) < np.where(english, 0.2, 0.1)
    # English titles: more green ones, a weaker text logit (as on patents-dev)
    text = (np.where(y, 1.0, -1.0) * np.where(english, 0.6, 1.6) + rng.normal(0, 1, n)).astype(np.float32)
    x = decision_inputs(text, ~english, np.zeros((n, len(EVIDENCE)), np.float32))
    weight, fold = np.ones(n), np.arange(n) % 5
    d = GreenDecision.fit(x, y, weight, fold, np.ones(n, bool), np.zeros(n, bool))
    p = cross_val_predict(LogisticRegression(C=1.0, max_iter=2000), x, y.astype(int), cv=PredefinedSplit(fold),
                          method="predict_proba", params={"sample_weight": weight})[:, 1]
    assert d.english_cut == pytest.approx(half_best_f1(p[english], y[english]))
    assert d.cut == pytest.approx(half_best_f1(p, y))
    assert abs(d.english_cut - d.cut) > 0.01
    length = np.full(n, 20)
    length[0] = LONG_TEXT + 1                          # an English text, but long
    cuts = d.cuts(x, length)
    assert cuts[0] == d.cut and cuts[1] == d.cut and cuts[2] == d.english_cut


def test_the_classifier_reads_each_texts_cut(clf):
    import copy
    import dataclasses

    from greentaxo.classify.document import from_record

    model = copy.copy(clf)
    model.decision = dataclasses.replace(clf.decision, cut=1.0, english_cut=0.0)    # English titles always green
    records = [{"id": "en", "title": "A Combustion Engine"}, {"id": "zh", "title": "一种聚光光伏装置"},
               {"id": "long", "title": "Wind turbine blade " * 8}]
    out = model.classify_docs([from_record(r) for r in records])
    assert [o["green"] for o in out] == [True, False, False]
    assert out[1]["reason"]["code"] == "low-probability" and "green from 1.00" in out[1]["reason"]["text"]
    scores = model.score([from_record(r) for r in records])
    assert scores.green.tolist() == [True, False, False]
