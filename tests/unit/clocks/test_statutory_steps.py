"""The statutory steps that only clocks wait for: what the episode refuses, and what it keeps."""

from datetime import date

import pytest

from domain.episode.statutory_steps import CarePlanPrepared, SeriousIncidentNotified
from domain.errors import RuleBroken
from tests.unit.clocks.casebook import Case


def test_a_care_leavers_steps_need_a_child_who_has_been_looked_after() -> None:
    case = Case(date(2025, 3, 3))
    for command in ("complete_needs_assessment", "provide_care_leaver_accommodation"):
        with pytest.raises(RuleBroken) as refused:
            getattr(case.on(date(2025, 3, 4)), command)()
        assert refused.value.rule == "needs-care"


def test_accommodation_for_a_care_leaver_follows_leaving_care() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).become_looked_after("C2", "U4")
    with pytest.raises(RuleBroken) as refused:
        case.on(date(2025, 3, 5)).provide_care_leaver_accommodation()
    assert refused.value.rule == "still-looked-after"


def test_an_outline_plan_follows_an_initial_conference() -> None:
    case = Case(date(2025, 3, 3))
    with pytest.raises(RuleBroken) as refused:
        case.on(date(2025, 3, 4)).circulate_outline_plan()
    assert refused.value.rule == "outline-plan-needs-conference"


def test_a_section_47_assessment_needs_the_enquiry_started() -> None:
    case = Case(date(2025, 3, 3))
    with pytest.raises(RuleBroken) as refused:
        case.on(date(2025, 3, 4)).complete_section47_assessment()
    assert refused.value.rule == "no-section47"


def test_a_care_plan_is_refused_after_a_referral_decided_as_no_further_action() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 3)).decide_referral("NFA", "no concerns")
    with pytest.raises(RuleBroken):
        case.on(date(2025, 3, 4)).prepare_care_plan()


def test_a_serious_incident_can_be_notified_after_the_episode_closed() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 3)).decide_referral("NFA", "no concerns")
    case.on(date(2025, 3, 4)).close("RC2")
    case.on(date(2025, 3, 5)).record_serious_incident("Child died; neglect suspected")
    case.on(date(2025, 3, 6)).notify_serious_incident()
    assert isinstance(case.episode.history[-1], SeriousIncidentNotified)
    with pytest.raises(RuleBroken) as refused:
        case.on(date(2025, 3, 2)).notify_serious_incident()
    assert refused.value.rule == "before-referral"


def test_a_care_plan_is_recorded_as_a_dated_fact() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 3)).decide_referral("ASSESSMENT", "neglect")
    case.on(date(2025, 3, 4)).prepare_care_plan()
    event = case.episode.history[-1]
    assert isinstance(event, CarePlanPrepared)
    assert (event.occurred_on, event.child_id) == (date(2025, 3, 4), case.child.id)
