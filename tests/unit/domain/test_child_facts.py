"""Facts about a young person recorded on the child's own record: that their own baby was born
(for a looked-after girl, the SSDA903's motherhood), and that they are an unaccompanied
asylum-seeking child (until 18, or until it ceased). Each is checked when recorded, and again
when a correction or a strike changes the history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.errors import RuleBroken
from domain.service import CaseRecord, CommandContext, Receipt
from tests.journeys import at

WORKER = CommandContext(actor="sw-facts")
TODAY = datetime.now(UTC).date()


def years_ago(years: float) -> date:
    return TODAY - timedelta(days=round(years * 365.25))


def a_young_person(case_record: CaseRecord, born: date | None, **facts: Any) -> UUID:
    """A girl registered today, born on `born` (None: an unborn child, expected in a month)."""
    return case_record.register_child(
        WORKER, occurred_at=at(TODAY, 9), la_child_id="F1", given_name="Kayla",
        family_name="Doyle", sex="F", ethnicity="WBRI", date_of_birth=born,
        expected_birth_date=None if born else TODAY + timedelta(days=30), **facts,
    ).record_id


def command(case_record: CaseRecord, child: UUID, name: str, on: date, **facts: Any) -> Receipt:
    return case_record.child_command(WORKER, child, name, occurred_at=at(on, 8), **facts)


def refused(case_record: CaseRecord, child: UUID, rule: str, field: str | None, name: str,
            on: date, *mentions: str, **facts: Any) -> None:
    """The command is refused for `rule` (on `field`), saying `mentions`, and changes nothing."""
    version = case_record.child(child).version
    with pytest.raises(RuleBroken) as caught:
        command(case_record, child, name, on, **facts)
    assert (caught.value.rule, caught.value.field) == (rule, field), caught.value.message
    for words in mentions:
        assert words in caught.value.message
    assert case_record.child(child).version == version


# Motherhood


def test_each_baby_born_is_kept_on_the_young_persons_record_earliest_first(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(17.5))
    second, first = years_ago(0.2), years_ago(1.4)

    command(case_record, child, "record_baby_born", second)
    command(case_record, child, "record_baby_born", first)

    assert case_record.child(child).state.babies_born_on == [first, second]


def test_twins_are_two_babies_born_on_the_same_day(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(17))
    command(case_record, child, "record_baby_born", years_ago(0.5))
    command(case_record, child, "record_baby_born", years_ago(0.5))

    assert case_record.child(child).state.babies_born_on == [years_ago(0.5)] * 2


def test_a_baby_cannot_be_born_before_the_young_person_was_ten(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(11))

    refused(case_record, child, "parent-too-young", "occurred_at", "record_baby_born",
            years_ago(1.5), "before the young person was 10")
    command(case_record, child, "record_baby_born", years_ago(0.5))


def test_a_baby_cannot_be_recorded_as_born_in_the_future(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(16))

    refused(case_record, child, "invalid-value", "occurred_at", "record_baby_born",
            TODAY + timedelta(days=3), "future")


def test_a_baby_cannot_be_recorded_for_a_child_not_yet_born(case_record: CaseRecord) -> None:
    unborn = a_young_person(case_record, None)

    refused(case_record, unborn, "parent-date-of-birth-unknown", "occurred_at",
            "record_baby_born", TODAY, "date of birth")


def test_two_babies_born_months_apart_cannot_both_be_right(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(17))
    command(case_record, child, "record_baby_born", years_ago(0.6))

    refused(case_record, child, "births-too-close", "occurred_at", "record_baby_born",
            years_ago(0.6) + timedelta(days=100), "100 days")
    command(case_record, child, "record_baby_born", years_ago(0.6) + timedelta(days=200))


def test_a_birth_date_corrected_is_held_to_the_same_rules(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(12))
    birth = command(case_record, child, "record_baby_born", years_ago(0.5))

    with pytest.raises(RuleBroken) as caught:
        command(case_record, child, "correct", TODAY, version=birth.version,
                changes={"baby_date_of_birth": years_ago(3)}, reason="Date misread")
    assert caught.value.rule == "parent-too-young"
    command(case_record, child, "correct", TODAY, version=birth.version,
            changes={"baby_date_of_birth": years_ago(0.75)}, reason="Date misread")

    assert case_record.child(child).state.babies_born_on == [years_ago(0.75)]


def test_a_birth_date_cannot_be_corrected_into_the_future(case_record: CaseRecord) -> None:
    child = a_young_person(case_record, years_ago(16))
    birth = command(case_record, child, "record_baby_born", TODAY - timedelta(days=3))

    with pytest.raises(RuleBroken) as caught:
        command(case_record, child, "correct", TODAY, version=birth.version,
                changes={"baby_date_of_birth": TODAY + timedelta(days=30)}, reason="Typo")
    assert caught.value.field == "baby_date_of_birth"
    assert case_record.child(child).state.babies_born_on == [TODAY - timedelta(days=3)]


def test_the_young_persons_date_of_birth_cannot_be_corrected_to_make_a_birth_too_early(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(14))
    command(case_record, child, "record_baby_born", years_ago(0.5))

    with pytest.raises(RuleBroken) as caught:
        command(case_record, child, "correct", TODAY, version=1,
                changes={"date_of_birth": years_ago(9)}, reason="Wrong year of birth")
    assert caught.value.rule == "parent-too-young"


def test_a_birth_struck_as_entered_in_error_is_no_longer_on_the_record(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(16))
    birth = command(case_record, child, "record_baby_born", years_ago(0.3))

    command(case_record, child, "strike", TODAY, version=birth.version,
            reason="Recorded on the wrong young person")

    assert case_record.child(child).state.babies_born_on == []


# Unaccompanied asylum-seeking children


def test_an_unaccompanied_asylum_seeking_child_is_one_until_their_18th_birthday(
    case_record: CaseRecord,
) -> None:
    born = date(TODAY.year - 16, 2, 29) if TODAY.year % 4 == 0 else years_ago(16)
    child = a_young_person(case_record, born)

    command(case_record, child, "record_unaccompanied_asylum_seeking", TODAY - timedelta(days=9))

    state = case_record.child(child).state
    assert state.uasc_since == TODAY - timedelta(days=9)
    assert state.uasc_ends_on == state.birthday(18)
    assert state.uasc_ends_on is not None and state.uasc_ends_on.year == born.year + 18


def test_ceasing_to_be_unaccompanied_and_seeking_asylum_before_18_ends_it_that_day(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(16))
    command(case_record, child, "record_unaccompanied_asylum_seeking", years_ago(0.5))

    ceased = command(case_record, child, "record_unaccompanied_asylum_seeking_ceased",
                     TODAY - timedelta(days=2), uasc_ceased_reason="REUNITED")

    state = case_record.child(child).state
    assert (state.uasc_ends_on, state.uasc_ceased_reason) == (TODAY - timedelta(days=2),
                                                               "REUNITED")
    command(case_record, child, "strike", TODAY, version=ceased.version,
            reason="Reunion fell through before it happened")
    assert case_record.child(child).state.uasc_ends_on == state.birthday(18)


def test_an_unknown_reason_for_ceasing_is_refused_naming_the_known_ones(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(16))
    command(case_record, child, "record_unaccompanied_asylum_seeking", years_ago(0.5))

    refused(case_record, child, "invalid-value", "uasc_ceased_reason",
            "record_unaccompanied_asylum_seeking_ceased", TODAY, "REUNITED",
            uasc_ceased_reason="GRANTED")


@pytest.mark.parametrize(("age", "since", "rule"), [
    (18.5, 0.1, "not-a-child"),
    (16, 16.5, "before-birth"),
])
def test_only_a_child_can_be_recorded_as_unaccompanied_and_seeking_asylum(
    case_record: CaseRecord, age: float, since: float, rule: str,
) -> None:
    child = a_young_person(case_record, years_ago(age))

    refused(case_record, child, rule, "occurred_at", "record_unaccompanied_asylum_seeking",
            years_ago(since))


def test_a_child_is_recorded_as_unaccompanied_and_seeking_asylum_once(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(15))
    command(case_record, child, "record_unaccompanied_asylum_seeking", years_ago(0.5))

    refused(case_record, child, "already-uasc", None, "record_unaccompanied_asylum_seeking",
            TODAY, "correct that entry")


def test_ceasing_needs_a_child_who_is_unaccompanied_and_seeking_asylum_then(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(17.5))

    refused(case_record, child, "not-uasc", None, "record_unaccompanied_asylum_seeking_ceased",
            TODAY, uasc_ceased_reason="REUNITED")
    command(case_record, child, "record_unaccompanied_asylum_seeking", years_ago(0.5))
    refused(case_record, child, "ceased-before-began", "occurred_at",
            "record_unaccompanied_asylum_seeking_ceased", years_ago(0.7),
            uasc_ceased_reason="REUNITED")


def test_nothing_is_recorded_for_ceasing_on_or_after_the_18th_birthday(
    case_record: CaseRecord,
) -> None:
    child = a_young_person(case_record, years_ago(18.2))
    command(case_record, child, "record_unaccompanied_asylum_seeking", years_ago(1))

    refused(case_record, child, "ceased-at-18", "occurred_at",
            "record_unaccompanied_asylum_seeking_ceased", TODAY, "by itself",
            uasc_ceased_reason="NOT_SEEKING_ASYLUM")
