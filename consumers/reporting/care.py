"""Periods of care read from an episode's effective events, and the SSDA903 episodes of each: a
new episode whenever the legal status or the placement changes, with the reason it began (RNE)
and the reason it ended (REC), and the details of the placement (provider, postcodes, Ofsted
URN). Pure: events in, rows' values out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from domain.episode.looked_after import (
    BecameLookedAfter,
    CeasedToBeLookedAfter,
    LegalStatusChanged,
    LookedAfterReviewHeld,
    MissingEpisodeRecorded,
    PlacementChanged,
)

# RNE: what started a new SSDA903 episode (U and B, "the same carer", are not told apart here).
STARTED = "S"
LEGAL_STATUS_CHANGED = "L"
PLACEMENT_CHANGED = "P"
BOTH_CHANGED = "T"
# REC of an episode followed by another in the same period of care.
CONTINUES = "X1"


@dataclass(frozen=True)
class PlacementSpell:
    """One placement. Its details are None where they were not recorded; the child's home
    postcode, where a move does not give it, is the one before (see `placement_spells`)."""

    started_on: date
    placement_type: str
    change_reason: str | None  # None for the first placement of a period
    ended_on: date | None = None
    provider: str | None = None
    postcode: str | None = None
    urn: str | None = None
    home_postcode: str | None = None


@dataclass
class CarePeriod:
    started_on: date
    legal_statuses: list[tuple[date, str]]
    placements: list[PlacementSpell]
    ceased_on: date | None = None
    ceased_reason: str | None = None
    # Any permanence arrangement the child had before (None: not recorded).
    previous_permanence: str | None = None
    previous_permanence_authority: str | None = None
    previous_permanence_on: date | None = None


@dataclass(frozen=True)
class CareEpisode:
    """One SSDA903 episode: DECOM, RNE, LS, PLACE, DEC, REC and REASON_PLACE_CHANGE, and the
    placement's PLACE_PROVIDER, HOME_POST, PL_POST and URN."""

    started_on: date
    new_episode_reason: str
    legal_status: str
    placement_type: str
    ended_on: date | None
    ended_reason: str | None
    placement_change_reason: str | None
    placement_provider: str | None = None
    placement_postcode: str | None = None
    home_postcode: str | None = None
    urn: str | None = None


@dataclass
class CareHistory:
    periods: list[CarePeriod] = field(default_factory=list)
    reviews: list[tuple[date, str]] = field(default_factory=list)
    missing: list[tuple[date, date | None]] = field(default_factory=list)


def care_history(events: Iterable[Any]) -> CareHistory:
    """Fold the looked-after events (already corrected, entries in error left out)."""
    history = CareHistory()
    for event in events:
        if isinstance(event, BecameLookedAfter):
            history.periods.append(CarePeriod(
                started_on=event.occurred_on,
                legal_statuses=[(event.occurred_on, event.legal_status)],
                placements=[_spell(event, None)],
                previous_permanence=event.previous_permanence,
                previous_permanence_authority=event.previous_permanence_authority,
                previous_permanence_on=event.previous_permanence_on,
            ))
            continue
        period = _current(history)
        if period is None:
            continue  # as the domain's own fold: nothing to change outside a period of care
        if isinstance(event, LegalStatusChanged):
            period.legal_statuses.append((event.occurred_on, event.legal_status))
        elif isinstance(event, PlacementChanged):
            period.placements.append(_spell(event, event.change_reason))
        elif isinstance(event, LookedAfterReviewHeld):
            history.reviews.append((event.occurred_on, event.participation))
        elif isinstance(event, MissingEpisodeRecorded):
            history.missing.append((event.occurred_on, event.returned_on))
        elif isinstance(event, CeasedToBeLookedAfter):
            period.ceased_on, period.ceased_reason = event.occurred_on, event.ceased_reason
    return history


def placement_spells(period: CarePeriod) -> list[PlacementSpell]:
    """The period's placements in date order, each ended by the next or by leaving care, and
    each with the child's home postcode: as given, or else the one before."""
    ordered = sorted(period.placements, key=lambda p: p.started_on)
    ends = [p.started_on for p in ordered[1:]] + [period.ceased_on]
    spells: list[PlacementSpell] = []
    for placement, end in zip(ordered, ends, strict=True):
        home = placement.home_postcode or (spells[-1].home_postcode if spells else None)
        spells.append(replace(placement, ended_on=end, home_postcode=home))
    return spells


def care_episodes(period: CarePeriod) -> list[CareEpisode]:
    """The SSDA903 episodes of one period of care, in date order."""
    statuses = sorted(period.legal_statuses, key=lambda s: s[0])
    placements = placement_spells(period)
    days = sorted({day for day, _ in statuses} | {p.started_on for p in placements})
    starts: list[tuple[date, str, str, PlacementSpell, str | None]] = []
    for day in days:
        status = [code for on, code in statuses if on <= day][-1]
        placement = [p for p in placements if p.started_on <= day][-1]
        if not starts:
            starts.append((day, STARTED, status, placement, None))
            continue
        moved = placement.started_on == day
        status_changed = status != starts[-1][2]
        if not (moved or status_changed):
            continue  # the same status recorded again: no new episode
        reason = (BOTH_CHANGED if moved and status_changed
                  else PLACEMENT_CHANGED if moved else LEGAL_STATUS_CHANGED)
        starts.append((day, reason, status, placement,
                       placement.change_reason if moved else None))
    episodes = []
    for index, (day, reason, status, place, _) in enumerate(starts):
        ended_on: date | None = period.ceased_on
        ended_reason: str | None = period.ceased_reason
        change: str | None = None
        if index + 1 < len(starts):
            following = starts[index + 1]
            ended_on, ended_reason, change = following[0], CONTINUES, following[4]
        episodes.append(CareEpisode(
            day, reason, status, place.placement_type, ended_on, ended_reason, change,
            place.provider, place.postcode, place.home_postcode, place.urn,
        ))
    return episodes


def _spell(event: BecameLookedAfter | PlacementChanged, change: str | None) -> PlacementSpell:
    return PlacementSpell(
        event.occurred_on, event.placement_type, change, provider=event.placement_provider,
        postcode=event.placement_postcode, urn=event.placement_urn,
        home_postcode=event.home_postcode,
    )


def _current(history: CareHistory) -> CarePeriod | None:
    if history.periods and history.periods[-1].ceased_on is None:
        return history.periods[-1]
    return None
