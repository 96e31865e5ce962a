"""Read access to published releases: list them, and load one release's knowledge graph on demand.

`greentaxo release VERSION` writes `releases/VERSION/` with a `manifest.json` and a `source/` copy of the
ontology (code systems included) and mappings exactly as released. Serving a release means loading that
copy into its own KnowledgeGraph — the same loader as the checkout, so every read endpoint answers from
it unchanged. Releases are immutable once written, so a loaded release never goes stale; a small LRU
bounds memory (one bundled graph is ~40 MB and loads in ~1.3 s here).
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo import paths, settings
from greentaxo.errors import InputError, NotFoundError
from greentaxo.graph import KnowledgeGraph

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

VERSION_RE = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?")


def parse_version(v: str) -> tuple:
    """A sortable key for MAJOR.MINOR.PATCH[-pre]; an InputError for anything else."""
    m = VERSION_RE.fullmatch(v.strip())
    if not m:
        raise InputError(f"version {v!r} is not MAJOR.MINOR.PATCH (e.g. 1.2.0, optionally -rc.1)")
    # a pre-release sorts before the release itself
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4) is None, m.group(4) or "")


def releases_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding release folders: the override, else $GREENTAXO_RELEASES, else <home>/releases."""
    if override:
        return Path(override)
    return settings.current().releases or paths.home() / "releases"


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    issued: str | None
    previous: str | None
    folder: Path
    manifest: dict

    def to_dict(self) -> dict:
        return {"version": self.version, "issued": self.issued, "previous": self.previous, "manifest": self.manifest}


def list_releases(folder: Path) -> list[ReleaseInfo]:
    """Every complete release in `folder` (a version folder with a readable manifest and source copy),
    oldest first. Staging folders (.VERSION.partial) and anything unreadable are skipped, not fatal:
    one damaged folder must not take the other releases offline."""
    found = []
    for m in folder.glob("*/manifest.json") if folder.is_dir() else []:
        d = m.parent
        try:
            key = parse_version(d.name)
            manifest = json.loads(m.read_text(encoding="utf-8"))
        except (InputError, OSError, ValueError):
            continue
        if not isinstance(manifest, dict) or not (d / "source" / "ontology" / "greentaxo.ttl").is_file():
            continue
        found.append((key, ReleaseInfo(d.name, manifest.get("issued"), manifest.get("previous"), d, manifest)))
    return [info for _, info in sorted(found, key=lambda x: x[0])]


def find_release(folder: Path, version: str) -> ReleaseInfo:
    """The release named `version`; a NotFoundError listing the available ones otherwise. The name is
    only ever compared with folder names read from disk, so it cannot reach outside `folder`."""
    available = list_releases(folder)
    for info in available:
        if info.version == version:
            return info
    have = ", ".join(i.version for i in available) or "none are published here yet"
    raise NotFoundError(f"no release {version!r}; available releases: {have}.")


def load_release(info: ReleaseInfo) -> KnowledgeGraph:
    src = info.folder / "source"
    kg = KnowledgeGraph.from_files(paths.ontology_files(src), src, paths.mapping_files(src))
    _ = kg.taxonomy, kg.codes       # build the indexes now, not inside the first request that needs them
    return kg


class ReleaseCache:
    """At most `size` loaded releases, least recently used dropped first. Thread-safe; a release being
    loaded by one thread is waited for, not loaded twice."""

    def __init__(self, size: int = 2) -> None:
        self.size = max(1, size)
        self._graphs: OrderedDict[tuple[str, str], KnowledgeGraph] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[tuple[str, str], threading.Lock] = {}

    def get(self, folder: Path, version: str) -> KnowledgeGraph:
        info = find_release(folder, version)
        key = (str(info.folder.resolve()), info.version)
        with self._lock:
            if key in self._graphs:
                self._graphs.move_to_end(key)
                return self._graphs[key]
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._graphs:          # another thread loaded it while we waited
                    self._graphs.move_to_end(key)
                    return self._graphs[key]
            kg = load_release(info)
            with self._lock:
                self._graphs[key] = kg
                self._graphs.move_to_end(key)
                while len(self._graphs) > self.size:
                    self._graphs.popitem(last=False)
                self._loading.pop(key, None)
            return kg

    def loaded(self) -> list[str]:
        with self._lock:
            return [v for _, v in self._graphs]
