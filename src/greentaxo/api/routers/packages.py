"""POST /packages: assemble solution packages. A thin layer over greentaxo.packages."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from greentaxo.packages.output import result_to_dict, to_turtle
from greentaxo.packages.service import assemble, weights_from

router = APIRouter()


class WeightsIn(BaseModel):
    size: float = Field(1.0, ge=0, le=100)
    maturity: float = Field(1.0, ge=0, le=100)
    fit: float = Field(1.5, ge=0, le=100)
    optional: float = Field(0.0, ge=0, le=100)
    complement: float = Field(0.1, ge=0, le=100)
    abatement: float = Field(0.0, ge=0, le=100, description="penalty weight for routes without a direct-reduction "
                                                             "carbon mark (√√) in the 2025 Green Finance catalogue")


class PackageRequest(BaseModel):
    scenario: str | None = Field(None, description="Scenario IRI, CURIE (gtx:S001) or notation (S001).")
    functions: list[str] | None = Field(None, description="Functions to cover instead of a scenario (gtx:F014).")
    text: str | None = Field(None, description="A free-text problem, matched to scenario labels first.")
    min_trl: int | None = Field(None, ge=1, le=9)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    max_size: int | None = Field(None, ge=1, le=1000, description="at most this many routes in a package")
    eligible_under: str | None = Field(None, description="gfspc2025, gigc2019 or eutaxonomy")
    k: int = Field(3, ge=0, le=20)
    with_optional: bool = False
    weights: WeightsIn | None = None
    format: str = Field("json", pattern="^(json|turtle)$")


@router.post("/packages", tags=["packages"],
             summary="Best solution package and k alternatives for a scenario, functions or a free-text problem",
             responses={200: {"content": {"application/json": {}, "text/turtle": {}}}})
async def packages(body: PackageRequest, request: Request):
    """200 with the packages, or with `feasible: false` and the explanation when none satisfies the
    constraints; 404/422 (problem+json) for unknown scenarios, routes or bad values."""
    kg = request.app.state.kg
    weights = weights_from(body.weights.model_dump()) if body.weights else None
    # CPU-bound solver work runs off the event loop
    result, matches = await run_in_threadpool(
        assemble, kg, body.scenario, functions=body.functions, text=body.text, min_trl=body.min_trl,
        include=body.include, exclude=body.exclude, max_size=body.max_size, eligible_under=body.eligible_under,
        k=body.k, weights=weights, with_optional=body.with_optional)
    if body.format == "turtle" and result.ok:
        return Response(to_turtle(result), media_type="text/turtle")
    # "no package" is an answer, not an error: feasible is false and `infeasible` names the function
    # and the constraint that removed its last candidate
    return result_to_dict(result, kg, matches)
