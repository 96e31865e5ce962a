"""Look up codes of the external schemes (the read side of ontology/codes/*.ttl)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import GTC, PREFIX_SCHEME, SCHEME_PREFIX, code_iri

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

# what a well-formed code looks like in each scheme, and an example to show users
FORMATS: dict[str, tuple[str, str]] = {
    "gbt4754-2017": (r"[A-T]|\d{2}|\d{3}|\d{4}", "4416 (小类), 441 (中类), 44 (大类) or D (门类)"),
    "gbt13745-2009": (r"\d{3}|\d{5}", "480 (level 1) or 48040 (level 2)"),
    "gfspc2025": (r"\d(\.\d{1,2}){0,2}", "4.1.8 (level 3), 4.1 or 4"),
    "gigc2019": (r"\d(\.\d{1,2}){0,2}", "3.2.1 (level 3), 3.2 or 3"),
    "eutaxonomy": (r"(ccm|cca|wtr|ce|ppc|bio)(-\d{1,2}\.\d{1,2})?", "ccm-4.1 (objective-activity)"),
    "ipc": (r"[A-H]\d{2}[A-Z](\d{1,4}[/-]\d{2,6})?", "H01M10/0525 or H01M"),
    "nace2": (r"[A-U]|\d{2}(\.\d{1,2})?", "35.11"),
    "isic4": (r"[A-U]|\d{2,4}", "3510"),
    "envtech": (r"[A-HY]\d{2}[A-Z](\d{1,4}[/-]\d{2,6})?", "Y02E10/50"),
}

ALIASES = {
    "gbt4754": "gbt4754-2017", "gb4754": "gbt4754-2017", "gbt13745": "gbt13745-2009", "gfspc": "gfspc2025",
    "gigc": "gigc2019", "eu": "eutaxonomy", "eut": "eutaxonomy", "nace": "nace2", "isic": "isic4",
}
EDITIONS_NOT_HELD = {
    "gbt4754-2011": "GB/T 4754-2011 is superseded; this graph holds GB/T 4754-2017 (use gbt4754:CODE)",
    "gbt4754-2002": "GB/T 4754-2002 is superseded; this graph holds GB/T 4754-2017 (use gbt4754:CODE)",
    "gbt13745-1992": "GB/T 13745-1992 is superseded; this graph holds GB/T 13745-2009",
    "gbpc2021": "the Green Bond Endorsed Projects Catalogue (2021) is not in the data; its successor, the "
                "Green Finance Endorsed Projects Catalogue (2025), is: use gfspc2025:CODE",
    "gbc2021": "the Green Bond Endorsed Projects Catalogue (2021) is not in the data; its successor, the "
               "Green Finance Endorsed Projects Catalogue (2025), is: use gfspc2025:CODE",
    "nace2.1": "NACE Rev. 2.1 is not loaded; the EU Taxonomy acts cite NACE Rev. 2 (use nace2:CODE)",
    "isic5": "ISIC Rev. 5 is not available; use isic4:CODE",
}


@dataclass(frozen=True)
class Code:
    scheme: str
    code: str
    iri: str
    label: str
    level: int

    @property
    def curie(self) -> str:
        return f"{SCHEME_PREFIX.get(self.scheme, self.scheme)}:{self.code}"

    def to_dict(self) -> dict:
        return {"scheme": self.scheme, "code": self.code, "id": self.iri, "label": self.label, "level": self.level}


def scheme_id(name: str) -> str:
    """Accept the scheme id, its CURIE prefix or a common alias; explain editions we do not hold."""
    key = name.strip().lower()
    if key in EDITIONS_NOT_HELD:
        raise InputError(EDITIONS_NOT_HELD[key])
    if key in SCHEME_PREFIX:
        return key
    if key in PREFIX_SCHEME:
        return PREFIX_SCHEME[key]
    if key in ALIASES:
        return ALIASES[key]
    raise InputError(f"unknown code scheme {name!r}; known: {', '.join(SCHEME_PREFIX)}")


def parse_ref(ref: str) -> tuple[str, str]:
    """'gbt4754:4416' -> ('gbt4754-2017', '4416'); IRIs under gtc: are accepted too."""
    ref = ref.strip()
    if ref.startswith(GTC):
        scheme, _, code = ref[len(GTC):].partition("/")
        return scheme_id(scheme), code
    scheme, sep, code = ref.partition(":")
    if not sep or not code:
        raise InputError(f"code {ref!r} needs the form SCHEME:CODE, e.g. gbt4754:4416 or gfspc2025:4.1.8")
    return scheme_id(scheme), code.strip()


class CodeRegistry:
    def __init__(self, codes: dict[str, dict[str, Code]]) -> None:
        self.codes = codes

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> CodeRegistry:
        codes: dict[str, dict[str, Code]] = {}
        q = """SELECT ?c ?n ?l ?lev WHERE {
                 ?c skos:inScheme ?s ; skos:notation ?n . ?s a gt:CodeScheme .
                 OPTIONAL { ?c skos:prefLabel ?l } OPTIONAL { ?c gt:level ?lev } }"""
        for c, n, lab, lev in kg.query(q):       # by position: much faster than by name on ~20k rows
            iri = c.value
            scheme = iri[len(GTC):].split("/", 1)[0]
            code = n.value
            label = lab.value if lab is not None else ""
            level = int(lev.value) if lev is not None else 0
            old = codes.setdefault(scheme, {}).get(code)
            if old is None or (label and not old.label):
                codes[scheme][code] = Code(scheme, code, iri, label, level)
        return cls(codes)

    def schemes(self) -> list[str]:
        return sorted(self.codes)

    def get(self, ref: str) -> Code:
        scheme, code = parse_ref(ref)
        return self.lookup(scheme, code)

    def lookup(self, scheme: str, code: str) -> Code:
        scheme = scheme_id(scheme)
        pattern, example = FORMATS[scheme]
        norm = code.replace(" ", "")
        if scheme in ("ipc", "envtech"):
            norm = norm.upper().replace("-", "/")
        if scheme == "eutaxonomy":
            norm = norm.lower().replace(" ", "-")
        if not re.fullmatch(pattern, norm, flags=re.IGNORECASE):
            raise InputError(f"{scheme} code {code!r} is not well formed; expected e.g. {example}. "
                             f"Nearest valid codes: {', '.join(self.nearest(scheme, norm)) or 'none'}")
        table = self.codes.get(scheme, {})
        if norm in table:
            return table[norm]
        if scheme == "ipc":
            # IPC symbols outside the green inventory are still real IPC: well-formed is enough.
            return Code(scheme, norm, code_iri(scheme, norm), "", 0)
        raise NotFoundError(f"{scheme} has no code {code!r} in the edition held here.", self.nearest(scheme, norm))

    def exists(self, scheme: str, code: str) -> bool:
        return code in self.codes.get(scheme, {})

    def nearest(self, scheme: str, code: str, n: int = 3) -> list[str]:
        table = self.codes.get(scheme, {})
        prefix_hits = sorted(c for c in table if c.startswith(code[: max(len(code) - 1, 1)]))
        close = prefix_hits[:n] or difflib.get_close_matches(code, list(table), n=n, cutoff=0.5)
        return [f"{c} {table[c].label}".strip() for c in close]
