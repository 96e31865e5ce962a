"""The HTTP API's settings: one typed object (pydantic-settings) read from GREENTAXO_* environment variables
when the app is imported. Only the server's own knobs live here (limits, rates, tokens, the export folder);
what the library and the CLI need too (the root, releases, the edit store, file limits) is greentaxo.settings.
docs/configuration.md lists both. A value that does not parse stops the server at start with one line naming the variable,
instead of serving with a silent default.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GREENTAXO_", extra="ignore")

    max_body_bytes: int = Field(2_000_000, ge=1, description="largest request body; larger gets 413")
    max_batch: int = Field(1000, ge=1, description="most records in one /classify/batch or /eligibility/batch")
    sparql_timeout: float = Field(5.0, gt=0, description="seconds a SPARQL query may run; then 503")
    sparql_max_results: int = Field(10_000, ge=1, description="most SPARQL result rows; more is a 422 asking for a LIMIT")
    sparql_services: str = Field("", description="endpoints a SPARQL SERVICE clause may query, IRIs separated by commas; "
                                                 "empty (the default) refuses every SERVICE with 400 (docs/security.md)")
    max_page: int = Field(500, ge=1, description="largest `limit` of /concepts")
    release_cache: int = Field(2, ge=1, description="published releases kept loaded for ?release=")
    # availability under load (docs/operations.md): every wait bounded, every refusal a 503/429 with Retry-After
    threads: int = Field(40, ge=1, le=1000, description="threads serving sync endpoints (edits, SPARQL waits, batches)")
    edits_pool_size: int | None = Field(None, ge=1, description="edit store connections per server process "
                                                                "(default: GREENTAXO_THREADS, so no thread waits for one)")
    edits_busy_timeout: float = Field(30.0, gt=0, description="seconds an edit request waits for a lock or a connection; "
                                                              "then 503 + Retry-After, nothing written")
    sparql_slots: int = Field(2, ge=1, le=64, description="SPARQL queries running at once, each in its own worker process")
    sparql_queue: int = Field(8, ge=0, description="SPARQL queries waiting for a slot; past that, 503 at once")
    max_batches: int = Field(4, ge=1, description="batch requests (/classify/batch, /eligibility/batch) in flight; "
                                                  "past that, 503 + Retry-After before the body is read")
    header_timeout: float = Field(10.0, gt=0, description="seconds a client has to send a request's headers; then 408")
    body_timeout: float = Field(30.0, gt=0, description="seconds the server waits for the next piece of a request body; "
                                                        "then 408")
    keep_alive: int = Field(5, ge=1, description="seconds an idle keep-alive connection stays open")
    edit_tokens: str = Field("", description='bearer tokens, "token:name:role" separated by commas or newlines')
    edit_tokens_file: Path | None = Field(None, description='a file of tokens, one "token name role" per line')
    edits_export_dir: Path | None = Field(None, description="where POST /edits/export writes (default: <root>/.edits/exports)")
    # per client (docs/security.md); "N/second|minute|hour" or "off"; 429 with Retry-After when exceeded
    rate_sparql: str = Field("600/minute", description="SPARQL queries per client")
    rate_batch: str = Field("60/minute", description="POST /classify/batch and /eligibility/batch per client")
    rate_export: str = Field("60/minute", description="GET /export, POST /edits/export, assessment reports per client")
    rate_auth_failures: str = Field("10/minute", description="failed authentications (401) per client; over it, "
                                                             "requests with a token get 429")
    rate_storage: str = Field("memory://", description="where counts are kept (limits library URI, e.g. redis://host "
                                                       "to share them between server processes)")

    @field_validator("rate_sparql", "rate_batch", "rate_export", "rate_auth_failures")
    @classmethod
    def _rate(cls, value: str) -> str:
        from greentaxo.api.ratelimit import parse  # noqa: PLC0415  (the limits library loads with the server only)

        parse(value)          # ValueError: "couldn't parse rate limit string"
        return value

    def rates(self) -> dict[str, str]:
        return {"sparql": self.rate_sparql, "batch": self.rate_batch, "export": self.rate_export,
                "auth_failures": self.rate_auth_failures}

    def allowed_services(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.sparql_services.split(",") if s.strip())


def load() -> ApiSettings:
    try:
        return ApiSettings()
    except ValidationError as exc:
        bad = "; ".join(f"GREENTAXO_{'_'.join(str(x) for x in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"greentaxo: error: a setting does not parse ({bad}); fix or unset it") from None


SETTINGS = load()


def get_settings() -> ApiSettings:
    """FastAPI dependency; tests replace it with app.dependency_overrides or set attributes on SETTINGS."""
    return SETTINGS


Config = Annotated[ApiSettings, Depends(get_settings)]
