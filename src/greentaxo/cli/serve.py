"""`greentaxo serve`: the HTTP API, with the edit store migrated before any worker serves (docs/operations.md)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
              port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
              workers: int = typer.Option(1, "--workers", min=1, max=64,
                                          help="Server processes (each holds the graph and its SPARQL workers).")) -> None:
        """Serve the HTTP API, with the edit store migrated first and request timeouts set. Runs uvicorn with the
        limits and timeouts of docs/operations.md."""
        # the one CLI module that loads the server, and only when run (the CLI's start-up stays free of FastAPI)
        from greentaxo.api.serving import prepare, run  # noqa: PLC0415  (heavy: FastAPI, uvicorn)

        done = prepare()
        if done:
            typer.echo(done, err=True)
        run(host, port, workers)
