"""Entry point: builds the Typer app from the command modules and turns user errors into one line."""
from __future__ import annotations

import importlib
import importlib.util
import sys

import typer

from greentaxo import __version__

# command modules under greentaxo.cli, in help order; each exposes `register(app)`
COMMANDS = ["validate", "show", "tree", "search", "stats", "codes", "mappings", "crosswalk",
            "quality", "classify", "train", "evaluate", "eligibility", "package",
            "export_cmd", "import_cmd", "diff", "impact", "release", "assess"]

app = typer.Typer(
    name="greentaxo", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
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


for _name in COMMANDS:
    if importlib.util.find_spec(f"greentaxo.cli.{_name}") is not None:
        importlib.import_module(f"greentaxo.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    from greentaxo.errors import GreentaxoError

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
    except Exception as exc:  # click usage errors and anything unexpected: one line, never a traceback
        import click

        if isinstance(exc, click.exceptions.UsageError):
            exc.show()
            sys.exit(2)
        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        print(f"greentaxo: internal error: {exc.__class__.__name__}: {exc} (please report this)", file=sys.stderr)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
