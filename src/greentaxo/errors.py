"""Errors a user can act on. Each class knows how it is reported: the CLI prints the message as one line and
exits with `exit_code`; the API answers with problem+json (RFC 9457) of `status` and `title`, with the
`headers` and the members of `problem_extra()` (greentaxo.api.problems)."""
from __future__ import annotations


class GreentaxoError(Exception):
    """Base class: the message is written for the person who ran the command or sent the request."""

    exit_code = 2
    status, title = 422, "Invalid input"
    headers: dict[str, str] = {}        # response headers that go with the problem (e.g. Retry-After)

    def problem_extra(self) -> dict:
        """Members added to the problem+json body (e.g. near matches); none by default."""
        return {}

    def problem_headers(self) -> dict[str, str]:
        return dict(self.headers)


class InputError(GreentaxoError):
    """A file, a row, an argument or a value the user gave is wrong."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        where = source or ""
        if source and line is not None:
            where = f"{source}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.line = line


class NotFoundError(GreentaxoError):
    """An identifier (route, code, scheme) that does not exist; carries near matches."""

    status, title = 404, "Not found"

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message} Did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)

    def problem_extra(self) -> dict:
        return {"near_matches": self.suggestions}
