"""Gold (labelled) records: the same input fields plus `routes`, a list of route IRIs, CURIEs or notations
(an empty list means "not green")."""
from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from greentaxo.classify.document import Document, from_record
from greentaxo.classify.routes import RouteIndex
from greentaxo.errors import InputError, NotFoundError


def read_gold(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError("gold file not found; check the path", source=str(path))
    out = []
    with open(path, encoding="utf-8", errors="strict") as f:
        try:
            for i, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON ({exc.msg}); one JSON object per line", source=str(path), line=i) from None
                if not isinstance(rec, dict) or not isinstance(rec.get("routes"), list):
                    raise InputError("a gold record needs a `routes` list (empty for not green)", source=str(path), line=i)
                rec["_line"] = i
                out.append(rec)
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", source=str(path)) from None
    if not out:
        raise InputError("gold file has no records", source=str(path))
    return out


class GoldSet(NamedTuple):
    """Gold records as the classifier reads them: `docs[i]` is `records[i]`, `gold[i]` its route columns (empty:
    not green); `set_aside`, the ids of green records left out because none of their routes is a route any more."""
    docs: list[Document]
    gold: list[list[int]]
    records: list[dict]
    set_aside: list[str]


def to_training(records: list[dict], routes: RouteIndex, kg, source: str = "gold", moved: str = "set-aside") -> GoldSet:
    """Documents and gold route columns; unknown routes are an error naming the record. A deprecated gold route
    counts as the live routes that replace it (dct:isReplacedBy). A green record none of whose routes leads to a
    route any more (project types and market mechanisms moved to the facets: "交通枢纽场站绿色化改造", emissions
    trading) is, with `moved`:

    - "set-aside" (evaluation): left out, its id in `set_aside`. The gold calls it green and the classifier's
      question is whether a text describes a technology route: neither answer is wrong, and read as not green a
      correct "green" counted as a false green.
    - "not-green" (training): read as not green, as every model so far was trained. Set aside in training too, the
      n-gram centroids moved so that "一种光伏发电装置" walked from the photovoltaic group it names to concentrator PV
      and Chinese on-path@1 on patents-dev fell 0.535 -> 0.524 (docs/classifier.md, "Known faults")."""
    if moved not in ("set-aside", "not-green"):
        raise ValueError(f"moved {moved!r}: set-aside or not-green")
    docs, gold, kept, aside = [], [], [], []
    for rec in records:
        where = f"record {rec.get('id', '?')} (line {rec.get('_line', '?')})"
        try:
            doc = from_record(rec, default_id=str(rec.get("_line", "")))
        except InputError as exc:
            raise InputError(f"{where}: {exc}", source=source) from None
        cols = []
        for ref in rec["routes"]:
            try:
                iri = kg.taxonomy.concept(str(ref)).iri
            except NotFoundError as exc:
                raise InputError(f"{where}: {exc}", source=source) from None
            if iri in routes.col:
                cols.append(routes.col[iri])
            else:
                cols.extend(routes.col[c.iri] for c in kg.taxonomy.succession(iri).live if c.iri in routes.col)
        if rec["routes"] and not cols and moved == "set-aside":
            aside.append(str(rec.get("id", rec.get("_line", "?"))))
            continue
        docs.append(doc)
        gold.append(sorted(set(cols)))
        kept.append(rec)
    return GoldSet(docs, gold, kept, aside)


def relevant(col: int, gold: list[int], routes: RouteIndex) -> bool:
    """A suggested route is right if it is a gold route or lies inside one (more specific than the gold)."""
    return col in gold or any(g in routes.ancestors[col] for g in gold)
