"""The README's HTTP examples are real: every `curl` shown there is replayed against the app and must print
what the README shows (as curl would: `head -c N` cuts bytes, a cut character is dropped)."""
from __future__ import annotations

import shlex
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.support import ROOT

README = ROOT / "README.md"


def _examples() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    start = text.index("```console", text.index("## The HTTP API"))
    block = text[start + len("```console\n"):text.index("```\n", start + 10)]
    out: list[tuple[str, str]] = []
    for chunk in block.strip("\n").split("\n\n"):
        lines = chunk.splitlines()
        assert lines[0].startswith("$ curl "), f"not a curl example: {lines[0]}"
        out.append((lines[0][2:], "\n".join(lines[1:])))
    return out


def _request(client: TestClient, command: str) -> str:
    cut = None
    if "| head -c " in command:
        command, n = command.split("| head -c ")
        cut = int(n)
    args = shlex.split(command)[1:]
    method, url, headers, data, encoded, as_query = "GET", "", {}, None, [], False
    it = iter(args)
    for a in it:
        if a in ("-s", "-si"):
            continue
        if a == "-sG":
            as_query = True
        elif a == "-X":
            method = next(it)
        elif a == "-H":
            k, v = next(it).split(":", 1)
            headers[k.strip()] = v.strip()
        elif a == "-d":
            value = next(it)
            if as_query:
                encoded.append(tuple(value.split("=", 1)))
            else:
                data = value
        elif a == "--data-urlencode":
            encoded.append(tuple(next(it).split("=", 1)))
        else:
            url = a
    parts = urlsplit("http://" + url)
    params = parse_qsl(parts.query) + (encoded if as_query else [])
    if method == "POST" and encoded and not as_query:
        r = client.post(parts.path, params=params, data=dict(encoded), headers=headers)
    elif method == "POST":
        r = client.post(parts.path, params=params, content=data, headers=headers)
    else:
        r = client.get(parts.path, params=params, headers=headers)
    body = r.content if cut is None else r.content[:cut]
    return body.decode("utf-8", errors="ignore").replace("\r\n", "\n").rstrip("\n")


@pytest.fixture(scope="module")
def client():
    from greentaxo.api.main import app

    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=[c[:60] for c, _ in _examples()])
def test_readme_example_prints_what_the_readme_shows(client, command, shown):
    assert _request(client, command) == shown
