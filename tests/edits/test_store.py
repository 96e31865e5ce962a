"""The edit store as a library, on SQLite and on PostgreSQL: change sets, validation, ETags, audit, export."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from greentaxo.edits.auth import Forbidden, Principal, Unauthorized, authenticate, parse_tokens
from greentaxo.edits.files import export
from greentaxo.edits.store import ChangeRefused, PreconditionFailed, StateConflict
from greentaxo.errors import InputError, NotFoundError
from tests.support import ROOT
from tests.support.edits import unreferenced_leaf

ERIN, RITA, ROB, ADA = (Principal("erin", "editor"), Principal("rita", "reviewer"), Principal("rob", "reviewer"),
                        Principal("ada", "admin"))


def _add_alt(edits_store, ref: str, label: str, if_match: str | None = None) -> dict:
    c, etag = edits_store.concept(ref)
    alt = {**c.get("altLabel", {}), "en": c.get("altLabel", {}).get("en", []) + [label]}
    return edits_store.submit(ERIN, [{"op": "update", "concept": ref, "set": {"altLabel": alt}, "if_match": if_match or etag}])


def _last_bundled_iri() -> int:
    import re

    return max(int(n) for f in (ROOT / "ontology" / "routes").glob("*.ttl")
               for n in re.findall(r"^gtr:R(\d+)", f.read_text(encoding="utf-8"), flags=re.M))


def test_seed_and_export_round_trip_is_identical(edits_store, tmp_path):
    out = tmp_path / "out"
    export(edits_store, out, date="2026-11-25")
    for f in sorted((ROOT / "ontology" / "routes").glob("*.ttl")):
        assert (out / "ontology" / "routes" / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8"), f.name
    for f in sorted((ROOT / "mappings").glob("*.sssom.tsv")):
        assert (out / "mappings" / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8"), f.name


def test_an_export_dates_only_the_mapping_sets_an_edit_changed(edits_store, tmp_path):
    """mapping_date says when a set last changed: an approved row in GB/T 4754 dates that set, the others keep theirs."""
    row = {"subject_id": "gtr:R0102", "predicate_id": "skos:relatedMatch", "object_id": "gbt4754:4411",
           "mapping_justification": "semapv:ManualMappingCuration", "confidence": 0.6, "author_id": "gtteam:erin",
           "comment": "coal units are one kind of thermal power", "industry_role": "applied"}
    edits_store.approve(edits_store.submit(ERIN, [{"op": "add_mapping", "scheme": "gbt4754-2017", "row": row}])["id"], RITA)
    export(edits_store, tmp_path, date="2030-01-02")

    def dated(name: str, root) -> str:
        return next(x for x in (root / "mappings" / name).read_text(encoding="utf-8").splitlines()
                    if x.startswith("#mapping_date:"))
    assert dated("gbt4754-2017.sssom.tsv", tmp_path) == "#mapping_date: 2030-01-02"
    for f in sorted((ROOT / "mappings").glob("*.sssom.tsv")):
        if f.name != "gbt4754-2017.sssom.tsv":
            assert dated(f.name, tmp_path) == dated(f.name, ROOT), f.name


def test_submit_waits_for_review_and_approval_applies(edits_store):
    before, etag = edits_store.concept("gtr:R0102")
    cs = _add_alt(edits_store, "gtr:R0102", "USC coal unit")
    assert cs["status"] == "pending" and cs["author"] == "erin"
    assert edits_store.concept("gtr:R0102") == (before, etag)          # nothing applied before review
    done = edits_store.approve(cs["id"], RITA)
    assert done["status"] == "applied" and done["reviewer"] == "rita" and done["applied_version"] == 1
    after, new_etag = edits_store.concept("gtr:R0102")
    assert "USC coal unit" in after["altLabel"]["en"] and new_etag != etag
    [row] = edits_store.audit("gtr:R0102")
    assert (row["author"], row["reviewer"], row["changeset_id"]) == ("erin", "rita", cs["id"])
    assert row["before_etag"] == etag and row["after_etag"] == new_etag
    assert "USC coal unit" in row["after"] and "USC coal unit" not in row["before"]
    assert row["ops"][0]["op"] == "update" and row["applied_at"] >= row["submitted_at"]
    assert edits_store.check_consistency() == []


def test_stale_if_match_is_refused_at_submit(edits_store):
    _, etag = edits_store.concept("gtr:R0102")
    edits_store.approve(_add_alt(edits_store, "gtr:R0102", "first")["id"], RITA)
    with pytest.raises(PreconditionFailed) as exc:
        _add_alt(edits_store, "gtr:R0102", "second", if_match=etag)
    assert exc.value.etags == {"https://w3id.org/greentaxo/route/R0102": edits_store.concept("gtr:R0102")[1]}
    assert len(edits_store.changesets()) == 1


def test_two_pending_edits_of_one_concept_second_approval_conflicts(edits_store):
    a = _add_alt(edits_store, "gtr:R0102", "from A")
    b = _add_alt(edits_store, "gtr:R0102", "from B")
    edits_store.approve(a["id"], RITA)
    with pytest.raises(PreconditionFailed):
        edits_store.approve(b["id"], ROB)
    assert edits_store.changeset(b["id"])["status"] == "conflict"
    labels = edits_store.concept("gtr:R0102")[0]["altLabel"]["en"]
    assert "from A" in labels and "from B" not in labels
    assert edits_store.check_consistency() == []


def test_rule_breaking_change_is_refused_with_violations_and_changes_nothing(edits_store):
    _, etag = edits_store.concept("gtr:R0102")
    with pytest.raises(ChangeRefused) as exc:
        edits_store.submit(ERIN, [{"op": "update", "concept": "gtr:R0102", "set": {"prefLabel": {"en": "Only English"}}}])
    assert {(v["check"], v["concept"]) for v in exc.value.violations} == {("TAX-PREFLABEL-ZH", "gtr:R0102")}
    with pytest.raises(ChangeRefused) as exc:
        edits_store.submit(ERIN, [{"op": "update", "concept": "gtr:R0102", "set": {"trlMin": 12}}])
    assert [v["check"] for v in exc.value.violations] == ["TAX-TRL-RANGE"]
    assert edits_store.changesets() == [] and edits_store.concept("gtr:R0102")[1] == etag and edits_store.version() == 0


def test_create_gets_next_free_iri_and_validates(edits_store):
    new = {"broader": "gtr:R0101", "notation": "01.01.01.99",
           "prefLabel": {"zh": "测试用新燃煤路线", "en": "A new coal route for the test"},
           "definition": {"zh": "测试新增概念。", "en": "A concept added by the test."},
           "altLabel": {"en": ["new coal route", "NCR"], "zh": ["新燃煤路线"]}, "trlMin": 4, "trlMax": 6,
           "providesFunction": ["gtx:F013"]}
    cs = edits_store.submit(ERIN, [{"op": "create", "set": new}])
    iri = cs["ops"][0]["concept"]
    assert iri == f"gtr:R{_last_bundled_iri() + 1:04d}"      # one past the highest IRI the bundle ever used
    edits_store.approve(cs["id"], RITA)
    c, _ = edits_store.concept(iri)
    assert c["notation"] == "01.01.01.99" and c["broader"] == ["gtr:R0101"] and not c["topConcept"]
    with pytest.raises(ChangeRefused) as exc:   # same notation again
        edits_store.submit(ERIN, [{"op": "create", "set": {**new, "prefLabel": {"zh": "又一个", "en": "Another"}}}])
    assert "TAX-DUPLICATE-NOTATION" in {v["check"] for v in exc.value.violations}


def test_move_and_refused_move(edits_store):
    _, etag = edits_store.concept("gtr:R0102")
    cs = edits_store.submit(ERIN, [{"op": "move", "concept": "gtr:R0102", "broader": "gtr:R0100", "notation": "01.01.98",
                              "if_match": etag}])
    edits_store.approve(cs["id"], RITA)
    c, _ = edits_store.concept("gtr:R0102")
    assert c["broader"] == ["gtr:R0100"] and c["notation"] == "01.01.98"
    with pytest.raises(ChangeRefused) as exc:    # a notation that does not extend the parent's
        edits_store.submit(ERIN, [{"op": "move", "concept": "gtr:R0102", "broader": "gtr:R0101", "notation": "05.01.01.77"}])
    assert "TAX-NOTATION-PREFIX" in {v["check"] for v in exc.value.violations}


def test_deprecate_keeps_the_iri_and_refuses_dangling_references(edits_store):
    iri = unreferenced_leaf(edits_store)
    with pytest.raises(InputError):
        edits_store.submit(ERIN, [{"op": "deprecate", "concept": iri}])         # neither replacement nor reason
    cs = edits_store.submit(ERIN, [{"op": "deprecate", "concept": iri, "reason": {"en": "merged into its parent"}}])
    edits_store.approve(cs["id"], RITA)
    c, _ = edits_store.concept(iri)
    assert c["deprecated"] is True and c["deprecationReason"] == {"en": ["merged into its parent"]}
    with pytest.raises(ChangeRefused) as exc:
        edits_store.submit(ERIN, [{"op": "deprecate", "concept": "gtr:R0102", "replacedBy": "gtr:R7777"}])
    assert "EDIT-REPLACEMENT" in {v["check"] for v in exc.value.violations}
    # retiring a group whose narrower routes are live is refused, nothing changes
    with pytest.raises(InputError, match="still has live narrower routes"):
        edits_store.submit(ERIN, [{"op": "deprecate", "concept": "gtr:R0101", "replacedBy": "gtr:R0103"}])


def test_deprecation_in_one_step_moves_labels_rows_and_relations(edits_store):
    """A deprecation with replacedBy is one reviewed change (greentaxo.retirement.retire): labels become hidden
    labels of the successor, mapping rows move, concepts that pointed at the route point at the successor."""
    rows = edits_store.mappings_of("gtr:R0102")
    assert rows and edits_store.concept("gtr:R0104")[0]["alternativeTo"] == ["gtr:R0102"]
    cs = edits_store.submit(ERIN, [{"op": "deprecate", "concept": "gtr:R0102", "replacedBy": "gtr:R0103"}])
    assert {o["op"] for o in cs["ops"]} == {"deprecate"} and set(cs["base"]) >= {
        "https://w3id.org/greentaxo/route/R0102", "https://w3id.org/greentaxo/route/R0103",
        "https://w3id.org/greentaxo/route/R0104", *(r["id"] for r in rows)}
    assert edits_store.concept("gtr:R0102")[0]["deprecated"] is False       # nothing applied before review
    edits_store.approve(cs["id"], RITA)
    old, succ = edits_store.concept("gtr:R0102")[0], edits_store.concept("gtr:R0103")[0]
    assert old["deprecated"] and old["isReplacedBy"] == ["gtr:R0103"]
    assert old["deprecationReason"] == {"en": ["Merged into gtr:R0103."]}
    assert "超超临界燃煤发电机组" in succ["hiddenLabel"]["zh"] and "gtr:R0102" not in succ.get("alternativeTo", [])
    assert edits_store.concept("gtr:R0104")[0]["alternativeTo"] == ["gtr:R0103"]
    assert edits_store.mappings_of("gtr:R0102") == []
    moved = {(r["scheme"], r["object_id"]) for r in edits_store.mappings_of("gtr:R0103")}
    assert ("gbt13745-2009", "https://w3id.org/greentaxo/code/gbt13745-2009/47030") in moved
    assert edits_store.check_consistency() == []


def test_mapping_add_update_remove_and_refusals(edits_store):
    rows = edits_store.mappings_of("gtr:R0102")
    assert rows, "R0102 has mapping rows in the bundled SSSOM files"
    row = {"subject_id": "gtr:R0102", "predicate_id": "skos:relatedMatch", "object_id": "gbt4754:4411",
           "mapping_justification": "semapv:ManualMappingCuration", "confidence": 0.6, "author_id": "gtteam:erin",
           "comment": "coal units are one kind of thermal power", "industry_role": "applied"}
    cs = edits_store.submit(ERIN, [{"op": "add_mapping", "scheme": "gbt4754-2017", "row": row}])
    mid = cs["ops"][0]["mapping"]
    edits_store.approve(cs["id"], RITA)
    got, etag = edits_store.mapping(mid)
    assert got["object_id"] == "https://w3id.org/greentaxo/code/gbt4754-2017/4411" and got["confidence"] == 0.6
    with pytest.raises(ChangeRefused) as exc:     # the same row again
        edits_store.submit(ERIN, [{"op": "add_mapping", "scheme": "gbt4754-2017", "row": row}])
    assert "already exists" in exc.value.violations[0]["message"]
    with pytest.raises(ChangeRefused) as exc:
        edits_store.submit(ERIN, [{"op": "update_mapping", "mapping": mid,
                                   "set": {"predicate_id": "skos:sameAs", "confidence": 3}, "if_match": etag}])
    assert {v["message"].split(":")[0] for v in exc.value.violations} == {f"{mid}.predicate_id", f"{mid}.confidence"}
    edits_store.approve(edits_store.submit(ERIN, [{"op": "update_mapping", "mapping": mid, "set": {"confidence": 0.7},
                                       "if_match": etag}])["id"], RITA)
    assert edits_store.mapping(mid)[0]["confidence"] == 0.7
    edits_store.approve(edits_store.submit(ERIN, [{"op": "remove_mapping", "mapping": mid}])["id"], ROB)
    with pytest.raises(NotFoundError):
        edits_store.mapping(mid)
    assert [a["after"] is None for a in edits_store.audit(mid)] == [False, False, True]
    assert edits_store.check_consistency() == []


def test_review_rules(edits_store):
    cs = _add_alt(edits_store, "gtr:R0102", "x label")
    with pytest.raises(Forbidden):
        edits_store.approve(cs["id"], Principal("erin", "reviewer"))     # nobody reviews their own change
    edits_store.reject(cs["id"], RITA, "not a practitioner's wording")
    with pytest.raises(StateConflict):
        edits_store.approve(cs["id"], ROB)
    own = _add_alt(edits_store, "gtr:R0102", "y label")
    assert edits_store.approve(own["id"], Principal("erin", "admin"))["status"] == "applied"   # an admin may
    with pytest.raises(StateConflict):
        edits_store.approve(own["id"], ADA)


def test_export_after_edits_contains_them(edits_store, tmp_path):
    edits_store.approve(_add_alt(edits_store, "gtr:R0102", "exported label")["id"], RITA)
    export(edits_store, tmp_path / "out")
    def triples(folder):
        return {str(q.triple) for f in folder.glob("*.ttl") for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)}

    new, bundled = triples(tmp_path / "out" / "ontology" / "routes"), triples(ROOT / "ontology" / "routes")
    assert len(new - bundled) == 1 and bundled <= new and "exported label" in str(new - bundled)
    assert "exported label" in (tmp_path / "out" / "ontology" / "routes" / "01-energy-transition.ttl").read_text("utf-8")


def test_tokens_and_roles():
    tokens = parse_tokens("tok-aaaaaaaaaaaaaaaa1:ann:editor,tok-aaaaaaaaaaaaaaaa2:bo:admin",
                          "# comment\ntok-aaaaaaaaaaaaaaaa3 cy reviewer\n", "tokens.txt")
    assert authenticate("Bearer tok-aaaaaaaaaaaaaaaa3", tokens) == Principal("cy", "reviewer")
    for header in (None, "", "Basic abc", "Bearer ", "Bearer tok-unknown-unknown"):
        with pytest.raises(Unauthorized):
            authenticate(header, tokens)
    with pytest.raises(InputError, match="tokens.txt:1"):
        parse_tokens("", "tok-aaaaaaaaaaaaaaaa4 dee superuser\n", "tokens.txt")
    with pytest.raises(InputError, match="entry 1"):
        parse_tokens("short:x:editor")


def test_simultaneous_approve_and_reject_never_both_succeed(edits_store):
    import threading

    for i in range(4):
        cs = _add_alt(edits_store, "gtr:R0102", f"race {i}")
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def act(fn, cid, barrier, outcomes, *args):
            barrier.wait()
            try:
                fn(cid, *args)
                outcomes.append(fn.__name__)
            except StateConflict:
                outcomes.append("refused")

        threads = [threading.Thread(target=act, args=(edits_store.approve, cs["id"], barrier, outcomes, RITA)),
                   threading.Thread(target=act, args=(edits_store.reject, cs["id"], barrier, outcomes, ROB, "no"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(outcomes) in (["approve", "refused"], ["refused", "reject"])
        status = edits_store.changeset(cs["id"])["status"]
        assert status == {"approve": "applied", "reject": "rejected"}[next(o for o in outcomes if o != "refused")]
        assert (f"race {i}" in edits_store.concept("gtr:R0102")[0]["altLabel"]["en"]) == (status == "applied")
    assert edits_store.check_consistency() == []
