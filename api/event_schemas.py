"""`/schemas/events`: the published JSON Schema of every case event as it travels on Kafka, for
whoever writes a consumer. Open to anyone, like the OpenAPI document: a schema says what shape
an event has and which codes it may carry, never anything recorded about a child."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.problems import not_found
from consumers.event_schema import published

router = APIRouter(prefix="/schemas/events", tags=["event schemas"])
# A document changes only with a release of Casetrail (a new shape is a new version).
CACHEABLE = {"Cache-Control": "public, max-age=3600"}


class SchemaResponse(JSONResponse):
    media_type = "application/schema+json"


@router.get("", summary="List the event schemas")
def list_event_schemas() -> dict[str, Any]:
    """How events travel on Kafka (key, headers, value) and every event type and version."""
    return published().index


@router.get(
    "/{event_type}/{version}",
    summary="Get the JSON Schema of one event type at one version",
    response_class=SchemaResponse,
    responses={
        200: {"description": "a JSON Schema (2020-12) document"},
        404: {"description": "no such event type or version"},
    },
)
def get_event_schema(event_type: str, version: int) -> JSONResponse:
    """The document describing the message value of `event_type` stored at `version`."""
    document = published().documents.get((event_type, version))
    if document is None:
        return not_found()
    return SchemaResponse(document, headers=CACHEABLE)
