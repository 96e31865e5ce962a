"""Objects the app opens on first use (the edit store, the assessment store) and keeps on app.state."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from fastapi import FastAPI, Request

T = TypeVar("T")
_LOCK = threading.Lock()


def once(owner: Request | FastAPI, name: str, factory: Callable[[], T]) -> T:
    """app.state.<name>, made by `factory` the first time (under a lock, so concurrent first requests make one);
    a test may set it beforehand. `owner` is a request, or the app itself (the lifespan opens stores early)."""
    state = getattr(owner, "app", owner).state
    value = getattr(state, name, None)
    if value is None:
        with _LOCK:
            value = getattr(state, name, None)
            if value is None:
                value = factory()
                setattr(state, name, value)
    return value
