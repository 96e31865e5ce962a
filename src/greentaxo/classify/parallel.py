"""Parallel bulk classification with a bounded window of batches in flight (constant memory, in order).

Each worker process loads the graph and the model once (about a second), so workers only pay off for
large inputs; one process already does thousands of records a second.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from greentaxo.classify import load_classifier

_CLF = None


def _init(model: str | None) -> None:
    global _CLF
    _CLF = load_classifier(model=model)


def _run(batch: list[tuple[str, object]], kw: dict) -> list[dict]:
    return list(_CLF.classify_records(batch, **kw))


def classify_parallel(records: Iterable[tuple[str, object]], workers: int, model: str | None, kw: dict,
                      batch: int = 256) -> Iterator[dict]:
    it = iter(records)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(model,)) as pool:
        window: deque = deque()
        while True:
            while len(window) < workers * 2:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                window.append(pool.submit(_run, chunk, kw))
            if not window:
                return
            yield from window.popleft().result()
