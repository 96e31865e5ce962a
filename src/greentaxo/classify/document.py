"""Input records: validation and the text the classifier reads.

Evidence offsets point into `text` = title + "\\n" + abstract, exactly as the issue specifies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from greentaxo.classify.textnorm import normalise_with_offsets, without_exclusions
from greentaxo.errors import InputError

FIELDS = ("id", "title", "abstract", "keywords", "ipc", "lang")          # what a record can hold

MAX_CHARS = 100_000      # longer texts are refused per record rather than slowing a whole batch
_IPC = re.compile(r"^([A-H])(\d{2})([A-Z])(?:\s*(\d{1,4})\s*[/-]\s*(\d{1,6}))?$")


@dataclass
class Document:
    id: str
    title: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)      # normalised: H01M10-0525 / H01M
    lang: str | None = None
    # set by the label backend: ambiguous labels found without their context words (label, route column),
    # and the normalised text with them blanked out, which the statistical models read instead
    blocked: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)
    masked: str | None = field(default=None, repr=False, compare=False)
    # set by the label backend: route columns an exclusion word rules out (gt:excludedBy), none of whose labels is found
    excluded: frozenset[int] = field(default=frozenset(), repr=False, compare=False)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.abstract}"

    @property
    def normalised(self):
        """title + "\\n" + abstract folded for matching, with offsets; computed once, shared by backends."""
        nt = self.__dict__.get("_normalised")
        if nt is None:
            nt = self.__dict__["_normalised"] = without_exclusions(normalise_with_offsets(self.text))
        return nt

    @property
    def full_text(self) -> str:
        """What the statistical model reads: title, abstract and keywords."""
        return self.text + ("\n" + " ; ".join(self.keywords) if self.keywords else "")


def normalise_ipc(symbol: str) -> str:
    """'H01M 10/0525' -> 'H01M10-0525' (the form of our IPC code IRIs); raise InputError if malformed."""
    s = " ".join(str(symbol).upper().split())
    m = _IPC.match(s.replace(" ", "")) or _IPC.match(s)
    if not m:
        raise InputError(f"field ipc: {symbol!r} is not an IPC symbol; expected e.g. H01M10/0525 or H01M")
    head = "".join(m.group(1, 2, 3))
    return f"{head}{int(m.group(4))}-{m.group(5)}" if m.group(4) else head


def _text_field(rec: dict, name: str) -> str:
    val = rec.get(name)
    if val is None:
        return ""
    if not isinstance(val, str):
        raise InputError(f"field {name}: expected text, got {type(val).__name__}")
    if "\x00" in val:
        raise InputError(f"field {name}: contains NUL bytes; binary data is not text")
    return val


def _list_field(rec: dict, name: str) -> list[str]:
    val = rec.get(name)
    if val is None or val == "":
        return []
    if isinstance(val, str):
        return [v.strip() for v in re.split(r"[;；,，]", val) if v.strip()]
    if isinstance(val, list) and all(isinstance(v, str) for v in val):
        return [v.strip() for v in val if v.strip()]
    raise InputError(f"field {name}: expected a list of strings or a ';'-separated string")


def from_record(rec: object, default_id: str = "") -> Document:
    """Validate one input record; errors name the field and what to do."""
    if not isinstance(rec, dict):
        raise InputError("record must be a JSON object with id, title, abstract")
    rid = rec.get("id", default_id)
    if rid is None or rid == "":
        rid = default_id
    if not isinstance(rid, str | int):
        raise InputError("field id: expected a string or a number")
    title, abstract = _text_field(rec, "title"), _text_field(rec, "abstract")
    keywords = _list_field(rec, "keywords")
    if not (title.strip() or abstract.strip() or keywords):
        # a file whose text sits under another key ("text", "摘要") would otherwise fail on every line unexplained
        other = [k for k, v in rec.items() if k not in FIELDS and isinstance(v, str) and v.strip()]
        hint = (f"; this record's text is under {', '.join(map(repr, other[:3]))}, which is not read: send it as title or "
                f"abstract (greentaxo classify: --column abstract={other[0]})") if other else ""
        raise InputError(f"fields title and abstract are both empty; give at least one of them{hint}")
    if len(title) + len(abstract) > MAX_CHARS:
        raise InputError(f"title + abstract is {len(title) + len(abstract):,} characters; the limit is "
                         f"{MAX_CHARS:,}: send the abstract, not the full document")
    ipc = [normalise_ipc(s) for s in _list_field(rec, "ipc")]
    lang = rec.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise InputError("field lang: expected 'zh', 'en' or 'mixed'")
    return Document(str(rid), title, abstract, keywords, ipc, lang or None)


def detect_lang(text: str) -> str:
    """zh, en or mixed, from the share of CJK characters among letters."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = len(re.findall(r"[A-Za-z]{3,}", text))
    if cjk and latin >= 2:
        return "mixed"
    return "zh" if cjk else "en"
