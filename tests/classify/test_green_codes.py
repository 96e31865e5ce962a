"""Predicted IPC codes as green evidence (green_codes.py): the inventory rule per code, the targets a record
gives, and the numpy serving path against the scikit-learn models it was fitted as."""
from __future__ import annotations

import numpy as np

from greentaxo.classify.corpus import Inventory
from greentaxo.classify.green_codes import GREEN, OTHER, PARTIAL, CodeModel, code_status, targets
from greentaxo.classify.green_training import text_counts
from greentaxo.classify.ngram import from_csr

INV = Inventory(["F03D", "H01M8/00", "F01N3/20", "G06Q", "B61", "C02F"])


def test_code_status_follows_the_inventory():
    assert code_status(INV, "F03D") == GREEN and code_status(INV, "B61D") == GREEN       # subclass, class entry
    assert code_status(INV, "H01M8") == GREEN                                           # main-group entry
    assert code_status(INV, "H01M") == PARTIAL and code_status(INV, "F01N3") == PARTIAL  # only some groups
    assert code_status(INV, "G06Q") == PARTIAL                                          # wholesale entry
    assert code_status(INV, "A47C") == OTHER and code_status(INV, "H01M10") == OTHER


def test_targets_of_subclass_and_full_codes():
    assert targets(("B60S", "C02F")) == ({"B60S", "C02F"}, None)             # subclass-level: no main groups
    assert targets(("F02M25/07", "F01N3/20")) == ({"F02M", "F01N"}, {"F02M25", "F01N3"})


def _data():
    rows = [("一种污水处理装置", ("C02F",)), ("一种废水净化系统", ("C02F", "B01D")), ("一种餐盒", ("A47G",)),
            ("一种风力发电机叶片", ("F03D",)), ("一种办公椅", ("A47C",)), ("一种饭盒", ("A47G",)),
            ("Wind turbine blade", ("F03D1/06",)), ("Office chair", ("A47C7/00",)), ("Lunch box", ("A47G19/00",))]
    texts = [t for t, _ in rows] * 4
    labels = [targets(c) for _, c in rows] * 4
    return texts, labels


def test_serving_probabilities_equal_the_fitted_regressions_and_survive_the_file():
    from sklearn.linear_model import LogisticRegression

    from greentaxo.classify.green import _tfidf
    from greentaxo.classify.green_codes import C_CODES

    texts, labels = _data()
    counts = text_counts(texts)
    model = CodeModel.fit(counts, labels, np.ones(len(texts)), INV, min_records=4)
    assert model.codes == ["A47C", "A47C7", "A47G", "A47G19", "B01D", "C02F", "F03D", "F03D1"]
    assert model.status.tolist() == [OTHER, OTHER, OTHER, OTHER, OTHER, GREEN, GREEN, GREEN]
    p = model.probabilities(from_csr(counts))
    x = _tfidf(counts, model.idf)
    y = np.array(["C02F" in s for s, _ in labels])
    lr = LogisticRegression(C=C_CODES, solver="liblinear", max_iter=200).fit(x, y.astype(int))
    assert np.allclose(p[:, model.codes.index("C02F")], lr.predict_proba(x)[:, 1], atol=1e-4)
    again = CodeModel.from_state(model.state())
    assert again.codes == model.codes
    assert np.allclose(again.probabilities(from_csr(counts)), p, atol=2e-3)       # float16 in the file


def test_evidence_says_green_for_green_codes_and_other_for_the_rest():
    texts, labels = _data()
    model = CodeModel.fit(text_counts(texts), labels, np.ones(len(texts)), INV, min_records=4)
    new = text_counts(["一种污水处理设备", "一种塑料饭盒"])
    ev = model.evidence(from_csr(new), np.array([True, True]))
    assert ev.shape == (2, 4)
    assert ev[0, 0] > ev[1, 0] and ev[1, 2] > ev[0, 2]      # code_green, code_other
    assert (ev[:, 3] == 0).all()                            # the English interaction is zero for Chinese text


def test_codes_as_a_hidden_step_use_the_share_of_green_per_code():
    texts, labels = _data()
    green = np.array([any(code_status(INV, s) == GREEN for s in subs) for subs, _ in labels])
    model = CodeModel.fit(text_counts(texts), labels, np.ones(len(texts)), INV, min_records=4, green=green)
    rate = dict(zip(model.codes, model.rate.tolist(), strict=True))
    assert rate["C02F"] == 1.0 and rate["A47G"] == 0.0 and rate["B01D"] == 1.0    # B01D only beside C02F here
    ev = model.evidence(from_csr(text_counts(["一种污水处理设备", "一种塑料饭盒"])), np.array([True, True]))
    assert ev.shape == (2, 6) and ev[0, 4] > ev[1, 4]
    again = CodeModel.from_state(model.state())
    assert np.array_equal(again.rate, model.rate)
