"""POST /classify and /classify/batch: the library's classifier behind HTTP (same contract as the CLI)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from greentaxo.api.batch import BatchAnswer, answer
from greentaxo.api.settings import SETTINGS
from greentaxo.classify import load_classifier
from greentaxo.classify.classifier import Classifier

router = APIRouter(tags=["classify"])

TopK = Annotated[int, Query(ge=1, le=50, description="at most this many routes per record")]


class Record(BaseModel):
    # other keys pass through unread, so that a record whose text sits under one ("text") is told which (from_record)
    model_config = ConfigDict(extra="allow")

    id: str | int | None = Field(None, description="Your identifier, echoed back")
    title: str = Field("", max_length=100_000)
    abstract: str = Field("", max_length=100_000)
    keywords: list[str] | str | None = None
    ipc: list[str] | str | None = Field(None, description="IPC symbols, e.g. H01M10/0525")
    lang: str | None = Field(None, pattern="^(zh|en|mixed)$")


class Batch(BaseModel):
    records: list[Any] = Field(..., min_length=1, max_length=SETTINGS.max_batch,
                               description="Records as for /classify (at most GREENTAXO_MAX_BATCH); a bad one gets "
                                           "an error object, the rest go on")


def _classifier(request: Request) -> Classifier:
    """The classifier the app loaded at start-up; loaded here only if that failed or was skipped."""
    clf = getattr(request.app.state, "classifier", None)
    return clf if clf is not None else load_classifier(request.app.state.kg)


@router.post("/classify", summary="Classify one achievement into routes, with evidence and mapped codes")
async def classify(request: Request, record: Record, top_k: TopK = 5, include_ancestors: bool = False,
                   explain: bool = False) -> dict:
    clf = _classifier(request)
    rec = record.model_dump(exclude_none=True)
    rec.setdefault("id", "1")
    # one record takes ~3 ms of CPU: cheaper inline than a thread hop (which costs more in GIL hand-offs);
    # batches, which can take seconds, go to the thread pool
    return clf.classify(rec, top_k=top_k, include_ancestors=include_ancestors, explain=explain)


@router.post("/classify/batch", summary="Classify up to GREENTAXO_MAX_BATCH (1000) records; per-record errors",
             response_model=BatchAnswer)
async def classify_batch(request: Request, batch: Batch, top_k: TopK = 5, explain: bool = False) -> dict:
    clf = _classifier(request)
    pairs = [(str(i + 1), r) for i, r in enumerate(batch.records)]
    return answer(await run_in_threadpool(lambda: list(clf.classify_records(pairs, top_k=top_k, explain=explain))))
