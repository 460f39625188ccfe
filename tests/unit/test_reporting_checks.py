"""Our own pre-submission checks of the CIN census, on children made by hand: each cross-field
rule of the census (nothing before the referral or after closure or death; plans that never
overlap; one of each thing open at a time; no further action carrying nothing; a protection plan
starting at its conference; reviews after the plan start) names the child and the DfE rule; a
child whose record keeps every rule gets none. And the SSDA903 episodes of a period of care."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from consumers.reporting.care import CarePeriod, PlacementSpell, care_episodes
from consumers.returns.cin_census import (
    CinAssessment,
    CinChild,
    CinEpisode,
    CinProtectionPlan,
    CinSection47,
)
from consumers.returns.cin_checks import cin_checks
from consumers.returns.period import CollectionYear
from domain.calendar import load_england_and_wales

YEAR = CollectionYear(2026)
CALENDAR = load_england_and_wales()


def day(n: int) -> date:
    """Day n of the collection year (day 0 is 1 April 2025)."""
    return YEAR.start + timedelta(days=n)


def an_episode(**changes: object) -> CinEpisode:
    """Referred on day 10: assessed, an enquiry, a conference on day 30 and a plan from it,
    reviewed on day 120 and ended on day 200, then a child in need plan; closed on day 300."""
    episode = CinEpisode(
        referral_date=day(10), referral_source="6", primary_need="N1", closed_on=day(300),
        closure_reason="RC7", referral_nfa=False,
        assessments=[CinAssessment(day(11), day(25), ("2A",))],
        cin_plans=[(day(200), day(290))],
        section47s=[CinSection47(day(12), day(33), day(30), False)],
        protection_plans=[CinProtectionPlan(day(30), day(200), "NEG", "NEG", 0,
                                            (day(120), day(200)))],
    )
    return replace(episode, **changes)


def a_child(*episodes: CinEpisode, **changes: object) -> CinChild:
    child = CinChild(
        la_child_id="C1", upn="A800123456789", upn_unknown=None, birth_date=date(2016, 5, 1),
        expected_birth_date=None, sex="F", death_date=None, ethnicity="WBRI",
        disabilities=("NONE",), episodes=list(episodes or [an_episode()]),
    )
    return replace(child, **changes)


def rules(child: CinChild) -> set[str]:
    return {issue.rule for issue in cin_checks([child], YEAR, CALENDAR)}


def test_a_child_whose_record_keeps_every_rule_has_no_issue() -> None:
    assert rules(a_child()) == set()


@pytest.mark.parametrize(("changes", "rule"), [
    ({"assessments": [CinAssessment(day(9), day(25), ("2A",))]}, "1103"),
    ({"section47s": [CinSection47(day(9), day(33), day(30), False)]}, "2889"),
    ({"cin_plans": [(day(5), day(290))]}, "4015"),
])
def test_nothing_happens_before_the_referral(changes: dict[str, object], rule: str) -> None:
    assert rule in rules(a_child(an_episode(**changes)))


def test_nothing_happens_after_the_episode_closed() -> None:
    assert "8565" in rules(a_child(an_episode(closed_on=day(250))))


def test_nothing_happens_after_the_child_died() -> None:
    found = rules(a_child(death_date=day(150)))

    assert {"4008", "8920"} <= found


def test_a_child_in_need_plan_never_runs_beside_a_protection_plan() -> None:
    overlapping = an_episode(cin_plans=[(day(100), day(290))])

    assert {"4001", "4003"} <= rules(a_child(overlapping))


def test_a_child_in_need_plan_may_start_the_day_the_protection_plan_ends() -> None:
    assert rules(a_child(an_episode(cin_plans=[(day(200), None)], closed_on=None,
                                    closure_reason=None))) == set()


def test_at_most_one_of_each_thing_is_open_at_a_time() -> None:
    episode = an_episode(
        closed_on=None, closure_reason=None, cin_plans=[],
        assessments=[CinAssessment(day(11), None, ()), CinAssessment(day(40), None, ())],
        section47s=[CinSection47(day(12), day(33), None, False),
                    CinSection47(day(40), day(61), None, False)],
        protection_plans=[CinProtectionPlan(day(30), None, "NEG", "NEG", 0, ())],
    )
    later = an_episode(referral_date=day(100), closed_on=None, closure_reason=None,
                       assessments=[], section47s=[], cin_plans=[],
                       protection_plans=[CinProtectionPlan(day(130), None, "PHY", "PHY", 1, ())])

    assert {"8896", "8839", "8935"} <= rules(a_child(episode, later))


def test_a_referral_with_no_further_action_carries_nothing_else() -> None:
    assert {"8831", "4000", "8832"} <= rules(a_child(an_episode(referral_nfa=True)))


@pytest.mark.parametrize("closure", ["RC8", "RC9"])
def test_closed_after_assessment_means_an_assessment_and_nothing_more(closure: str) -> None:
    with_plans = rules(a_child(an_episode(closure_reason=closure)))
    without_assessment = rules(a_child(an_episode(
        closure_reason=closure, assessments=[], section47s=[], cin_plans=[],
        protection_plans=[])))

    assert "2990" in with_plans
    assert "8825Q" in without_assessment


def test_a_protection_plan_starts_on_the_day_of_its_conference() -> None:
    late_start = an_episode(protection_plans=[
        CinProtectionPlan(day(31), day(200), "NEG", "NEG", 0, (day(120),))])

    assert "2885" in rules(a_child(late_start))


def test_a_review_falls_after_the_plan_started() -> None:
    reviewed_early = an_episode(protection_plans=[
        CinProtectionPlan(day(30), day(200), "NEG", "NEG", 0, (day(30),))])

    assert "8841" in rules(a_child(reviewed_early))


def test_a_closed_episode_has_finished_its_assessments_and_enquiries() -> None:
    unfinished = an_episode(assessments=[CinAssessment(day(11), None, ())],
                            section47s=[CinSection47(day(12), day(33), None, False)],
                            protection_plans=[], cin_plans=[])

    assert {"8867", "8868"} <= rules(a_child(unfinished))


def test_what_began_before_the_year_is_finished_by_its_end() -> None:
    old = an_episode(referral_date=day(-200), closed_on=None, closure_reason=None,
                     assessments=[CinAssessment(day(-150), None, ())],
                     section47s=[CinSection47(day(-150), day(-130), None, False)],
                     cin_plans=[], protection_plans=[])

    assert {"8736", "8740", "8670Q"} <= rules(a_child(old))


def test_an_unborn_child_is_of_unknown_sex_and_referred_at_most_40_weeks_before_birth() -> None:
    unborn = a_child(an_episode(referral_date=day(10), closed_on=None, closure_reason=None,
                                assessments=[], section47s=[], cin_plans=[],
                                protection_plans=[]),
                     birth_date=None, expected_birth_date=day(10) + timedelta(weeks=41),
                     sex="F", upn=None, upn_unknown="UN1")

    assert {"8750", "8606"} <= rules(unborn)


def test_a_upn_carries_a_real_authority_number() -> None:
    assert "1530" in rules(a_child(upn="A999123456789"))


def test_a_period_of_care_is_a_new_ssda903_episode_at_each_change_of_status_or_placement() -> None:
    period = CarePeriod(
        started_on=day(0), legal_statuses=[(day(0), "L2"), (day(5), "C1"), (day(90), "C2")],
        placements=[PlacementSpell(day(0), "U6", None), PlacementSpell(day(60), "U4", "CARPL"),
                    PlacementSpell(day(90), "K2", "CREQB")],
        ceased_on=day(200), ceased_reason="E4B",
    )

    found = [(e.started_on, e.new_episode_reason, e.legal_status, e.placement_type, e.ended_on,
              e.ended_reason, e.placement_change_reason) for e in care_episodes(period)]

    assert found == [
        (day(0), "S", "L2", "U6", day(5), "X1", None),
        (day(5), "L", "C1", "U6", day(60), "X1", "CARPL"),
        (day(60), "P", "C1", "U4", day(90), "X1", "CREQB"),
        (day(90), "T", "C2", "K2", day(200), "E4B", None),
    ]
