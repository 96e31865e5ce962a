"""Errors of the edit store, kept apart from the store so the API can import them without SQLAlchemy.
Each carries its HTTP status; greentaxo.api.problems turns any of them into problem+json."""
from __future__ import annotations

from greentaxo.errors import GreentaxoError, InputError

# change set ids are SQL INTEGER, whose largest value on PostgreSQL is this: a larger id names no change set
# (the API refuses it as a parameter, 422; the store as NotFound, before the database would refuse the query)
MAX_ID = 2**31 - 1


class PreconditionRequired(GreentaxoError):
    """An update sent without If-Match (HTTP 428)."""

    status, title = 428, "Precondition required"

    def __init__(self, message: str = "this update needs an If-Match header with the ETag from your last read of "
                                      "the target (GET it first)") -> None:
        super().__init__(message)


class PreconditionFailed(GreentaxoError):
    """A stale If-Match, or a target changed since the change set was submitted (HTTP 412)."""

    status, title = 412, "Precondition failed"

    def __init__(self, message: str, etags: dict[str, str | None] | None = None) -> None:
        super().__init__(message)
        self.etags = etags or {}

    def problem_extra(self) -> dict:
        return {"current_etags": self.etags}

    def problem_headers(self) -> dict[str, str]:
        # the one target's current ETag, so a client can retry without another read
        values = list(self.etags.values())
        return {"ETag": f'"{values[0]}"'} if len(values) == 1 and values[0] else {}


class ChangeRefused(InputError):
    """The change would break a rule; carries the violations (HTTP 422)."""

    title = "Change refused"

    def __init__(self, message: str, violations: list[dict]) -> None:
        super().__init__(message)
        self.violations = violations

    def problem_extra(self) -> dict:
        return {"violations": self.violations}


class StateConflict(GreentaxoError):
    """The change set is not in a state that allows the action, e.g. approving it twice (HTTP 409)."""

    status, title = 409, "Conflict"


class StoreBusy(GreentaxoError):
    """The store could not take the lock or connection it needs within the busy timeout (HTTP 503): nothing
    was written; the same request can be sent again after Retry-After seconds."""

    status, title = 503, "Edit store busy"
    exit_code = 1

    def __init__(self, message: str, retry_after: int = 2) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))

    def problem_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}
