"""The one answer shape of the batch endpoints (/classify/batch, /eligibility/batch): every record's result
in order, a record that could not be handled as {"id", "error"} in its place, and the count of those."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class BatchAnswer(BaseModel):
    results: list[dict[str, Any]] = Field(..., description='one object per record, in order; a bad record is '
                                                           '{"id": ..., "error": "what is wrong"}')
    errors: int = Field(..., description="how many records got an error object")


def answer(results: list[dict]) -> dict:
    return {"results": results, "errors": sum(1 for r in results if "error" in r)}
