"""Errors become HTTP once: every library error class carries its status and title, and the one handler turns
each into problem+json with its extra members and headers."""
from __future__ import annotations

import asyncio
import importlib
import json
import pkgutil
from concurrent.futures import ThreadPoolExecutor

import pytest

import greentaxo
from greentaxo.api.problems import _library_error
from greentaxo.edits.auth import Unauthorized
from greentaxo.edits.errors import ChangeRefused, PreconditionFailed, PreconditionRequired
from greentaxo.errors import GreentaxoError, NotFoundError
from greentaxo.sparql import QueryTimeout


def _all_error_classes() -> set[type]:
    for mod in pkgutil.walk_packages(greentaxo.__path__, "greentaxo."):
        importlib.import_module(mod.name)
    seen, todo = set(), [GreentaxoError]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        todo += cls.__subclasses__()
    return seen


def test_every_error_class_has_a_status_and_a_title():
    for cls in _all_error_classes():
        assert isinstance(cls.status, int) and 400 <= cls.status < 600, cls
        assert isinstance(cls.title, str) and cls.title, cls


@pytest.mark.parametrize("exc, status, title, headers, extra", [
    (NotFoundError("no route 'x'.", ["R0001"]), 404, "Not found", {}, {"near_matches": ["R0001"]}),
    (QueryTimeout("too slow"), 503, "Query timed out", {"retry-after": "5"}, {}),
    (Unauthorized("no token"), 401, "Unauthorized", {"www-authenticate": 'Bearer realm="greentaxo-edits"'}, {}),
    (PreconditionRequired(), 428, "Precondition required", {}, {}),
    (PreconditionFailed("stale", {"https://w3id.org/greentaxo/route/R0102": "abc"}), 412, "Precondition failed",
     {"etag": '"abc"'}, {"current_etags": {"https://w3id.org/greentaxo/route/R0102": "abc"}}),
    (ChangeRefused("breaks a rule", [{"check": "X"}]), 422, "Change refused", {}, {"violations": [{"check": "X"}]}),
])
def test_one_handler_for_all(exc, status, title, headers, extra):
    # in a thread of its own: a browser test earlier in this worker may leave an event loop running here
    with ThreadPoolExecutor(1) as pool:
        resp = pool.submit(asyncio.run, _library_error(None, exc)).result()
    body = json.loads(resp.body)
    assert resp.status_code == status and resp.media_type == "application/problem+json"
    assert body == {"type": "about:blank", "title": title, "status": status, "detail": str(exc), **extra}
    assert {k: v for k, v in resp.headers.items() if k in headers} == headers
