"""Request models for every command, made from the domain's own command signatures, so that the
API can never drift from the domain: one small model per command, with examples."""

import inspect
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, create_model

from domain.envelope import as_occurred_at
from domain.errors import InvalidValue

# Realistic, synthetic example values by parameter name (they appear in the OpenAPI document).
EXAMPLES: dict[str, Any] = {
    "occurred_at": "2026-11-20T14:30:00Z",
    "child_seen": True,
    "seen_alone": True,
    "statutory": True,
    "note": "Seen at home after school; talked about her new class.",
    "decision": "ASSESSMENT",
    "rationale": "Concerns about neglect need assessing.",
    "source": "2A",
    "concern": "Arrives at school hungry and unwashed.",
    "primary_need": "N1",
    "closure_reason": "RC8",
    "category": "NEG",
    "plan": True,
    "agencies_invited": ["HEALTH", "POLICE", "EDUCATION"],
    "agencies_present": ["HEALTH", "POLICE"],
    "factors": ["2A", "3A"],
    "outcome": "CIN_PLAN",
    "legal_status": "C2",
    "placement_type": "U4",
    "visit_regime": "E14",
    "intended_until_18": False,
    "change_reason": "CARPL",
    "placement_provider": "PR1",
    "placement_postcode": "TW2 7EA",
    "home_postcode": "TW9 3HQ",
    "placement_urn": "SC404040",
    "previous_permanence": "P2",
    "previous_permanence_authority": "318",
    "previous_permanence_on": "2019-06-03",
    "ceased_reason": "E4B",
    "participation": "PN1",
    "agency": "POLICE",
    "direction": "Visit weekly until the core group.",
    "rule": "E3",
    "new_due": "2026-12-18",
    "approved_by": "TM-0001",
    "reason": "Interpreter not available until next week.",
    "version": 4,
    "changes": {"seen_alone": False},
    "start_section47": True,
    "conference_needed": True,
    "la_child_id": "DEMO0001",
    "given_name": "Amy",
    "family_name": "Smith",
    "sex": "F",
    "ethnicity": "WBRI",
    "date_of_birth": "2016-04-02",
    "disabilities": ["NONE"],
    "address": "14 Alder Close, Demoton, DM1 4AB",
    "name": "Dean Marsh",
    "relationship": "mother's partner",
    "checks_made": False,
    "parental_responsibility": False,
    "kind": "STAFF",
    "named_people": ["TM-0001"],
    "staff_id": "SW-0001",
    "fte": 1.0,
    "employment": "EMPLOYED",
    "role": "SOCIAL_WORKER",
    "registration_number": "SW123456",
    "code": "NORTH",
    "information": "School attendance records; GP letter.",
    "returned_on": "2026-11-21",
    "expected_back": "2026-12-01",
    "incident": "Serious injury to a child known to services.",
    "initial": False,
    "up_to_date": True,
    "score": 14,
    "not_scored_reason": "SDQ2",
    "accepted": True,
    "disposal": "YOUTH_CAUTION",
    "uasc_ceased_reason": "REUNITED",
    "activity": "F5",
    "accommodation": "U",
    "accommodation_suitable": True,
    "adopters": 2,
    "adopters_sex": "MF",
    "adopters_legal_status": "L11",
    "foster_carers": False,
    "reason_code": "RD1",
}

SKIP = {"self", "id", "child_id"}


class CommandBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expected_version: int | None = Field(
        None, ge=1, description="the version you saw; a stale one is refused with 409"
    )

    def facts(self) -> dict[str, Any]:
        """The command's arguments as the domain takes them."""
        facts = self.model_dump(exclude={"expected_version"})
        for name, value in facts.items():
            if name in ("occurred_at",) and isinstance(value, date):
                facts[name] = as_occurred_at(value, name)
            if name == "changes" and isinstance(value, dict) and "occurred_at" in value:
                value["occurred_at"] = _moment(value["occurred_at"])
        return facts


def model_for(name: str, method: Callable[..., Any], skip: set[str] = SKIP) -> type[CommandBody]:
    """A request model from a domain method's signature (types, defaults, examples)."""
    hints = typing.get_type_hints(method)
    fields: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.name in skip or parameter.kind is parameter.VAR_KEYWORD:
            continue
        hint = _wire_type(hints.get(parameter.name, Any))
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        example = EXAMPLES.get(parameter.name)
        fields[parameter.name] = (
            hint,
            Field(default, examples=[example] if example is not None else None),
        )
    title = "".join(part.capitalize() for part in name.split("_"))
    model: type[CommandBody] = create_model(
        f"{title}Request", __base__=CommandBody, __doc__=_summary(method), **fields
    )
    return model


# The moments an event may be given as: far from datetime's own limits, where placing a moment on
# the calendar of England and Wales overflows (a 500); outside them a request is refused (422).
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def _wire_type(hint: Any) -> Any:
    # A date is enough for most events; a time may be given, with its offset.
    if hint is datetime:
        first = datetime.combine(EARLIEST, time.min, UTC)
        last = datetime.combine(LATEST, time.max, UTC)
        return (
            Annotated[AwareDatetime, Field(ge=first, le=last)]
            | Annotated[date, Field(ge=EARLIEST, le=LATEST)]
        )
    return hint


def _moment(value: Any) -> Any:
    if isinstance(value, str):
        try:
            moment: date = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                moment = date.fromisoformat(value)
            except ValueError:
                return value
        day = moment.date() if isinstance(moment, datetime) else moment
        if not EARLIEST <= day <= LATEST:
            raise InvalidValue(
                "changes.occurred_at", f"give a moment between {EARLIEST} and {LATEST}"
            )
        return as_occurred_at(moment)
    return value


def _summary(method: Callable[..., Any]) -> str:
    doc = inspect.getdoc(method) or ""
    return doc.split("\n\n")[0]
