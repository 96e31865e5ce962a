"""Errors of the edit store, kept apart from the store so the API can import them without SQLAlchemy."""
from __future__ import annotations

from greentaxo.errors import GreentaxoError, InputError


class PreconditionFailed(GreentaxoError):
    """A stale If-Match, or a target changed since the change set was submitted (HTTP 412)."""

    def __init__(self, message: str, etags: dict[str, str | None] | None = None) -> None:
        super().__init__(message)
        self.etags = etags or {}


class ChangeRefused(InputError):
    """The change would break a rule; carries the violations (HTTP 422)."""

    def __init__(self, message: str, violations: list[dict]) -> None:
        super().__init__(message)
        self.violations = violations


class StateConflict(GreentaxoError):
    """The change set is not in a state that allows the action, e.g. approving it twice (HTTP 409)."""
