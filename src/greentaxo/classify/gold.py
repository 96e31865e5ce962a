"""Gold (labelled) records: the same input fields plus `routes`, a list of route IRIs, CURIEs or notations
(an empty list means "not green")."""
from __future__ import annotations

import json
from pathlib import Path

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


def to_training(records: list[dict], routes: RouteIndex, kg, source: str = "gold") -> tuple[list[Document], list[list[int]]]:
    """Documents and gold route columns; unknown routes are an error naming the record."""
    docs, gold = [], []
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
        docs.append(doc)
        gold.append(sorted(set(cols)))
    return docs, gold


def relevant(col: int, gold: list[int], routes: RouteIndex) -> bool:
    """A suggested route is right if it is a gold route or lies inside one (more specific than the gold)."""
    return col in gold or any(g in routes.ancestors[col] for g in gold)
