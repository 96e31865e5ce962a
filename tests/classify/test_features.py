"""The classifier's text features: label automaton, hashed n-grams and words, the numpy similarity."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from greentaxo.classify.ngram import FEATURIZER, _similarity, count_arrays, from_csr
from greentaxo.errors import InputError


def _cols(text: str) -> set[int]:
    return set(count_arrays([text]).cols.tolist())


def test_english_is_counted_by_words_with_plurals_folded():
    assert _cols("heat pumps for buildings") == _cols("heat pump for building")
    # no character n-grams for Latin text: a word's columns do not depend on the letters of other words
    assert _cols("heat pump") <= _cols("heat pump heat")
    assert not _cols("the of and")          # function words alone carry nothing


def test_chinese_is_counted_by_character_ngrams():
    assert _cols("储能") and _cols("储能") <= _cols("电化学储能电站")
    assert _cols("储能") != _cols("能储")


def test_counts_are_per_text_and_stable():
    c = count_arrays(["储能 battery", "", "风电 wind turbine"])
    assert c.shape[0] == 3 and 1 not in c.rows and {0, 2} <= set(c.rows.tolist())   # the empty text has none
    again = count_arrays(["储能 battery", "", "风电 wind turbine"])
    assert np.array_equal(c.cols, again.cols) and np.array_equal(c.data, again.data)
    # ordered by column (then text), the order the similarity product reads fastest
    assert np.all(np.diff(c.cols.astype(np.int64) * 3 + c.rows) > 0)
    alone = count_arrays(["风电 wind turbine"])
    assert sorted(alone.cols.tolist()) == sorted(c.cols[c.rows == 2].tolist())


def test_numpy_similarity_equals_the_sparse_product():
    sp = pytest.importorskip("scipy.sparse")
    rng = np.random.default_rng(7)
    n_feat, n_cols = 200, 9
    cent = sp.random(n_feat, n_cols, density=0.2, random_state=3, format="csr", dtype=np.float32)
    x = sp.random(5, n_feat, density=0.1, random_state=4, format="csr", dtype=np.float32)
    x.data = rng.integers(1, 4, size=x.nnz).astype(np.float32)
    idf = rng.uniform(1, 3, size=n_feat).astype(np.float32)
    w = x.copy()
    w.data = np.log1p(w.data) * idf[w.indices]
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    expected = (sp.diags(1 / norms) @ w @ cent).toarray()
    got = _similarity(from_csr(x), idf, cent.indptr.astype(np.int64), cent.indices.astype(np.int64), cent.data, n_cols)
    assert np.allclose(got, expected, atol=1e-5)


def test_labels_overlapping_and_on_word_boundaries(clf):
    labels = clf.backends["labels"]
    # overlapping labels are all found (the automaton reports overlapping matches), but a label lying
    # inside a longer matched one is not evidence of its own ("全钒液流电池" inside "全钒液流电池储能")
    found = {lab.original for lab, *_ in labels.match("一种全钒液流电池储能系统")}
    assert {"全钒液流电池储能", "储能系统"} <= found and "全钒液流电池" not in found
    assert "ORC" not in {lab.original for lab, *_ in labels.match("a force of habit")}
    assert "ORC" in {lab.original for lab, *_ in labels.match("an ORC unit on the flue gas")}
    # abbreviations must keep their case: "its" is not Intelligent Transport Systems
    assert "ITS" not in {lab.original for lab, *_ in labels.match("its emissions fell")}
    assert "ITS" in {lab.original for lab, *_ in labels.match("ITS for urban traffic")}


def _save_copy(clf, path):
    """save() stamps the model version on the classifier it is called on; the fixture's classifier is the
    process-wide cached one, which later tests (the Spark engine's identity test) compare against."""
    twin = copy.copy(clf)
    twin.meta = dict(clf.meta)
    twin.save(path)


def test_model_version_is_a_function_of_the_model_alone(tmp_path, clf):
    from greentaxo.classify import model as model_file
    from greentaxo.classify.classifier import Classifier

    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    _save_copy(clf, first)
    loaded = Classifier.from_file(clf.routes, first)
    version = loaded.model_version
    if clf.stale is None:        # the committed model over the taxonomy it was built for: nothing changed
        assert version == clf.model_version
    loaded.save(second)                      # a loaded model saved again is the same model
    assert loaded.model_version == version == model_file.load(second)[0]["model_version"]
    loaded.decision.cut += 0.01
    loaded.save(second)
    assert loaded.model_version != version


def test_model_made_with_another_featurizer_is_refused(tmp_path, kg, clf):
    from greentaxo.classify import model as model_file
    from greentaxo.classify.classifier import Classifier

    path = tmp_path / "old.npz"
    _save_copy(clf, path)
    meta, arrays = model_file.load(path)
    meta["featurizer"] = "char-2-3"
    model_file.save(path, meta, arrays)
    with pytest.raises(InputError, match="retrain"):
        Classifier.from_file(clf.routes, path)
    assert FEATURIZER in clf.meta.get("featurizer", "")


def test_model_calibrated_under_another_selection_rule_is_refused(tmp_path, clf):
    from greentaxo.classify import model as model_file
    from greentaxo.classify.classifier import Classifier

    path = tmp_path / "old.npz"
    _save_copy(clf, path)
    assert Classifier.from_file(clf.routes, path).meta["selection"] == clf.meta["selection"]
    meta, arrays = model_file.load(path)
    del meta["selection"]
    model_file.save(path, meta, arrays)
    with pytest.raises(InputError, match="another way of picking routes.*retrain"):
        Classifier.from_file(clf.routes, path)


def test_model_with_another_set_of_decision_inputs_is_refused(tmp_path, clf):
    """A model whose green decision reads other inputs than this version computes (e.g. one made before the
    decision read a group's score) must be refused, not applied to the wrong columns."""
    from greentaxo.classify import model as model_file
    from greentaxo.classify.classifier import Classifier

    path = tmp_path / "old.npz"
    _save_copy(clf, path)
    meta, arrays = model_file.load(path)
    arrays["green_dec_w"] = arrays["green_dec_w"][:-1]
    model_file.save(path, meta, arrays)
    with pytest.raises(InputError, match="green decision has .* inputs.*retrain"):
        Classifier.from_file(clf.routes, path)


@pytest.mark.parametrize("prefix, message", [("green_dec_long_", "no weights for long texts.*retrain"),
                                             ("general_text_", "no general English model.*retrain")])
def test_model_without_a_part_of_the_green_decision_is_refused(tmp_path, clf, prefix, message):
    """A model made before the decision had long-text weights or the general English model is refused."""
    from greentaxo.classify import model as model_file
    from greentaxo.classify.classifier import Classifier

    path = tmp_path / "old.npz"
    _save_copy(clf, path)
    meta, arrays = model_file.load(path)
    arrays = {k: v for k, v in arrays.items() if not k.startswith(prefix)}
    model_file.save(path, meta, arrays)
    with pytest.raises(InputError, match=message):
        Classifier.from_file(clf.routes, path)


def test_english_labels_match_as_word_sets_nearby(clf):
    labels = clf.backends["labels"]
    text = "Electrolysis of alkaline water for hydrogen"
    hits = [(lab, i, j) for lab, i, j, _ in labels.match(text) if lab.original == "Alkaline water electrolysis"]
    assert hits, "reordered words of a multi-word label should match"
    lab, i, j = hits[0]
    assert (i, j) == (0, len("Electrolysis of alkaline water"))          # the span covers the words found
    exact = [lab for lab, *_ in labels.match("alkaline water electrolysis") if lab.original == "Alkaline water electrolysis"]
    assert exact and exact[0].weight > lab.weight                      # a reordered match counts for less
    far = "Electrolysis is used in many plants; after years the water in the lake became alkaline"
    assert not [x for x, *_ in labels.match(far) if x.original == "Alkaline water electrolysis"]
    # Chinese labels match exactly only: characters are not reordered
    assert not [x for x, *_ in labels.match("电池液流全钒") if x.original == "全钒液流电池"]


def test_sparse_scoring_equals_the_dense_training_path(clf):
    """Classifying adds label and IPC terms only where they are non-zero; training builds every feature
    as a dense matrix. Both must give the same scores."""
    from greentaxo.classify.classifier import lengths
    from greentaxo.classify.document import from_record
    from greentaxo.classify.fusion import FEATURES, drop_unfounded, lift, stack

    records = [{"title": "全钒液流电池储能系统", "abstract": "用于风电场的储能电站，含电池管理系统。"},
               {"title": "Alkaline water electrolysis", "abstract": "Hydrogen from electrolysis of alkaline water",
                "keywords": ["green hydrogen", "electrolyser"]},
               {"title": "一种储能装置", "abstract": "", "ipc": ["H01M 8/18", "H02J 3/32"]},
               {"title": "A mobile banking app", "abstract": "Payments and loans on a phone."},
               {"title": "！！！", "abstract": "..."}]
    docs = [from_record(r, default_id=str(i)) for i, r in enumerate(records)]
    n, r = len(docs), len(clf.routes)
    feats = {}
    for backend in clf.backends.values():
        feats.update(backend.suggest(docs).all_features(n, r))
    x = stack(feats, clf.routes)
    _counts, sim, entries, _ev = clf.features(docs)
    assert np.allclose(clf.fusion.raw_sparse(sim, entries, clf.routes)[0], clf.fusion.raw(x), atol=1e-6, rtol=1e-4)
    dense = lift(drop_unfounded(clf.fusion.raw(x), clf.routes), clf.routes)
    raw, _cal, green, _flags, _ev, _outright = clf.score(docs)
    assert np.allclose(raw, dense, atol=1e-6, rtol=1e-4)
    # both paths find the same routes unsupported (0), and the punctuation-only record has no supported route
    assert np.array_equal(raw == 0, dense == 0) and not raw[4].any() and raw[0].max() > 0
    _raw, inputs, _ev, _cand, ipc = clf.route_part(docs)
    assert np.allclose(green, clf.decision.probability(inputs, lengths(docs), ipc), atol=1e-6)
    assert ipc[2] > 0 and not ipc[[0, 1, 3, 4]].any()
    full = {name: x[:, :, i] for i, name in enumerate(FEATURES)}
    assert full["ipc"][2].max() > 0 and full["label"][0].max() > 0 and full["descendant_label"][0].max() > 0


def test_latin_words_are_the_regex_tokens():
    from greentaxo.classify.textnorm import TOKEN, latin_words, singular

    texts = ["储能 battery packs, 2 mw/4 mwh", "abc储能def", "co₂ capture – 95 % ", "", "数字孪生", "x1y2 z",
             "naïve café résumé", "\ud800 lone surrogate", "a\tb\nc\x1cd", "e-fuels/saf"]
    for t in texts:
        assert latin_words(t) == [singular(w) for w in TOKEN.findall(t)], t
