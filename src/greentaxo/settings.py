"""The library's settings: the one place the library and the CLI read environment variables.

Deliberately standard library only: the CLI reads these on every start, and pydantic-settings would cost
~0.2 s of its 0.4 s start-up budget (measured with `python -X importtime`). The HTTP API has its own typed
settings (greentaxo.api.settings, pydantic-settings) for the variables only the server uses; every variable
of both is listed in docs/configuration.md. Values are read when asked for, not cached, so a test or an
embedding program that changes the environment is seen.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from greentaxo.errors import InputError

# variable -> (field, what it sets); docs/configuration.md lists the same (a test holds them together)
VARIABLES = {
    "GREENTAXO_HOME": ("home", "the root holding ontology/, mappings/, shapes/, models/ (default: the checkout, "
                               "else the copy installed with the package)"),
    "GREENTAXO_DATA": ("data", "the official tables `greentaxo codes build` reads (default: ../shared/data "
                               "beside the root)"),
    "GREENTAXO_RELEASES": ("releases", "the folder of published releases (default: <root>/releases)"),
}
# the edit store (the server's reviewed edits and assessment panels, and `greentaxo assess`) and the local user
STORE = {
    "GREENTAXO_EDITS_URL": ("edits_url", "SQLAlchemy URL of the edit store, e.g. postgresql+psycopg://user@host/db"),
    "GREENTAXO_EDITS_DB": ("edits_db", "SQLite file of the edit store when no URL is given (default: "
                                       "<root>/.edits/edits.sqlite)"),
    "GREENTAXO_USER": ("user", "who `greentaxo assess` acts as without --by (default: $USER)"),
}
# limits on files given to the library (workbook import, portfolio, score sheets): greentaxo.security.uploads
LIMITS = {
    "GREENTAXO_MAX_UPLOAD_BYTES": ("max_upload_bytes", "largest spreadsheet, CSV or JSONL file read (default 50 MB)"),
    "GREENTAXO_MAX_UNZIPPED_BYTES": ("max_unzipped_bytes", "most bytes an .xlsx may unpack to, from its zip "
                                                           "directory, checked before opening (default 200 MB)"),
    "GREENTAXO_MAX_CELLS": ("max_cells", "most cells read from one spreadsheet or CSV file (default 2,000,000)"),
}


@dataclass(frozen=True)
class Settings:
    home: Path | None = None
    data: Path | None = None
    releases: Path | None = None
    max_upload_bytes: int = 50_000_000
    max_unzipped_bytes: int = 200_000_000
    max_cells: int = 2_000_000
    edits_url: str | None = None
    edits_db: Path | None = None
    user: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict = {field: Path(env[name]) for name, (field, _) in VARIABLES.items() if env.get(name)}
        values.update(edits_url=env.get("GREENTAXO_EDITS_URL") or None, user=env.get("GREENTAXO_USER") or env.get("USER"))
        if env.get("GREENTAXO_EDITS_DB"):
            values["edits_db"] = Path(env["GREENTAXO_EDITS_DB"])
        for name, (field, _) in LIMITS.items():
            if env.get(name):
                text = env[name].replace("_", "").strip()
                if not text.isdigit() or int(text) < 1:
                    raise InputError(f"{name}={env[name]!r} is not a positive whole number; fix or unset it")
                values[field] = int(text)
        return cls(**values)


def current() -> Settings:
    """The settings as the environment gives them now."""
    return Settings.from_env()


# Spark's own variables (not ours, so not in the tables of docs/configuration.md): read and set here so that
# the environment has one home; greentaxo.spark.jobs asks.
def under_spark_submit() -> bool:
    """Whether spark-submit started this driver (it passes the JVM's gateway port, and names the master)."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT"))


def spark_python(executable: str) -> None:
    """Local Spark's Python workers run `executable` unless the user chose one: pyspark reads PYSPARK_PYTHON
    when its context starts."""
    os.environ.setdefault("PYSPARK_PYTHON", executable)
