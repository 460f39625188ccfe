"""Pure: the facts behind a child's risk signals, each with the events it rests on.

Facts are dated, not judged: whether a fact is a signal depends on "now" and on the authority's
thresholds, so that is decided when the view is read (`projections.risk`), and a view rebuilt as
known at a past moment judges with that moment's "now".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.child import AdultJoinedHousehold, Child, HouseholdChecksRecorded
from domain.episode import Episode
from domain.episode.everyday import ConcernRaised, VisitRecorded, WorkerAllocated
from domain.episode.protection import (
    ConferenceHeld,
    ProtectionPlanStarted,
)
from domain.episode.referral import ChildSeenDuringAssessment, EpisodeClosed, ReferralReceived
from domain.record import CaseEvent

CONFERENCE_AGENCIES = ("POLICE", "HEALTH", "EDUCATION")
FRONT_DOOR_DECISIONS = frozenset({"NFA", "EARLY_HELP"})


def risk_facts(child: Child, episodes: Sequence[Episode]) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "seen": [],
        "seen_alone": [],
        "referrals": [],
        "protection_plans": [],
        "concerns": [],
        "unchecked_adults": [],
        "conferences_without": [],
        "worker_changes": [],
        "open_plans": [],
        "closed_without_visit": [],
    }
    for episode in episodes:
        _episode_facts(episode, facts)
    _household_facts(child, facts)
    return facts


def _ref(event: CaseEvent) -> list[Any]:
    return [str(event.originator_id), event.originator_version]


def _episode_facts(episode: Episode, facts: dict[str, Any]) -> None:
    seen_in_episode = False
    previous_worker = None
    for event in episode.effective_history():
        day = event.occurred_on.isoformat()
        if isinstance(event, VisitRecorded | ChildSeenDuringAssessment):
            child_seen = isinstance(event, ChildSeenDuringAssessment) or event.child_seen
            if child_seen:
                seen_in_episode = True
                facts["seen"].append({"on": day, "event": _ref(event)})
            if isinstance(event, VisitRecorded) and event.seen_alone:
                facts["seen_alone"].append({"on": day, "event": _ref(event)})
        elif isinstance(event, ReferralReceived):
            facts["referrals"].append({"on": day, "event": _ref(event)})
        elif isinstance(event, ProtectionPlanStarted):
            facts["protection_plans"].append({"on": day, "event": _ref(event)})
        elif isinstance(event, ConcernRaised):
            facts["concerns"].append({"on": day, "agency": event.agency, "event": _ref(event)})
        elif isinstance(event, ConferenceHeld):
            missing = [a for a in CONFERENCE_AGENCIES if a not in event.agencies_present]
            if missing:
                facts["conferences_without"].append(
                    {
                        "on": day,
                        "kind": event.kind,
                        "missing": missing,
                        "event": _ref(event),
                    }
                )
        elif isinstance(event, WorkerAllocated):
            if previous_worker is not None and previous_worker != event.worker_id:
                facts["worker_changes"].append({"on": day, "event": _ref(event)})
            previous_worker = event.worker_id
        elif (
            isinstance(event, EpisodeClosed)
            and not seen_in_episode
            and (episode.state.assessments or episode.state.decision not in FRONT_DOOR_DECISIONS)
        ):
            # A referral closed at the front door (no further action, early help) is not a case
            # "closed before any visit"; one that was assessed, or went further, is.
            facts["closed_without_visit"].append({"on": day, "event": _ref(event)})
    state = episode.state
    for kind, plan in (
        ("protection plan", state.open_protection_plan),
        ("child in need plan", state.open_cin_plan),
    ):
        if plan is not None:
            last = max([plan.started_on, *plan.reviews])
            facts["open_plans"].append(
                {
                    "kind": kind,
                    "started_on": plan.started_on.isoformat(),
                    "last_reviewed_on": last.isoformat(),
                    "episode": str(episode.id),
                }
            )


def _household_facts(child: Child, facts: dict[str, Any]) -> None:
    joined: dict[str, CaseEvent] = {}
    for event in child.effective_history():
        if isinstance(event, AdultJoinedHousehold) and not event.checks_made:
            joined[str(event.person_id)] = event
        elif isinstance(event, HouseholdChecksRecorded):
            joined.pop(str(event.person_id), None)
    for person_id, event in joined.items():
        member = child.state.household.get(event.person_id)  # type: ignore[attr-defined]
        if member is not None and member.left_on is None and not member.checks_made:
            facts["unchecked_adults"].append(
                {
                    "person": person_id,
                    "relationship": member.relationship,
                    "on": event.occurred_on.isoformat(),
                    "event": _ref(event),
                }
            )
