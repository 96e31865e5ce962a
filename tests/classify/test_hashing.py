"""Latin word features and Chinese character n-grams live in separate column ranges, so an English phrase can
never share a column with a Chinese n-gram of an unrelated route's training text. This once went wrong on a
real loan line: with one shared space, "Energy-efficiency retrofit of an existing office building" was led to
heavy-truck battery-swap stations (gtr:R1016), because the bigram "existing office" hashed to the column that
the one Chinese training record of R1016 also filled."""
from __future__ import annotations

from greentaxo.classify.ngram import CHAR_BASE, CHAR_SPACE, LATIN_BASE, N_FEATURES, count_arrays


def test_latin_and_chinese_features_never_share_a_column(kg):
    labels = [text for c in kg.taxonomy.live() for _kind, _lang, text in c.all_labels()]
    # Chinese labels without Latin letters (some, as "LED照明", mix the two)
    zh = [t for t in labels if any("\u4e00" <= ch <= "\u9fff" for ch in t) and not any(ch.isascii() and ch.isalpha() for ch in t)]
    en = [t for t in labels if t.isascii()]
    cjk_cols = set(count_arrays(zh).cols.tolist())
    latin_cols = set(count_arrays(en + ["existing office building"]).cols.tolist())
    assert cjk_cols and latin_cols
    assert all(c < LATIN_BASE for c in cjk_cols)
    assert all(LATIN_BASE <= c < N_FEATURES for c in latin_cols)


def test_mixed_text_counts_both_scripts_in_their_own_ranges():
    c = count_arrays(["光伏组件 photovoltaic module"])
    assert (c.cols < LATIN_BASE).any() and (c.cols >= LATIN_BASE).any()


def test_english_office_retrofit_is_not_led_to_a_truck_route(clf):
    result = clf.classify({"id": "x", "title": "Energy-efficiency retrofit of an existing office building"},
                                 explain=True)
    best = [c["id"] for c in result["candidates"][:3]]
    assert not any(i.endswith("R1016") for i in best), best


def _char_grams(text: str) -> int:
    c = count_arrays([text], unigrams=True)
    return int(c.data[c.cols >= CHAR_BASE].sum())


def test_latin_character_ngrams_stay_inside_words_and_only_with_unigrams():
    # " gas " gives 3 character 3-grams, " turbine " 7 (as scikit-learn's char_wb): none crosses the space
    assert _char_grams("gas turbine") == 10
    assert _char_grams("gas turbine") == _char_grams("gas   turbine")
    assert _char_grams("一种太阳能装置") == 0                  # Chinese characters are not Latin n-grams
    assert _char_grams("一种LED灯") == 1                        # "led" alone: no space marks its edges here
    plain = count_arrays(["gas turbine"])
    assert plain.shape[1] == N_FEATURES and (plain.cols < N_FEATURES).all()
    c = count_arrays(["gas turbine", "光伏组件"], unigrams=True)
    assert (c.cols[c.cols >= CHAR_BASE] < CHAR_BASE + CHAR_SPACE).all()
    assert set(c.rows[c.cols >= CHAR_BASE].tolist()) == {0}


def test_character_ngrams_of_one_word_differ_from_another_word():
    a = set(count_arrays(["turbine"], unigrams=True).cols.tolist())
    b = set(count_arrays(["turbines turbine"], unigrams=True).cols.tolist())
    other = set(count_arrays(["carburettor"], unigrams=True).cols.tolist())
    assert a <= b
    assert not {x for x in a if x >= CHAR_BASE} & {x for x in other if x >= CHAR_BASE}
