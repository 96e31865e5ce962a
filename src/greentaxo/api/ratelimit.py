"""Per-client rate limits: on the expensive endpoints (SPARQL, the batch endpoints, whole-graph and report
exports) and on failed authentication. Over a limit the answer is 429 problem+json with `Retry-After`.

The `limits` library counts (a sliding-window counter per client and class of endpoint, in memory by default;
GREENTAXO_RATE_STORAGE=redis://... shares the counts between server processes). A client is its peer address as
the ASGI server gives it: behind a reverse proxy, run uvicorn with --proxy-headers and
--forwarded-allow-ips=<the proxy> so that address is the real client's. Failed authentication: every 401 to a
request that presented an Authorization header counts against the client; once over
GREENTAXO_RATE_AUTH_FAILURES, any request that carries one gets 429 until the window has passed, so tokens
cannot be guessed at speed (a request without credentials gets its 401 and counts nothing). Limits and their settings:
docs/security.md. Separate from the body-size guard (greentaxo.api.limits) on purpose: that one bounds one
request, this one a client's pace.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import limits
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from greentaxo.api.problems import REF, problem

# class of endpoint -> (methods, path pattern); the limit of each class is the setting rate_<class>
EXPENSIVE = {
    "sparql": ({"GET", "POST"}, re.compile(r"/sparql")),
    "batch": ({"POST"}, re.compile(r"/(classify|eligibility)/batch|/ui/classify/batch|/ui/eligibility/portfolio")),
    "export": ({"GET", "POST"}, re.compile(r"/export|/edits/export|/assessments/[^/]+/report")),
}
AUTH = "auth_failures"


@dataclass(frozen=True)
class Rule:
    name: str
    limit: limits.RateLimitItem | None     # None: this class is not limited ("off")


def parse(text: str) -> limits.RateLimitItem | None:
    """'600/minute', '10 per second', or 'off'; ValueError for anything else."""
    if text.strip().lower() in ("off", "none", "0"):
        return None
    return limits.parse(text)


class Limits:
    """The configured rules and their counts; `configure` replaces both (tests use it with small limits)."""

    def __init__(self, rates: dict[str, str], storage: str = "memory://") -> None:
        self.configure(rates, storage)

    def configure(self, rates: dict[str, str], storage: str = "memory://") -> None:
        self.rules = {name: Rule(name, parse(text)) for name, text in rates.items()}
        try:
            self.storage = storage_from_string(storage)
        except Exception as exc:      # limits' ConfigurationError: unknown scheme or its client library missing
            raise SystemExit(f"greentaxo: error: GREENTAXO_RATE_STORAGE={storage!r} cannot be used ({exc}); "
                             "fix or unset it") from None
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)

    def reset(self) -> None:
        """Forget every count."""
        self.storage.reset()

    def install(self, app) -> None:
        """Add the middleware (outermost) and the 429 answers to the OpenAPI description (after problems.install)."""
        app.add_middleware(RateLimiter, counts=self)
        described = app.openapi
        app.openapi = lambda: document(described())

    def rule(self, method: str, path: str) -> Rule | None:
        for name, (methods, pattern) in EXPENSIVE.items():
            if method in methods and pattern.fullmatch(path):
                rule = self.rules.get(name)
                return rule if rule is not None and rule.limit is not None else None
        return None

    def retry_after(self, rule: Rule, client: str) -> int:
        stats = self.limiter.get_window_stats(rule.limit, rule.name, client)
        return max(1, math.ceil(stats.reset_time - time.time()))


class RateLimiter:
    """ASGI middleware over a Limits."""

    def __init__(self, app, counts: Limits) -> None:
        self.app, self.counts = app, counts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        lim = self.counts
        client = (scope.get("client") or ("unknown", 0))[0]
        auth = lim.rules.get(AUTH)
        if auth is not None and auth.limit is None:
            auth = None
        # only a request that presents credentials can guess them: one without gets its 401 and counts nothing
        credentials = auth is not None and any(k == b"authorization" for k, _ in scope.get("headers") or ())
        if credentials and not lim.limiter.test(auth.limit, AUTH, client):
            return await _refuse(send, lim, auth, client, "too many failed authentications from this client")
        rule = lim.rule(scope["method"], scope["path"])
        if rule is not None and not lim.limiter.hit(rule.limit, rule.name, client):
            return await _refuse(send, lim, rule, client, f"too many {rule.name} requests from this client")
        if not credentials:
            return await self.app(scope, receive, send)

        async def watched(message):
            if message["type"] == "http.response.start" and message["status"] == 401:
                lim.limiter.hit(auth.limit, AUTH, client)
            await send(message)
        return await self.app(scope, receive, watched)


async def _refuse(send, lim: Limits, rule: Rule, client: str, what: str) -> None:
    wait = lim.retry_after(rule, client)
    resp = problem(429, "Too many requests", f"{what} (limit {rule.limit}); retry after {wait} s",
                   headers={"Retry-After": str(wait)})
    await send({"type": "http.response.start", "status": 429, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


def document(schema: dict) -> dict:
    """Add the 429 answer to the OpenAPI description of every limited operation and of those that authenticate."""
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            responses = op.setdefault("responses", {})
            limited = any(method.upper() in m and p.fullmatch(re.sub(r"\{[^/]+\}", "x", path))
                          for m, p in EXPENSIVE.values())
            if limited or "401" in responses:
                responses["429"] = {"description": "Too many requests from this client (expensive endpoint or failed "
                                                   "authentication); see Retry-After", **REF}
    return schema
