"""Read and write SSSOM/TSV.

We read SSSOM with the standard library and PyYAML rather than sssom-py: sssom-py pulls ~85 packages
(~250 MB, pandas and linkml among them) and takes ~1.5 s to import, which would break the CLI's
start-up budget, and we need row numbers in error messages, which its pandas-based parser drops.
Files stay plain SSSOM (standard slots, extension slot `industry_role` declared in the header), so
sssom-py and other tools read them unchanged. See docs/decisions.md.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from greentaxo.errors import InputError
from greentaxo.namespaces import GTC, PREFIXES, SCHEME_PREFIX, compact
from greentaxo.security.cells import plain_cell, safe_cell

NO_TERM = "https://w3id.org/sssom/NoTermFound"
MAPPING_PREDICATES = {
    "http://www.w3.org/2004/02/skos/core#" + p
    for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
# predicates that place the route inside the code (route narrower than or the same as the code)
INSIDE_PREDICATES = {"http://www.w3.org/2004/02/skos/core#" + p for p in ("exactMatch", "closeMatch", "broadMatch")}
COLUMNS = ["subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id", "object_label",
           "mapping_justification", "confidence", "author_id", "comment"]
EXTENSION = "industry_role"
REQUIRED = ["subject_id", "predicate_id", "object_id", "mapping_justification"]


@dataclass
class MappingRow:
    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    confidence: float | None = None
    subject_label: str = ""
    object_label: str = ""
    predicate_modifier: str = ""
    author_id: str = ""
    comment: str = ""
    industry_role: str = ""
    scheme: str = ""
    source: str = ""
    line: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def negated(self) -> bool:
        return self.predicate_modifier == "Not"

    @property
    def no_term(self) -> bool:
        return self.object_id == NO_TERM

    @property
    def is_match(self) -> bool:
        return not self.negated and not self.no_term

    @property
    def inside(self) -> bool:
        """The route lies inside the code (exact, close or broad match); related/narrow rows only overlap it."""
        return self.is_match and self.predicate_id in INSIDE_PREDICATES

    @property
    def code(self) -> str:
        return self.object_id[len(GTC):].split("/", 1)[1] if self.object_id.startswith(GTC) else ""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.source else ""

    def to_dict(self) -> dict:
        return {"subject_id": self.subject_id, "predicate_id": compact(self.predicate_id),
                "predicate_modifier": self.predicate_modifier or None, "object_id": self.object_id,
                "object_label": self.object_label, "mapping_justification": compact(self.mapping_justification),
                "confidence": self.confidence, "author_id": self.author_id, "comment": self.comment or None,
                "industry_role": self.industry_role or None, "source": self.source_ref}

    @property
    def source_ref(self) -> str:
        """Where the row is in the sources, as the root sees it (mappings/<file>:<line>): what an answer
        may show; `where` keeps the full path for error messages on the machine that has the file."""
        return f"mappings/{Path(self.source).name}:{self.line}" if self.source else ""


@dataclass
class MappingSetFile:
    path: Path
    metadata: dict
    rows: list[MappingRow]
    scheme: str


def _expand(value: str, curies: dict[str, str], source: str, line: int, column: str) -> str:
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in curies:
        return curies[prefix] + local
    raise InputError(f"column {column}: {value!r} is not a CURIE with a prefix declared in curie_map "
                     f"(declared: {', '.join(sorted(curies))})", source=source, line=line)


def read(path: Path) -> MappingSetFile:
    src = str(path)
    if not path.exists():
        raise InputError("mapping file not found", source=src)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the file as UTF-8", source=src) from None
    lines = text.splitlines()
    meta_lines = [ln[1:] for ln in lines if ln.startswith("#")]
    try:
        meta = yaml.safe_load("\n".join(meta_lines)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the '#' metadata block is not valid YAML: {exc}".splitlines()[0], source=src) from None
    curies = {**PREFIXES, **(meta.get("curie_map") or {})}
    n_meta = len(meta_lines)
    body = "\n".join(ln for ln in lines if not ln.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"header lacks required SSSOM column(s) {', '.join(missing)}", source=src, line=n_meta + 1)
    rows: list[MappingRow] = []
    for i, rec in enumerate(reader, start=n_meta + 2):
        if None not in rec:
            rec = {k: plain_cell(v) if v else v for k, v in rec.items()}    # undo _clean's formula escape
        if None in rec:
            raise InputError(f"row has {len(header) + len(rec[None])} cells but the header has {len(header)}; "
                             "check for a stray tab", source=src, line=i)
        for col in REQUIRED:
            if not (rec.get(col) or "").strip():
                raise InputError(f"column {col} is empty; every row needs it", source=src, line=i)
        conf = (rec.get("confidence") or "").strip()
        try:
            confidence = float(conf) if conf else None
        except ValueError:
            raise InputError(f"column confidence: {conf!r} is not a number between 0 and 1", source=src, line=i) from None
        rows.append(MappingRow(
            subject_id=_expand(rec["subject_id"], curies, src, i, "subject_id"),
            predicate_id=_expand(rec["predicate_id"], curies, src, i, "predicate_id"),
            object_id=_expand(rec["object_id"], curies, src, i, "object_id"),
            mapping_justification=_expand(rec["mapping_justification"], curies, src, i, "mapping_justification"),
            confidence=confidence, subject_label=rec.get("subject_label") or "",
            object_label=rec.get("object_label") or "", predicate_modifier=(rec.get("predicate_modifier") or "").strip(),
            author_id=rec.get("author_id") or "", comment=rec.get("comment") or "",
            industry_role=(rec.get(EXTENSION) or "").strip(), source=src, line=i,
            extra={k: v for k, v in rec.items() if k not in COLUMNS and k != EXTENSION and v},
        ))
    scheme = meta.get("object_source", "").rstrip("/").rsplit("/", 1)[-1] or path.name.split(".")[0]
    for r in rows:
        r.scheme = scheme
    return MappingSetFile(path, meta, rows, scheme)


def write(path: Path, scheme: str, rows: list[MappingRow], *, version: str, title: str, date: str,
          object_source_version: str = "") -> None:
    """One mapping set as deterministic SSSOM/TSV: rows sorted by subject, object, predicate."""
    meta = [
        *_curie_map([SCHEME_PREFIX[scheme]], rows),
        f"mapping_set_id: https://w3id.org/greentaxo/mappings/{scheme}.sssom.tsv",
        f"mapping_set_version: {version}",
        f"mapping_set_title: {title}",
        f"license: {LICENSE}",
        "subject_source: https://w3id.org/greentaxo/route/scheme",
        f"object_source: https://w3id.org/greentaxo/code/{scheme}",
    ]
    if object_source_version:
        meta.append(f"object_source_version: \"{object_source_version}\"")
    meta.append(f"mapping_date: {date}")
    path.write_text(_render(meta, rows, extension=scheme == "gbt4754-2017"), encoding="utf-8")


def combined(rows: list[MappingRow], *, version: str) -> str:
    """Every mapping set as one SSSOM/TSV table (GET /export?format=sssom): one curie_map for all schemes,
    CURIEs throughout, and each row's object_source saying which code system it maps to."""
    schemes = sorted({r.scheme for r in rows})
    meta = [
        *_curie_map([SCHEME_PREFIX[s] for s in schemes] + ["gtc"], rows),
        f"mapping_set_id: https://w3id.org/greentaxo/mappings/greentaxo-{version}.sssom.tsv",
        f"mapping_set_version: {version}",
        "mapping_set_title: Green-technology routes to industry, discipline, patent and green-finance codes",
        f"license: {LICENSE}",
        "subject_source: https://w3id.org/greentaxo/route/scheme",
    ]
    return _render(meta, rows, extension="gbt4754-2017" in schemes, object_source=True)


LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def _curie_map(code_prefixes: list[str], rows: list[MappingRow]) -> list[str]:
    """gtf: is declared when a facet concept (project type, service, ...) is a subject."""
    facets = {"gtf": PREFIXES["gtf"]} if any(r.subject_id.startswith(PREFIXES["gtf"]) for r in rows) else {}
    curie_map = {"gtr": PREFIXES["gtr"], **facets, **{p: PREFIXES[p] for p in code_prefixes}, "skos": PREFIXES["skos"],
                 "semapv": PREFIXES["semapv"], "sssom": PREFIXES["sssom"], "orcid": "https://orcid.org/",
                 "gtteam": "https://w3id.org/greentaxo/team/"}
    return ["curie_map:", *[f"  {k}: {v}" for k, v in curie_map.items()]]


def _render(meta: list[str], rows: list[MappingRow], *, extension: bool, object_source: bool = False) -> str:
    cols = list(COLUMNS) + (["object_source"] if object_source else []) + ([EXTENSION] if extension else [])
    if extension:
        meta = [*meta, "extension_definitions:", f"  - slot_name: {EXTENSION}",
                "    property: https://w3id.org/greentaxo/def#industryRole",
                "    type_hint: http://www.w3.org/2001/XMLSchema#string"]
    out = io.StringIO()
    for m in meta:
        out.write(f"#{m}\n")
    out.write("\t".join(cols) + "\n")
    for r in sorted(rows, key=lambda r: (r.subject_id, r.object_id, r.predicate_id, r.industry_role, r.scheme)):
        vals = {
            "subject_id": compact(r.subject_id), "subject_label": r.subject_label,
            "predicate_id": compact(r.predicate_id), "predicate_modifier": r.predicate_modifier,
            "object_id": compact(r.object_id), "object_label": r.object_label,
            "mapping_justification": compact(r.mapping_justification),
            "confidence": "" if r.confidence is None else f"{r.confidence:g}",
            "author_id": r.author_id, "comment": r.comment, EXTENSION: r.industry_role,
            "object_source": f"gtc:{r.scheme}",     # the code system: https://w3id.org/greentaxo/code/{scheme}
        }
        out.write("\t".join(_clean(vals[c]) for c in cols) + "\n")
    return out.getvalue()


def _clean(v: str) -> str:
    # one line, no tab, and nothing a spreadsheet would run as a formula (read back exactly by read())
    return safe_cell(" ".join(str(v).replace("\t", " ").split()))
