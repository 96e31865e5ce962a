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

# variable -> (field, what it sets); docs/configuration.md lists the same (a test holds them together)
VARIABLES = {
    "GREENTAXO_HOME": ("home", "the root holding ontology/, mappings/, shapes/, models/ (default: the checkout, "
                               "else the copy installed with the package)"),
    "GREENTAXO_DATA": ("data", "the official tables `greentaxo codes build` reads (default: ../shared/data "
                               "beside the root)"),
    "GREENTAXO_RELEASES": ("releases", "the folder of published releases (default: <root>/releases)"),
}


@dataclass(frozen=True)
class Settings:
    home: Path | None = None
    data: Path | None = None
    releases: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(**{field: Path(env[name]) for name, (field, _) in VARIABLES.items() if env.get(name)})


def current() -> Settings:
    """The settings as the environment gives them now."""
    return Settings.from_env()
