"""data/reader/patents-dev-reader.tsv, the second yardstick for green / not green on real patents (data/reader/README.md):
well formed, and drawn as the README says (every inventory-green title of patents-dev and 200 others per language)."""
from __future__ import annotations

import csv
import json

from tests.support import ROOT

READER = ROOT / "data" / "reader" / "patents-dev-reader.tsv"


def _rows() -> list[dict]:
    with open(READER, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_reader_labels_are_ids_languages_and_two_readings_with_their_adjudication():
    rows = _rows()
    assert rows and list(rows[0]) == ["id", "lang", "reader1", "reader2", "reader_green"]   # ids only: the records
    assert len({r["id"] for r in rows}) == len(rows)                                      # stay in ../shared/data
    assert {r["lang"] for r in rows} == {"zh", "en"}
    assert all({r["reader1"], r["reader2"], r["reader_green"]} <= {"0", "1"} for r in rows)
    # where the two readers agree, that is the label; where not, the adjudicated label is one of theirs by construction
    assert all(r["reader_green"] == r["reader1"] for r in rows if r["reader1"] == r["reader2"])


def test_reader_sample_is_every_inventory_green_title_and_200_others(shared_data):
    dev = {}
    with open(shared_data / "patents-dev" / "patents-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if not r.get("generic_only"):
                dev[r["id"]] = r
    rows = _rows()
    assert all(r["id"] in dev and dev[r["id"]]["lang"] == r["lang"] for r in rows)
    for lang in ("zh", "en"):
        ids = {r["id"] for r in rows if r["lang"] == lang}
        green = {i for i, r in dev.items() if r["lang"] == lang and r["green"]}
        assert green <= ids and len(ids - green) == 200
