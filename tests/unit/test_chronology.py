"""A child's chronology from the real events of realistic journeys (an in-memory store): both
clocks and the lag, corrections beside what they correct, strikes marked, content of struck
entries for auditors only, the workers' absences while they held the case, and the filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

import domain.service  # noqa: F401  (every event class, for the kinds test)
from domain.envelope import local_date
from domain.record import CaseEvent
from domain.service import CaseRecord
from projections.chronology import ALL_KINDS, KINDS, Entry, arrange, kind_of, title_of
from projections.event_log import Logged
from projections.queries.chronology import child_chronology, while_holding
from tests import journeys

TODAY = datetime.now(UTC).date()


@pytest.fixture
def base() -> date:
    return journeys.a_base_date()


def chronology_of(
    case_record: CaseRecord, child: UUID, auditor: bool = False, **options: Any
) -> list[Entry]:
    found = child_chronology(case_record, child, TODAY, auditor=auditor, **options)
    assert found is not None
    return found.entries


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_kind_of_case_event_has_a_kind_and_a_title_in_words() -> None:
    classes = [c for c in _subclasses(CaseEvent) if c.__module__.startswith("domain.")]
    abstract = {"CaseCreated", "EpisodeEvent"}
    unnamed = [c.__name__ for c in classes
               if c.__name__ not in abstract and kind_of(object.__new__(c)) == "other"]

    assert unnamed == []
    assert set(ALL_KINDS) == {*KINDS.values(), "access"}
    assert title_of(object.__new__(_named("VisitRecorded"))) == "Visit recorded"
    assert title_of(object.__new__(_named("Section47Started"))) == "Section 47 started"


def _named(name: str) -> type:
    return next(c for c in _subclasses(CaseEvent) if c.__name__ == name)


def test_a_visit_recorded_late_shows_when_it_happened_when_it_was_recorded_and_the_lag(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(case_record, base)

    entries = chronology_of(case_record, ids.child)

    (late,) = [e for e in entries if e.kind == "visit" and e.lag_days > 0]
    assert local_date(late.occurred_at) == ids.visited_on
    assert local_date(late.recorded_at) == ids.recorded_on
    assert late.lag_days == (ids.recorded_on - ids.visited_on).days == 12
    assert late.actor == ids.actor and late.record == "episode"
    assert "school attendance improving" in late.summary
    happened = [e.position for e in entries]
    assert happened != sorted(happened), "as it happened, the late visit comes before entries "\
        "recorded earlier"
    recorded = chronology_of(case_record, ids.child, order="recorded")
    assert [e.position for e in recorded] == sorted(e.position for e in recorded)
    assert [local_date(e.occurred_at) for e in entries] == sorted(
        local_date(e.occurred_at) for e in entries
    )


def test_the_holders_absence_while_holding_the_case_is_in_the_chronology(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(case_record, base)

    absences = [e for e in chronology_of(case_record, ids.child) if e.kind == "absence"]

    assert [(e.event_type, e.record, e.record_id) for e in absences] == [
        ("AbsenceStarted", "worker", str(ids.worker)), ("AbsenceEnded", "worker", str(ids.worker))
    ]
    assert absences[0].summary.startswith("Priya Raman (")
    assert "SICKNESS (sickness)" in absences[0].summary


def test_only_absences_that_overlap_a_period_of_holding_the_case_are_chosen(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(case_record, base)
    worker = [Logged(i, e) for i, e in enumerate(case_record.repository.get(ids.worker).history, 1)]
    sick_from, back = base + timedelta(days=40), base + timedelta(days=50)

    def chosen(since: date, until: date | None) -> list[str]:
        return [type(e.event).__name__ for e in while_holding(worker, [(since, until)], TODAY)]

    assert chosen(base, None) == ["AbsenceStarted", "AbsenceEnded"]
    assert chosen(back, back + timedelta(days=5)) == ["AbsenceStarted", "AbsenceEnded"]
    assert chosen(sick_from - timedelta(days=10), sick_from - timedelta(days=1)) == []
    assert chosen(back + timedelta(days=1), None) == []


def test_a_correction_follows_the_entry_it_corrects_which_shows_the_corrected_facts(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.corrected_conference_date(case_record, base)

    for order in ("occurred", "recorded"):
        entries = chronology_of(case_record, ids.child, order=order)
        (conference,) = [e for e in entries if e.event_type == "InitialConferenceHeld"]
        after = entries[entries.index(conference) + 1]
        assert after.event_type == "EpisodeEventCorrected" and after.kind == "correction"
        assert after.corrects == conference.position
        assert conference.corrected_by == [after.position]
        assert local_date(conference.occurred_at) == ids.held_on
        assert after.reason == "The conference was held on the 15th, not the 16th: typing error."
        assert not conference.entered_in_error


def test_auditors_also_see_what_a_correction_replaced_and_practitioners_do_not(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.corrected_conference_date(case_record, base)

    def conference(auditor: bool) -> Entry:
        return next(e for e in chronology_of(case_record, ids.child, auditor=auditor)
                    if e.event_type == "InitialConferenceHeld")

    replaced = conference(auditor=True).recorded_facts
    assert replaced is not None
    assert local_date(datetime.fromisoformat(replaced["occurred_at"])) == ids.recorded_as
    assert conference(auditor=False).recorded_facts is None


def test_an_entry_in_error_is_marked_for_everyone_and_its_content_shown_to_auditors_only(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.event_entered_on_wrong_child(case_record, base)

    def struck(auditor: bool) -> tuple[Entry, Entry]:
        entries = chronology_of(case_record, ids.wrong_child, auditor=auditor)
        (entry,) = [e for e in entries if e.entered_in_error]
        return entry, entries[entries.index(entry) + 1]

    seen_by_worker, strike = struck(auditor=False)
    seen_by_auditor, _ = struck(auditor=True)
    assert seen_by_worker.version == ids.struck_version and seen_by_worker.kind == "visit"
    assert strike.corrects == seen_by_worker.position and strike.event_type == "EpisodeEntryInError"
    assert seen_by_worker.corrected_by == [strike.position]
    assert seen_by_worker.facts is None
    assert "Mia" not in seen_by_worker.summary and "withheld" in seen_by_worker.summary
    assert seen_by_auditor.facts is not None
    assert seen_by_auditor.facts["note"] == "Mia seen at home with her grandmother."
    assert "[entered in error]" in seen_by_auditor.summary
    assert "wrong child" in (strike.reason or "")


def test_the_chronology_is_filtered_by_kind_and_by_period_in_the_order_chosen(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(case_record, base)
    first_days = base, base + timedelta(days=20)

    visits = chronology_of(case_record, ids.child, kinds=["visit"])
    early = chronology_of(case_record, ids.child, since=first_days[0], until=first_days[1])
    recorded_late = chronology_of(case_record, ids.child, order="recorded", kinds=["visit"],
                                  since=ids.recorded_on)

    assert {e.kind for e in visits} == {"visit"} and len(visits) == 2
    assert early and all(first_days[0] <= local_date(e.occurred_at) <= first_days[1]
                         for e in early)
    assert [local_date(e.occurred_at) for e in recorded_late] == [ids.visited_on]


def test_a_correction_whose_entry_is_not_shown_stands_in_its_own_place(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.corrected_conference_date(case_record, base)

    corrections = chronology_of(case_record, ids.child, kinds=["correction"])

    assert [e.event_type for e in corrections] == ["EpisodeEventCorrected"]


def test_arranging_refuses_an_unknown_order() -> None:
    with pytest.raises(ValueError, match="unknown order"):
        arrange([], "alphabetical")


def test_there_is_no_chronology_of_a_record_that_is_not_a_child(
    case_record: CaseRecord, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(case_record, base)

    assert child_chronology(case_record, ids.episode, TODAY, auditor=True) is None
    assert child_chronology(case_record, ids.worker, TODAY, auditor=True) is None
