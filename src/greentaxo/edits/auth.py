"""Bearer tokens and roles for the edit API.

Tokens come from a text of "token:name:role" entries separated by commas or newlines and/or a file of one
"token name role" per line ('#' comments); the server takes them from GREENTAXO_EDIT_TOKENS and
GREENTAXO_EDIT_TOKENS_FILE (greentaxo.api.settings). Only a
SHA-256 of each token is kept in memory, and tokens are compared in constant time, so neither a memory
dump nor response timing gives a token away. Roles are ranked: admin > reviewer > editor.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from greentaxo.errors import GreentaxoError, InputError

ROLES = ("editor", "reviewer", "admin")
RANK = {r: i for i, r in enumerate(ROLES)}


class Unauthorized(GreentaxoError):
    """No token or an unknown token (HTTP 401)."""

    status, title, headers = 401, "Unauthorized", {"WWW-Authenticate": 'Bearer realm="greentaxo-edits"'}


class Forbidden(GreentaxoError):
    """A known user whose role does not allow the action (HTTP 403)."""

    status, title = 403, "Forbidden"


@dataclass(frozen=True)
class Principal:
    name: str
    role: str

    def at_least(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def parse_tokens(env_value: str = "", file_text: str = "", file_name: str = "") -> dict[bytes, Principal]:
    """Token digest -> principal; a malformed entry is an InputError naming where it is."""
    out: dict[bytes, Principal] = {}
    entries = [(f"GREENTAXO_EDIT_TOKENS entry {i}", e.strip().split(":"))
               for i, e in enumerate(env_value.replace("\n", ",").split(","), start=1) if e.strip()]
    entries += [(f"{file_name}:{i}", ln.split()) for i, ln in enumerate(file_text.splitlines(), start=1)
                if ln.strip() and not ln.lstrip().startswith("#")]
    for where, parts in entries:
        if len(parts) != 3 or not all(parts):
            raise InputError("a token entry needs three parts: token, user name, role", source=where)
        token, name, role = parts
        if role not in ROLES:
            raise InputError(f"role {role!r} unknown; use one of {', '.join(ROLES)}", source=where)
        if len(token) < 16:
            raise InputError("token is shorter than 16 characters; use a long random string", source=where)
        out[_digest(token)] = Principal(name, role)
    return out


_CACHE: dict[tuple, dict[bytes, Principal]] = {}


def configured_tokens(env: str = "", file: str | os.PathLike[str] | None = None) -> dict[bytes, Principal]:
    """The tokens of `env` (the GREENTAXO_EDIT_TOKENS form) and of the token `file`; parsed again only when
    either changes (the file by its modification time), so a token file can be edited while serving."""
    fname = str(file or "")
    text, mtime = "", 0.0
    if fname:
        path = Path(fname)
        if not path.is_file():
            raise InputError("token file not found", source=fname)
        mtime = path.stat().st_mtime
        text = path.read_text(encoding="utf-8")
    key = (env, fname, mtime)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = parse_tokens(env, text, fname)
    return _CACHE[key]


def authenticate(authorization: str | None, tokens: dict[bytes, Principal]) -> Principal:
    """The user behind an `Authorization: Bearer <token>` header."""
    if not authorization:
        raise Unauthorized("this endpoint needs an 'Authorization: Bearer <token>' header")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must read 'Bearer <token>'")
    digest = _digest(token.strip())
    found = None
    for known, principal in tokens.items():     # compare against every entry: no early exit to time
        if hmac.compare_digest(known, digest):
            found = principal
    if found is None:
        raise Unauthorized("unknown token; ask an administrator for one")
    return found


def require(principal: Principal, role: str) -> Principal:
    if not principal.at_least(role):
        raise Forbidden(f"user {principal.name!r} has role {principal.role!r}; this action needs {role} or above")
    return principal
