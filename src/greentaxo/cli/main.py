"""Entry point: the `greentaxo` command, its subcommands loaded on demand, user errors as one line.

Each subcommand lives in its own module under greentaxo.cli and registers itself with `register(app)`.
COMMANDS lists them (name, module, the one-line help `greentaxo --help` shows); a module is imported only
when its command runs (or shows its help), so a command module imports what it needs at its top and the
start-up of every other command does not pay for it. A misspelt module fails loudly when its command is
used and in tests/cli/test_commands.py, which loads every entry.
"""
from __future__ import annotations

import importlib
import sys

import typer
from typer.core import TyperGroup

from greentaxo import __version__
from greentaxo.errors import GreentaxoError

# name -> (module under greentaxo.cli, one-line help), in the order `greentaxo --help` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "Check routes against the SHACL shapes, and mappings against the routes and code schemes."),
    "show": ("show", "Show one route: labels, definitions, place in the hierarchy, maturity, functions and mappings."),
    "tree": ("tree", "Print the route hierarchy as an indented tree."),
    "search": ("search", "Find routes by label, alternative label or abbreviation."),
    "stats": ("stats", "Counts: concepts, leaves, depth, per domain, mappings per scheme."),
    "codes": ("codes", "External code systems (GB/T 4754, GB/T 13745, finance catalogues, EU Taxonomy, IPC ...)."),
    "mappings": ("mappings", "SSSOM mapping sets: agreement with official tables, coverage."),
    "crosswalk": ("crosswalk", "From a code in one scheme, through the routes mapped to it, to codes of another scheme."),
    "quality": ("quality", "qSKOS and label checks beyond SHACL; each finding names the check, the concept and the fix."),
    "classify": ("classify", "Place achievements in the route taxonomy, with scores, evidence and mapped codes."),
    "train": ("train", "Train the classifier: routes from gold records plus the taxonomy's own text; green / not green "
                       "from real patents."),
    "eval": ("evaluate", "Evaluate the classifier against labelled records."),
    "eligibility": ("eligibility", "Is it green finance? One verdict per catalogue (2025 catalogue, 2019 guidance "
                                   "catalogue, EU Taxonomy)."),
    "package": ("package", "Assemble the best solution package (and k alternatives) for a scenario."),
    "export": ("export_cmd", "Export the sources for editing (xlsx workbook)."),
    "import": ("import_cmd", "Import edited sources (xlsx workbook) back into Turtle and SSSOM."),
    "diff": ("diff", "Concepts added, removed, deprecated, moved, relabelled, redefined; mappings added, removed, "
                     "re-predicated."),
    "impact": ("impact", "Which mapping rows, eligibility verdicts, solution packages and classified records a change "
                         "affects."),
    "release": ("release", "Publish a numbered release: check it, then write its versioned artefacts."),
    "assess": ("assess", "Technology assessment: indicator systems, expert panels, scores, reports, ranking."),
    "edits": ("edits", "The reviewed-edit store: migrate its schema (before serving, or beside running servers)."),
    "serve": ("serve", "Serve the HTTP API, with the edit store migrated first and request timeouts set."),
}


class Commands(TyperGroup):
    """The root group: lists COMMANDS without importing them; imports one when it is asked for."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        sub = typer.Typer(rich_markup_mode=None)
        importlib.import_module(f"greentaxo.cli.{COMMANDS[name][0]}").register(sub)
        return typer.main.get_group(sub).get_command(ctx, name)

    def format_commands(self, ctx, formatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)     # one line each, as click does
        with formatter.section("Commands"):
            formatter.write_dl([(name, _short(text, limit)) for name, (_, text) in COMMANDS.items()])


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3].rsplit(" ", 1)[0] + "..."


app = typer.Typer(
    name="greentaxo", cls=Commands, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    help="Green-technology route taxonomy: validate, browse, search, map to industry/discipline/finance codes.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"greentaxo {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """greentaxo command line."""


def main(argv: list[str] | None = None) -> None:
    try:
        # with standalone_mode off, click returns a command's exit code instead of raising SystemExit
        rc = app(args=argv, standalone_mode=False)
    except GreentaxoError as exc:
        print(f"greentaxo: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("greentaxo: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.TyperException as exc:     # click's usage errors (typer's copy of click): one line, exit 2
        if exc.__class__.__name__ == "NoArgsIsHelpError":       # `greentaxo codes`: the group's help, as asked
            exc.show()
        else:
            print(f"greentaxo: error: {_usage(exc)}", file=sys.stderr)
        sys.exit(getattr(exc, "exit_code", 2))
    except Exception as exc:  # anything unexpected: one line, never a traceback
        print(f"greentaxo: internal error: {exc.__class__.__name__}: {exc} (please report this)", file=sys.stderr)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


def _usage(exc: Exception) -> str:
    """The usage error in one line, with where to read more (`greentaxo classify --help`)."""
    text = " ".join((exc.format_message() if hasattr(exc, "format_message") else str(exc)).split())
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "greentaxo"
    return f"{text} (see {path} --help)"


if __name__ == "__main__":  # pragma: no cover
    main()
