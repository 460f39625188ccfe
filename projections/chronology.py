"""Pure: a child's chronology from the events of their records, for reviewers and practitioners.

Each entry is one stored event with both clocks (when it happened, when it was recorded, and the
lag between), who recorded it and for whom, why, and its facts in plain words. Corrections and
strikes ("entered in error") are entries of their own that name the entry they change; the entry
they change is marked with them, and in the ordered chronology they follow it.

Who sees what (api/chronology.py decides who may see a chronology at all):
- everyone shown a chronology sees every entry, struck ones included and marked, and the facts of
  each entry as they now stand (corrections applied);
- auditors also see the content of struck entries and the values corrections replaced; for
  practitioners and managers a struck entry keeps its marks but not its content, which may be
  about another child (an entry made on the wrong record).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import codes
from domain.access import OUTCOMES, RecordAccess
from domain.envelope import LONDON, local_date
from domain.record import ENVELOPE_FIELDS, CaseEvent, EventCorrected, EventEnteredInError, corrected
from projections.event_log import Logged

# The kind of each event, by class name (subclasses take their parent's kind).
KINDS: Mapping[str, str] = {
    **dict.fromkeys(("ChildRegistered", "ChildBorn", "ChildKnownByNewName", "IdentifiersRecorded",
                     "CharacteristicsRecorded", "ChildMoved", "ChildDied", "BabyBorn",
                     "UnaccompaniedAsylumSeekingRecorded", "UnaccompaniedAsylumSeekingCeased"),
                    "child"),
    **dict.fromkeys(("RelationshipRecorded", "AdultJoinedHousehold", "AdultLeftHousehold",
                     "HouseholdChecksRecorded"), "household"),
    **dict.fromkeys(("RecordRestricted", "RestrictionLifted"), "restriction"),
    **dict.fromkeys(("EpisodeOpened", "EpisodeClosedOnChild", "EpisodeClosed", "EpisodeReopened"),
                    "episode"),
    **dict.fromkeys(("ReferralReceived", "ReferralDecided", "PrimaryNeedRecorded"), "referral"),
    **dict.fromkeys(("AssessmentStarted", "ChildSeenDuringAssessment", "AssessmentCompleted",
                     "AssessmentAuthorised"), "assessment"),
    **dict.fromkeys(("StrategyDiscussionHeld", "Section47Started", "Section47Concluded",
                     "ConferenceHeld", "ProtectionPlanStarted", "CoreGroupHeld",
                     "ProtectionPlanEnded", "OutlinePlanCirculated",
                     "Section47AssessmentCompleted"), "protection"),
    **dict.fromkeys(("ChildInNeedPlanStarted", "ChildInNeedPlanReviewed", "ChildInNeedPlanEnded",
                     "PathwayPlanStarted", "PathwayPlanReviewed", "PathwayPlanEnded"), "plan"),
    **dict.fromkeys(("BecameLookedAfter", "LegalStatusChanged", "PlacementChanged",
                     "LookedAfterReviewHeld", "MissingEpisodeRecorded", "CeasedToBeLookedAfter",
                     "CarePlanPrepared"), "looked-after"),
    **dict.fromkeys(("CareLeaverNeedsAssessmentCompleted", "CareLeaverAccommodationProvided",
                     "PersonalAdviserVisited", "CareLeaverCircumstancesRecorded"),
                    "care-leaver"),
    **dict.fromkeys(("HealthAssessmentCompleted", "DentalCheckCompleted", "ImmunisationsReviewed",
                     "DevelopmentChecksReviewed", "StrengthsAndDifficultiesRecorded",
                     "SubstanceMisuseIdentified", "SubstanceMisuseInterventionOffered",
                     "SubstanceMisuseInterventionReceived", "YouthJusticeOutcomeRecorded"),
                    "health"),
    **dict.fromkeys(("AdoptionDecided", "AdoptersMatched", "AdoptionDecisionReversed"),
                    "adoption"),
    **dict.fromkeys(("SeriousIncidentBecameKnown", "SeriousIncidentNotified",
                     "RapidReviewCompleted"), "serious-incident"),
    "VisitRecorded": "visit",
    "CaseNoteRecorded": "note",
    "ConcernRaised": "concern",
    "DecisionRecorded": "decision",
    "ManagementOversightRecorded": "oversight",
    **dict.fromkeys(("WorkerAllocated", "WorkerUnallocated"), "allocation"),
    "ClockExtended": "clock",
    **dict.fromkeys(("EventCorrected", "EventEnteredInError"), "correction"),
    **dict.fromkeys(("AbsenceStarted", "AbsenceEnded"), "absence"),
    **dict.fromkeys(("WorkerLeft", "WorkerMovedTeam", "WorkingHoursChanged", "WorkerJoined",
                     "RegistrationRecorded", "TeamFormed", "TeamManagerAppointed"),
                    "workforce"),
}
ACCESS = "access"  # the reads of the record, interleaved on request
ALL_KINDS = tuple(sorted({*KINDS.values(), ACCESS}))
TITLES: Mapping[str, str] = {
    "EventCorrected": "Correction",
    "EventEnteredInError": "Entry struck as entered in error",
    "EpisodeOpened": "Episode opened on the child's record",
    "EpisodeReopenedOnChild": "Episode reopened on the child's record",
}
WITHHELD = "content withheld: entered in error"
# Code lists of facts whose events do not name one themselves (checked by their commands).
MORE_CODES: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "AbsenceStarted": {"kind": codes.ABSENCE_KINDS},
}


@dataclass(frozen=True)
class Entry:
    """One line of a chronology. `corrects` is the position of the entry a correction or strike
    changes; `corrected_by` the positions of the corrections and strikes of this entry."""

    position: int
    record_id: str
    version: int
    record: str
    event_type: str
    kind: str
    title: str
    occurred_at: datetime
    recorded_at: datetime
    lag_days: int
    actor: str
    on_behalf_of: str | None
    reason: str | None
    correlation_id: str | None
    corrects: int | None
    corrected_by: list[int]
    entered_in_error: bool
    facts: dict[str, Any] | None
    recorded_facts: dict[str, Any] | None
    summary: str


@dataclass(frozen=True)
class Sources:
    """What a child's chronology is made from: the events of the child's own records (child and
    episodes), of the workers who held them, and the reads of the record; names for worker ids."""

    records: Mapping[UUID, Sequence[Logged]]
    kinds: Mapping[UUID, str]  # "child", "episode", "worker"
    worker_names: Mapping[UUID, str] = field(default_factory=dict)
    access: Sequence[Logged] = ()


def entries(sources: Sources, auditor: bool) -> list[Entry]:
    """Every entry, in log order, with corrections and strikes cross-referenced."""
    positions = {(e.event.originator_id, e.event.originator_version): e.position
                 for logged in sources.records.values() for e in logged}
    changes: dict[int, dict[str, Any]] = {}
    corrected_by: dict[int, list[int]] = {}
    struck: set[int] = set()
    for logged in sources.records.values():
        for e in logged:
            if isinstance(e.event, EventCorrected | EventEnteredInError):
                target = positions.get((e.event.originator_id, e.event.corrects_version))
                if target is None:
                    continue
                corrected_by.setdefault(target, []).append(e.position)
                if isinstance(e.event, EventEnteredInError):
                    struck.add(target)
                else:
                    changes.setdefault(target, {}).update(e.event.changes)
    made = [
        _case_entry(e, sources, positions, changes.get(e.position), corrected_by, struck, auditor)
        for logged in sources.records.values() for e in logged
    ]
    made += [_access_entry(e) for e in sources.access]
    return sorted(made, key=lambda entry: entry.position)


def arrange(
    found: Iterable[Entry], order: str, kinds: Iterable[str] = (),
    since: date | None = None, until: date | None = None,
) -> list[Entry]:
    """Entries of the chosen kinds whose time (as it happened, or as it was recorded) falls in
    the period, in that order; each correction or strike follows the entry it changes (and is
    kept wherever that entry is), or stands in its own place when that entry is not shown."""
    if order not in ("occurred", "recorded"):
        raise ValueError(f"unknown order '{order}'")
    chosen = set(kinds)

    def moment(entry: Entry) -> datetime:
        return entry.occurred_at if order == "occurred" else entry.recorded_at

    def wanted(entry: Entry) -> bool:
        day = local_date(moment(entry))
        return ((not chosen or entry.kind in chosen) and (since is None or day >= since)
                and (until is None or day <= until))

    everything = list(found)
    followers: dict[int, list[Entry]] = {}
    for entry in everything:
        if entry.corrects is not None:
            followers.setdefault(entry.corrects, []).append(entry)
    leading = [e for e in everything if e.corrects is None and wanted(e)]
    shown = {e.position for e in leading}
    leading += [e for e in everything
                if e.corrects is not None and e.corrects not in shown and wanted(e)]
    arranged: list[Entry] = []
    for entry in sorted(leading, key=lambda e: (moment(e), e.position)):
        arranged.append(entry)
        if entry.corrects is None:
            arranged += sorted(followers.get(entry.position, []), key=lambda e: e.position)
    return arranged


def kind_of(event: Any) -> str:
    for cls in type(event).__mro__:
        if cls.__name__ in KINDS:
            return KINDS[cls.__name__]
    return "other"


def title_of(event: Any) -> str:
    name = type(event).__name__
    for cls in type(event).__mro__:
        if cls.__name__ in TITLES:
            return TITLES[cls.__name__]
    words = re.sub(r"(?<!^)(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z0-9])", " ", name).lower()
    return words[:1].upper() + words[1:]


def _case_entry(
    logged: Logged, sources: Sources, positions: Mapping[tuple[UUID, int], int],
    changes: dict[str, Any] | None, corrected_by: Mapping[int, list[int]], struck: set[int],
    auditor: bool,
) -> Entry:
    recorded: CaseEvent = logged.event
    event = corrected(recorded, changes) if changes else recorded
    entered_in_error = logged.position in struck
    target = None
    if isinstance(event, EventCorrected | EventEnteredInError):
        target = positions.get((event.originator_id, event.corrects_version))
    facts: dict[str, Any] | None = _facts(event)
    replaced = ({name: _plain(getattr(recorded, name)) for name in changes}
                if changes and auditor else None)
    if entered_in_error and not auditor:
        facts = None
    return Entry(
        position=logged.position,
        record_id=str(event.originator_id),
        version=int(event.originator_version),
        record=sources.kinds.get(event.originator_id, "record"),
        event_type=type(event).__name__,
        kind=kind_of(event),
        title=title_of(event),
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        lag_days=max((local_date(event.recorded_at) - local_date(event.occurred_at)).days, 0),
        actor=event.actor,
        on_behalf_of=event.on_behalf_of,
        reason=event.reason,
        correlation_id=event.correlation_id,
        corrects=target,
        corrected_by=sorted(corrected_by.get(logged.position, [])),
        entered_in_error=entered_in_error,
        facts=facts,
        recorded_facts=replaced,
        summary=_summary(event, facts, sources, entered_in_error),
    )


def _access_entry(logged: Logged) -> Entry:
    event: RecordAccess.Recorded = logged.event
    # Who, as what, through which route, why and with what outcome: never what was shown.
    facts = {"role": event.role, "route": event.route, "purpose": event.purpose,
             "outcome": event.outcome}
    purpose = f"; purpose: {event.purpose}" if event.purpose else ""
    return Entry(
        position=logged.position, record_id=str(event.originator_id), version=1,
        record="access", event_type="RecordAccessed", kind=ACCESS, title="Record accessed",
        occurred_at=event.accessed_at, recorded_at=event.accessed_at, lag_days=0,
        actor=event.user, on_behalf_of=None, reason=None, correlation_id=None, corrects=None,
        corrected_by=[], entered_in_error=False, facts=facts, recorded_facts=None,
        summary=(f"{event.user} ({event.role}) opened the {event.route}: "
                 f"{OUTCOMES.get(event.outcome, event.outcome)}{purpose}"),
    )


def _facts(event: CaseEvent) -> dict[str, Any]:
    return {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)
            if f.name not in ENVELOPE_FIELDS and f.name != "corrects_version"}


def _summary(
    event: CaseEvent, facts: dict[str, Any] | None, sources: Sources, entered_in_error: bool
) -> str:
    names = sources.worker_names
    title = title_of(event)
    if event.originator_id in names:
        title = f"{names[event.originator_id]}: {title[:1].lower()}{title[1:]}"
    if facts is None:
        return f"{title} ({WITHHELD})"
    lists = {**MORE_CODES.get(type(event).__name__, {}), **type(event).code_lists}
    parts = []
    for name in facts:
        value = getattr(event, name)
        if value in (None, [], {}):
            continue
        label = name.removesuffix("_id") if _named(value, names) else name
        parts.append(f"{label.replace('_', ' ')}: {_words(value, lists.get(name), names)}")
    text = f"{title}: {'; '.join(parts)}" if parts else title
    return f"{text} [entered in error]" if entered_in_error else text


def _named(value: Any, names: Mapping[UUID, str]) -> bool:
    return isinstance(value, UUID) and value in names


def _words(value: Any, codes: Any, names: Mapping[UUID, str]) -> str:
    """A fact in plain words: yes/no, codes with their meaning, times on the clock in England,
    workers by name."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_words(v, codes, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{str(k).replace('_', ' ')} to {_words(v, None, names)}"
                         for k, v in value.items())
    if isinstance(value, datetime):
        return value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return names.get(value, str(value))
    if isinstance(codes, Mapping) and value in codes:
        return f"{value} ({codes[value]})"
    return str(value)


def _plain(value: Any) -> Any:
    """A fact as JSON holds it: dates and times in ISO form, ids as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
