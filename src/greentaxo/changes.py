"""What changed since a date: concepts created, modified or deprecated (from dct:created/modified)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from greentaxo.errors import InputError
from greentaxo.namespaces import ROUTE_SCHEME

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{what} {value!r} is not a date; write YYYY-MM-DD") from None


def changes(kg: KnowledgeGraph, since: str) -> dict:
    """Changes since a date (YYYY-MM-DD) or a release (its version, e.g. 0.1.0).

    Concepts without their own dates count as created when the scheme was issued (dct:issued).
    """
    issued, release = None, kg.version
    for row in kg.query(f"SELECT ?d WHERE {{ <{ROUTE_SCHEME}> dct:issued ?d }}"):
        issued = _date(row["d"].value, "the scheme's dct:issued")
    if release and since.strip() == release and issued:
        since_d = issued
    elif since.strip()[:1].isdigit() and "-" not in since and since.count(".") == 2:
        raise InputError(f"release {since!r} is not known; the current release is {release} (issued {issued})")
    else:
        since_d = _date(since, "since")
    dates: dict[str, dict[str, str]] = {}
    for row in kg.query(f"""SELECT ?c ?p ?d WHERE {{ ?c skos:inScheme <{ROUTE_SCHEME}> ; ?p ?d .
                             FILTER(?p IN (dct:created, dct:modified)) }}"""):
        dates.setdefault(row["c"].value, {})[row["p"].value.rsplit("/", 1)[-1]] = row["d"].value
    new, modified, deprecated = [], [], []
    for c in kg.taxonomy.concepts.values():
        d = dates.get(c.iri, {})
        created = _date(d["created"], "dct:created") if "created" in d else issued
        changed = _date(d["modified"], "dct:modified") if "modified" in d else None
        entry = {"id": c.iri, "notation": c.notation, "label": c.pref}
        if c.deprecated and (changed or created) and (changed or created) >= since_d:
            deprecated.append({**entry, "isReplacedBy": c.replaced_by})
        elif created and created >= since_d:
            new.append(entry)
        elif changed and changed >= since_d:
            modified.append(entry)
    key = lambda e: e["notation"]  # noqa: E731
    return {"since": since_d.isoformat(), "scheme_issued": issued.isoformat() if issued else None,
            "new": sorted(new, key=key), "modified": sorted(modified, key=key), "deprecated": sorted(deprecated, key=key)}
