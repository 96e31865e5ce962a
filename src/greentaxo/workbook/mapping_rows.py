"""The SSSOM sheets of an edited workbook: each row checked cell by cell, then turned into a MappingRow."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from greentaxo.mappings.sssom import MAPPING_PREDICATES, NO_TERM, MappingRow
from greentaxo.namespaces import PREFIXES, SCHEME_PREFIX
from greentaxo.namespaces import SKOS as SKOS_NS
from greentaxo.workbook.columns import text_of

# code systems we hold only in part (IPC has ~70k symbols): their codes cannot be checked against a list
OPEN_CODE_LISTS = {"ipc"}


def mapping_rows(rd, labels: dict[str, str]) -> dict[str, list]:
    """Check every row of every SSSOM sheet; rows with an error are reported on the reader and left out."""
    out: dict[str, list] = {}
    for scheme, recs in rd.maps.items():
        prefix = PREFIXES[SCHEME_PREFIX[scheme]]
        codes = code_labels(rd.root, scheme)
        rows, keys = [], {}
        for sheet, i, rec in recs:
            val = {k: text_of(v) for k, (_, v) in rec.items()}
            ref = {k: cell for k, (cell, _) in rec.items()}
            errs: list[tuple[str, str]] = []
            fail = errs.append  # (column, reason), reported once the row is checked

            for need in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
                if not val.get(need):
                    fail((need, f"{need} is empty; every mapping row needs it"))
            if errs:
                rd.report(sheet, i, ref, errs)
                continue
            subject = rd.resolve_route(val["subject_id"])
            if subject is None:
                fail(("subject_id", f"{val['subject_id']!r} is not a route of this workbook"))
            pred = rd.iri(val["predicate_id"])
            if pred not in MAPPING_PREDICATES:
                fail(("predicate_id", f"{val['predicate_id']!r} is not a SKOS mapping relation "
                                      "(skos:exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch)"))
            obj = rd.iri(val["object_id"])
            if obj != NO_TERM and (obj is None or not obj.startswith(prefix)):
                fail(("object_id", f"{val['object_id']!r} is not a {scheme} code ({SCHEME_PREFIX[scheme]}:<code>) "
                                   "or sssom:NoTermFound"))
            elif codes is not None and obj != NO_TERM and obj not in codes:
                fail(("object_id", f"{val['object_id']!r} is not in ontology/codes/{scheme}.ttl; check the code"))
            just = rd.iri(val["mapping_justification"])
            if just is None or not just.startswith(PREFIXES["semapv"]):
                fail(("mapping_justification", f"{val['mapping_justification']!r} is not a semapv: justification"))
            conf = None
            if val.get("confidence"):
                try:
                    conf = float(val["confidence"])
                    if not 0 <= conf <= 1:
                        raise ValueError
                except ValueError:
                    fail(("confidence", f"confidence {val['confidence']!r} is not a number from 0 to 1"))
            if val.get("predicate_modifier") not in (None, "", "Not"):
                fail(("predicate_modifier", "predicate_modifier is empty or Not"))
            if val.get("industry_role") not in (None, "", "made", "applied"):
                fail(("industry_role", "industry_role is made, applied or empty"))
            if errs:
                rd.report(sheet, i, ref, errs)
                continue
            key = (subject, pred, obj, val.get("predicate_modifier", ""), val.get("industry_role", ""))
            if key in keys:
                rd.report(sheet, i, ref, [("subject_id", f"same mapping as row {keys[key]}; delete one of them")])
                continue
            keys[key] = i
            rows.append(MappingRow(
                subject_id=subject, predicate_id=pred, object_id=obj, mapping_justification=just,
                confidence=conf, subject_label=val.get("subject_label") or labels.get(subject, ""),
                object_label=val.get("object_label") or (codes or {}).get(obj, ""),
                predicate_modifier=val.get("predicate_modifier", ""),
                author_id=val.get("author_id", ""), comment=val.get("comment", ""),
                industry_role=val.get("industry_role", ""), scheme=scheme))
        out[scheme] = rows
    return out

def code_labels(root: Path, scheme: str) -> dict[str, str] | None:
    """code IRI -> its preferred label (zh first), from the generated code file of the scheme."""
    f = root / "ontology" / "codes" / f"{scheme}.ttl"
    if scheme in OPEN_CODE_LISTS or not f.exists():
        return None
    out: dict[str, str] = {}
    for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
        if not isinstance(q.subject, ox.NamedNode):
            continue
        s = q.subject.value
        if q.predicate.value == SKOS_NS + "prefLabel" and (s not in out or not out[s] or q.object.language == "zh"):
            out[s] = q.object.value
        else:
            out.setdefault(s, "")
    return out


