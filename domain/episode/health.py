"""The health of a looked-after child, as the social worker or the looked-after children's nurse
records it: health assessments, dental checks, immunisations and development checks reviewed,
the Strengths and Difficulties Questionnaire, substance misuse and the help offered for it, and
convictions and cautions. Each belongs to a period of care: it happened while the child was
looked after (recording it later, even after the child has left care, is normal)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState
from domain.errors import InvalidValue, RuleBroken


class HealthAssessmentCompleted(EpisodeEvent):
    """A statutory health assessment: the initial one soon after the child came into care, or a
    review (every six months for a child under 5, every year from 5)."""

    initial: bool

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a health assessment")


class DentalCheckCompleted(EpisodeEvent):
    """The child's teeth checked by a dentist."""

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a dental check")


class ImmunisationsReviewed(EpisodeEvent):
    """Whether the child's immunisations were up to date when reviewed (usually at a health
    assessment)."""

    up_to_date: bool

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a review of immunisations")


class DevelopmentChecksReviewed(EpisodeEvent):
    """Whether a young child's development checks (the health visitor's reviews of the Healthy
    Child Programme) were up to date when reviewed."""

    up_to_date: bool

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a review of development checks")


class StrengthsAndDifficultiesRecorded(EpisodeEvent):
    """A Strengths and Difficulties Questionnaire: its total difficulties score (0 to 40), or why
    it was not scored (SDQ1 to SDQ5)."""

    code_lists: ClassVar[CodeLists] = {"not_scored_reason": codes.SDQ_NOT_SCORED_REASONS}

    score: int | None
    not_scored_reason: str | None

    def check(self, state: EpisodeState) -> None:
        # Held here as well as in the command, so that a correction is held to it too.
        check_questionnaire(self.score, self.not_scored_reason)
        check_looked_after_on(state, self.occurred_on, "a Strengths and Difficulties Questionnaire")


class SubstanceMisuseIdentified(EpisodeEvent):
    """A substance misuse problem identified (drugs, solvents, or alcohol with them)."""

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a substance misuse problem")

    def evolve(self, state: EpisodeState) -> None:
        state.substance_misuse.append(self.occurred_on)


class SubstanceMisuseInterventionOffered(EpisodeEvent):
    """An intervention for the substance misuse problem offered, and whether the young person
    accepted it."""

    accepted: bool

    def check(self, state: EpisodeState) -> None:
        _check_problem_identified(state, self.occurred_on, "an intervention offered")


class SubstanceMisuseInterventionReceived(EpisodeEvent):
    """The young person received an intervention for the substance misuse problem."""

    def check(self, state: EpisodeState) -> None:
        _check_problem_identified(state, self.occurred_on, "an intervention received")


class YouthJusticeOutcomeRecorded(EpisodeEvent):
    """A conviction, or a youth caution or conditional caution (before April 2013, a final warning
    or reprimand)."""

    code_lists: ClassVar[CodeLists] = {"disposal": codes.YOUTH_JUSTICE_OUTCOMES}

    disposal: str

    def check(self, state: EpisodeState) -> None:
        check_looked_after_on(state, self.occurred_on, "a conviction or caution")


def check_questionnaire(score: int | None, not_scored_reason: str | None) -> None:
    """A questionnaire has a score or the reason it has none, never both."""
    if score is not None and not_scored_reason is not None:
        raise InvalidValue(
            "not_scored_reason", "a questionnaire with a score needs no reason for having none"
        )
    if score is None and not_scored_reason is None:
        raise InvalidValue(
            "score", "give the total difficulties score, or the reason it was not scored"
        )
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int)
        or not 0 <= score <= codes.SDQ_HIGHEST_SCORE
    ):
        raise InvalidValue(
            "score",
            f"the total difficulties score is a whole number from 0 to {codes.SDQ_HIGHEST_SCORE}, "
            f"not {score!r}",
        )


def check_looked_after_on(state: EpisodeState, day: date, what: str) -> None:
    """The child was looked after on `day`: in a period of care that had begun and not ended."""
    state.check_within(day, what)
    if not any(
        period.started_on <= day and (period.ceased_on is None or day <= period.ceased_on)
        for period in state.looked_after
    ):
        raise RuleBroken(
            "not-looked-after",
            f"the child was not looked after on {day}, so {what} cannot be recorded",
            "occurred_at",
        )


def _check_problem_identified(state: EpisodeState, day: date, what: str) -> None:
    check_looked_after_on(state, day, what)
    if not any(identified <= day for identified in state.substance_misuse):
        raise RuleBroken(
            "no-substance-misuse",
            f"no substance misuse problem was identified by {day}, so {what} for one cannot be "
            "recorded; record the problem first",
            "occurred_at",
        )
