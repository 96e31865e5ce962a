"""Errors a user can act on. The CLI prints them as one line; the API turns them into problem+json."""
from __future__ import annotations


class GreentaxoError(Exception):
    """Base class: the message is written for the person who ran the command."""

    exit_code = 2


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

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message} Did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)
