"""Real patent text for the green / not-green decision, read from the shared data folder at training and
evaluation time (its licences allow use, not redistribution: nothing here is copied into the repository).

- `patents-dev`: 3,306 real titles (Chinese and English) with a green label derived by the data's makers
  from the office-assigned IPC codes and the WIPO IPC Green Inventory. Rows that are green only through
  the inventory's wholesale entries (`generic_only`: G06Q, H02J, G01R, G08G, A01H) are dropped: their
  label says nothing usable (SOURCE.md of the data).
- distant supervision in English, labelled here by the same inventory rule: the titles of the IPC scheme
  (a subgroup's title is a fragment, so it is read after its main group's title) and the English patent
  titles of `patents-public` through their CPC symbol (Y02 and Y04S are green by definition; other Y
  codes say nothing and are skipped).
"""
from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from greentaxo.classify.ipc import covers
from greentaxo.errors import InputError

GENERIC = frozenset({"G06Q", "H02J", "G01R", "G08G", "A01H"})   # wholesale inventory entries, not a usable label
DEV = "patents-dev/patents-dev.jsonl"
SCHEME = "patents-public/ipc-scheme-en.tsv.gz"
PUBLIC_EN = "patents-public/alekssadowski95-patent-landscaping.jsonl.gz"
INVENTORY = "ipc-green-inventory/ipc_green_inventory.csv"


@dataclass
class Example:
    id: str
    text: str
    green: bool
    lang: str
    kind: str            # source kind: "zh title", "en title", "ipc scheme", "en title (public)"
    codes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


def _need(path: Path) -> Path:
    if not path.exists():
        raise InputError("not found; the green model trains on ../shared/data (set GREENTAXO_DATA to its folder)",
                         source=str(path))
    return path


class Inventory:
    """The WIPO IPC Green Inventory as a membership test on IPC symbols, by the rule the patents-dev labels
    were made with: a class or subclass entry covers everything in it, a main-group entry its subgroups, a
    subgroup entry the subgroups whose digits extend it."""

    def __init__(self, entries: list[str]) -> None:
        self.by_head: dict[str, list[str]] = {}
        for e in entries:
            self.by_head.setdefault(e[:4], []).append(e)

    @classmethod
    def read(cls, data: Path) -> Inventory:
        with open(_need(data / INVENTORY), encoding="utf-8") as f:
            return cls([r["ipc_code"].replace(" ", "") for r in csv.DictReader(f)])

    def green(self, code: str) -> bool | None:
        """True / False, or None when the symbol says nothing usable (a wholesale entry, or a bare subclass
        only some of whose groups are in the inventory)."""
        code = code.replace(" ", "")
        if code[:4] in GENERIC:
            return None
        entries = self.by_head.get(code[:4], []) + self.by_head.get(code[:3], [])
        if not entries:
            return False
        if any(_covers(e, code) for e in entries):
            return True
        return None if len(code) <= 4 else False


def _split(code: str) -> tuple[str, str, str]:
    group, _, sub = code[4:].partition("/")
    return code[:4], group, sub


def _covers(entry: str, code: str) -> bool:
    """The inventory rule: the same as our IPC mappings' (`ipc.covers`), plus class-level entries (B61)."""
    if len(entry) <= 3:
        return code.startswith(entry)
    return covers(entry.replace("/", "-"), code.replace("/", "-"))


def patents_dev(data: Path) -> list[Example]:
    """The usable rows of patents-dev (generic_only dropped), in file order."""
    return read_patents(_need(data / DEV))


def read_patents(path: Path) -> list[Example]:
    """Real patents in the patents-dev format (id, lang, text, green, codes, ...); `generic_only` rows dropped."""
    out = []
    with open(_need(path), encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                lang = r.get("lang") or ("en" if r["text"].isascii() else "zh")
                ex = Example(str(r["id"]), r["text"], bool(r["green"]), lang, f"{lang} title",
                             tuple(r.get("codes", ())), tuple(r.get("gold_topics", ())))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"not a patent record ({exc.__class__.__name__}: {exc}); each line needs id, text "
                                 "and green", source=str(path), line=i) from None
            if not r.get("generic_only"):
                out.append(ex)
    return out


def ipc_scheme(data: Path, inv: Inventory) -> list[Example]:
    """IPC scheme titles (English), green where the inventory covers the symbol."""
    titles: dict[str, str] = {}
    with gzip.open(_need(data / SCHEME), "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            code, _, title = line.rstrip("\n").partition("\t")
            titles[code] = title
    out = []
    for code, title in titles.items():
        if len(code) < 4 or (green := inv.green(code)) is None:
            continue
        head, group, sub = _split(code)
        if sub and set(sub) != {"0"} and (main := titles.get(f"{head}{group}/00")):
            title = f"{main}; {title}"
        out.append(Example(code, title, green, "en", "ipc scheme", (code,)))
    return out


def public_titles(data: Path, inv: Inventory) -> list[Example]:
    """English patent titles of patents-public, labelled through their one CPC symbol."""
    out = []
    with gzip.open(_need(data / PUBLIC_EN), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if not r.get("cpc") or not r.get("title"):
                continue
            code = r["cpc"][0]
            if code.startswith(("Y02", "Y04S")):
                green = True
            elif code.startswith("Y"):
                continue
            else:
                head, group, _ = _split(code)
                # CPC's 2000-series indexing codes have no IPC counterpart: judge by the subclass
                green = inv.green(head if re.fullmatch(r"2\d{3,}", group) else code)
            if green is not None:
                out.append(Example(r["id"], r["title"], green, "en", "en title (public)", (code,)))
    return out


def green_corpus(data: Path) -> tuple[list[Example], list[Example]]:
    """(patents-dev rows, distant-supervision rows) for training the green model. patents-dev and the
    inventory are required; the distant-supervision files are used when present."""
    inv = Inventory.read(data)
    aux = []
    if (data / SCHEME).exists():
        aux += ipc_scheme(data, inv)
    if (data / PUBLIC_EN).exists():
        aux += public_titles(data, inv)
    return patents_dev(data), aux
