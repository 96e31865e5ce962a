"""POST /eligibility and /eligibility/batch: the eligibility contract over HTTP (same as the CLI)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from greentaxo.api.batch import BatchAnswer, answer
from greentaxo.api.settings import SETTINGS
from greentaxo.eligibility import evaluate, resolve
from greentaxo.errors import GreentaxoError

router = APIRouter(tags=["eligibility"])


class FactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    metric: str = Field(..., min_length=1, max_length=80, examples=["lifecycle_ghg_intensity"])
    value: float = Field(..., examples=[85])
    unit: str | None = Field(None, max_length=40, examples=["gCO2e/kWh"])


class EligibilityIn(BaseModel):
    """Give exactly one of route, code or text."""
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"examples": [
        {"route": "gtr:R0132", "facts": ["lifecycle_ghg_intensity=420 kgCO2/MWh"]},
        {"text": "光伏电站建设运营"}, {"code": "gbt4754:4416", "as_of": "2026-01-01"}]})
    id: str | None = Field(None, max_length=200)
    route: str | None = Field(None, max_length=300)
    code: str | None = Field(None, max_length=100)
    text: str | None = Field(None, max_length=20_000)
    facts: list[Annotated[str, Field(max_length=200)] | FactIn] = Field(default_factory=list, max_length=50)
    as_of: str | None = Field(None, max_length=10, examples=["2026-01-01"])
    activity: Literal["manufacturing", "operation"] | None = None
    project: Literal["new", "retrofit"] | None = None
    editions: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=60)]] | None = Field(None, max_length=10)
    evidence: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=200)
    catalogues: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=10)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    records: list[EligibilityIn] = Field(..., min_length=1, max_length=SETTINGS.max_batch)


def _run(kg, body: EligibilityIn, classification: dict | None = None) -> dict:
    facts = [f if isinstance(f, str) else f.model_dump() for f in body.facts]
    return evaluate(kg, route=body.route, code=body.code, text=body.text, facts=facts, as_of=body.as_of,
                    editions=body.editions, attested=body.evidence, catalogues=body.catalogues,
                    activity=body.activity, project=body.project, classification=classification)


@router.post("/eligibility", summary="Green-finance verdicts for one route, code or description, per catalogue")
def eligibility(request: Request, body: EligibilityIn) -> dict:
    return _run(request.app.state.kg, body)


@router.post("/eligibility/batch", response_model=BatchAnswer,
             summary="Verdicts for up to GREENTAXO_MAX_BATCH (1000) records; a bad record gets its own error")
def eligibility_batch(request: Request, body: BatchIn) -> dict:
    kg = request.app.state.kg
    # free-text records are classified in one batch, as portfolio screening does
    texts = {n: rec.text.strip() for n, rec in enumerate(body.records) if rec.text and rec.text.strip()
             and not rec.route and not rec.code and len(rec.text) <= resolve.MAX_TEXT}
    answers = dict(zip(texts, resolve.classify_texts(kg, list(texts.values())), strict=True))
    out = []
    for n, rec in enumerate(body.records, start=1):
        rid = rec.id or str(n)        # as /classify/batch: a record without an id is named by its position
        try:
            out.append({"id": rid, **_run(kg, rec, answers.get(n - 1))})
        except GreentaxoError as exc:
            out.append({"id": rid, "error": str(exc)})
    return answer(out)
