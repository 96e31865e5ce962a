"""Small helpers shared by the command modules (kept free of heavy imports)."""
from __future__ import annotations

import json
import sys
from enum import StrEnum

from greentaxo import load


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"


def emit_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def kg():
    return load()
