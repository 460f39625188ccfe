"""What a looked-after child's health record holds, read from an episode's effective events: one
item per event, in the order they happened. Pure: events in, rows' values out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.episode import health

# The kinds of item, and what each carries besides its date.
HEALTH_ASSESSMENT = "health_assessment"  # code: INITIAL or REVIEW
DENTAL_CHECK = "dental_check"
IMMUNISATIONS = "immunisations"  # answer: up to date
DEVELOPMENT_CHECKS = "development_checks"  # answer: up to date
SDQ = "sdq"  # score, or code: why it was not scored
SUBSTANCE_MISUSE = "substance_misuse"
INTERVENTION_OFFERED = "intervention_offered"  # answer: accepted
INTERVENTION_RECEIVED = "intervention_received"
YOUTH_JUSTICE = "youth_justice"  # code: the conviction or caution
INITIAL, REVIEW = "INITIAL", "REVIEW"


@dataclass(frozen=True)
class HealthItem:
    kind: str
    occurred_on: date
    code: str | None = None
    score: int | None = None
    answer: bool | None = None


def health_items(events: Iterable[Any]) -> list[HealthItem]:
    """The health items among the events (already corrected, entries in error left out)."""
    found = [
        (event.occurred_on, event.originator_version, item)
        for event in events
        if (item := _item(event)) is not None
    ]
    return [item for _, _, item in sorted(found, key=lambda f: (f[0], f[1]))]


def _item(event: Any) -> HealthItem | None:
    day = event.occurred_on
    if isinstance(event, health.HealthAssessmentCompleted):
        return HealthItem(HEALTH_ASSESSMENT, day, INITIAL if event.initial else REVIEW)
    if isinstance(event, health.DentalCheckCompleted):
        return HealthItem(DENTAL_CHECK, day)
    if isinstance(event, health.ImmunisationsReviewed):
        return HealthItem(IMMUNISATIONS, day, answer=event.up_to_date)
    if isinstance(event, health.DevelopmentChecksReviewed):
        return HealthItem(DEVELOPMENT_CHECKS, day, answer=event.up_to_date)
    if isinstance(event, health.StrengthsAndDifficultiesRecorded):
        return HealthItem(SDQ, day, event.not_scored_reason, event.score)
    if isinstance(event, health.SubstanceMisuseIdentified):
        return HealthItem(SUBSTANCE_MISUSE, day)
    if isinstance(event, health.SubstanceMisuseInterventionOffered):
        return HealthItem(INTERVENTION_OFFERED, day, answer=event.accepted)
    if isinstance(event, health.SubstanceMisuseInterventionReceived):
        return HealthItem(INTERVENTION_RECEIVED, day)
    if isinstance(event, health.YouthJusticeOutcomeRecorded):
        return HealthItem(YOUTH_JUSTICE, day, event.disposal)
    return None
