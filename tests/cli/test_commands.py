"""The CLI as a user runs it: real output, one-line errors, exit codes, never a traceback."""
from __future__ import annotations

import json

import pytest
import typer

from greentaxo.cli.main import COMMANDS, app
from tests.support import run_cli


def test_help_lists_commands():
    r = run_cli("--help")
    assert r.returncode == 0
    for cmd in COMMANDS:
        assert f"  {cmd} " in r.stdout


def test_every_listed_command_loads_and_its_help_matches_the_list():
    """COMMANDS is the registry: each entry's module exists and registers that command, and the one-line help
    `greentaxo --help` shows is the start of the command's own help."""
    root = typer.main.get_group(app)
    for name, (_module, text) in COMMANDS.items():
        cmd = root.get_command(None, name)
        assert cmd is not None and cmd.name == name, name
        assert " ".join((cmd.help or "").split()).startswith(text), (name, cmd.help)


@pytest.mark.parametrize("args, words", [
    (("classify", "--top-k", "0", "text"), "--top-k"),
    (("search", "钒", "--lang", "fr"), "--lang"),
    (("tree", "--depth", "-1"), "--depth"),
    (("show", "gtr:R0312", "--format", "yaml"), "--format"),
    (("no-such-command",), "no-such-command"),
])
def test_usage_errors_are_one_line_exit_2(args, words):
    r = run_cli(*args)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and words in r.stderr and "internal error" not in r.stderr


def test_show_text_and_json(kg):
    leaf = kg.taxonomy.leaves()[0]
    r = run_cli("show", leaf.notation)
    assert r.returncode == 0 and leaf.pref["zh"] in r.stdout and "gbt4754-2017" in r.stdout
    d = json.loads(run_cli("show", leaf.curie, "--format", "json").stdout)
    assert d["id"] == leaf.iri and d["mappings"]


def test_tree_languages(kg):
    top = kg.taxonomy.top_concepts()[0]
    zh = run_cli("tree", top.notation, "--depth", "1")
    en = run_cli("tree", top.notation, "--lang", "en", "--depth", "1")
    assert top.pref["zh"] in zh.stdout and top.pref["en"] in en.stdout
    assert len(zh.stdout.splitlines()) == 1 + len(kg.taxonomy.children(top.iri))


def test_search_and_stats():
    r = run_cli("search", "储能")
    assert r.returncode == 0 and "储能" in r.stdout
    s = json.loads(run_cli("stats", "--format", "json").stdout)
    assert s["concepts"] >= 300 and "gfspc2025" in s["mapping_rows"]


def test_validate_bundle_conforms():
    r = run_cli("validate")
    assert r.returncode == 0, r.stdout[-3000:]
    assert "conforms" in r.stdout


def test_validate_reports_violation_with_exit_1(tmp_path):
    from tests.support import MINI

    bad = tmp_path / "bad.ttl"
    bad.write_text(MINI.replace('"测试叶路线"@zh, ', ""), encoding="utf-8")
    r = run_cli("validate", str(bad), "--format", "json")
    assert r.returncode == 1
    d = json.loads(r.stdout)
    assert not d["conforms"] and any(f["check"] == "TAX-PREFLABEL-ZH" for f in d["findings"])


def _one_line_error(r, *words):
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_bad_inputs_give_one_line_errors(tmp_path):
    malformed = tmp_path / "broken.ttl"
    malformed.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n<a> skos:prefLabel \"x\" \n<b> <c> .\n",
                         encoding="utf-8")
    _one_line_error(run_cli("validate", str(malformed)), "broken.ttl:", "malformed Turtle")
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    _one_line_error(run_cli("validate", str(empty)), "empty.ttl", "empty")
    _one_line_error(run_cli("validate", str(tmp_path / "missing.ttl")), "missing.ttl", "not found")
    binary = tmp_path / "bin.ttl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    _one_line_error(run_cli("validate", str(binary)), "bin.ttl", "UTF-8")
    _one_line_error(run_cli("show", "gtr:R9999"), "no route", "R9999")
    _one_line_error(run_cli("show", "99.99"), "99.99")
    _one_line_error(run_cli("tree", "nonsense"), "nonsense")


def test_validate_a_folder(tmp_path):
    r = run_cli("validate", "ontology/routes")
    assert r.returncode == 0 and "conforms" in r.stdout
    _one_line_error(run_cli("validate", str(tmp_path)), "no .ttl files")
