"""IPC codes given with a record -> routes, through mappings/ipc.sssom.tsv.

A submitted symbol matches a mapped one when it is the same symbol or lies inside it: a mapped subclass
(H01M) covers every group in it, a mapped main group (H01M10-00 or H01M10) covers its subgroups, and a
mapped subgroup covers the subgroups whose digits extend it (H01M10-05 covers H01M10-0525), which is how
IPC numbers its dot-levels in practice.
"""
from __future__ import annotations

import numpy as np

from greentaxo.classify.base import Backend, BackendResult, Entries
from greentaxo.classify.document import Document


def _split(code: str) -> tuple[str, str, str]:
    sub, _, rest = code.partition("-")
    head, group = sub[:4], sub[4:]
    return head, group, rest


def covers(mapped: str, given: str) -> bool:
    mh, mg, ms = _split(mapped)
    gh, gg, gs = _split(given)
    if mh != gh:
        return False
    if not mg:
        return True
    if mg != gg:
        return False
    if not ms or set(ms) == {"0"}:
        return True
    return gs.startswith(ms)


class IpcBackend(Backend):
    name = "ipc"

    def __init__(self, routes) -> None:
        super().__init__(routes)
        self._by_head: dict[str, list[tuple[str, int, float]]] = {}
        for code, col, conf in routes.ipc_rows:
            self._by_head.setdefault(code[:4], []).append((code, col, conf))

    def _suggest(self, docs: list[Document]) -> BackendResult:
        best: dict[tuple[int, int], float] = {}
        for d, doc in enumerate(docs):
            for given in doc.ipc:
                for code, col, conf in self._by_head.get(given[:4], ()):
                    if covers(code, given) and conf > best.get((d, col), 0.0):
                        best[(d, col)] = conf
        rows = np.array([d for d, _ in best], dtype=np.int64)
        cols = np.array([c for _, c in best], dtype=np.int64)
        return BackendResult({}, [{} for _ in docs],
                             Entries(rows, cols, {"ipc": np.array(list(best.values()), dtype=np.float32)}))
