"""An episode of need, from referral to closure (the CIN census's "CINdetails")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import codes
from domain.codes import check_code, check_codes
from domain.episode import (
    adoption,
    care_leavers,
    everyday,
    health,
    looked_after,
    placement_details,
    plans,
    protection,
    referral,
    statutory_steps,
)
from domain.episode.base import EpisodeEntryInError, EpisodeEvent, EpisodeEventCorrected
from domain.episode.state import EpisodeState
from domain.errors import InvalidValue
from domain.record import CaseAggregate, CaseEvent, typed_changes
from domain.text import check_reason, check_text, optional_text


class Episode(CaseAggregate[EpisodeState]):
    """One episode of need of one child. Every command takes when it happened (`occurred_at`),
    which may be in the past: recording late is normal and never refused."""

    def new_state(self) -> EpisodeState:
        return EpisodeState()

    @property
    def child_id(self) -> UUID:
        assert self.state.child_id is not None
        return self.state.child_id

    def record(
        self,
        event_class: type[CaseEvent],
        occurred_at: datetime,
        reason: str | None = None,
        **facts: Any,
    ) -> None:
        if issubclass(event_class, EpisodeEvent):
            facts["child_id"] = self.child_id
        super().record(event_class, occurred_at, reason, **facts)

    # Referral, assessment, closure

    @classmethod
    def receive_referral(
        cls,
        id: UUID,
        child_id: UUID,
        occurred_at: datetime,
        source: str,
        concern: str,
        primary_need: str = "N0",
    ) -> Episode:
        episode: Episode = cls.start(
            referral.ReferralReceived,
            id,
            occurred_at,
            child_id=child_id,
            source=check_code("source", source, codes.REFERRAL_SOURCES),
            concern=check_text(concern, "concern"),
            primary_need=check_code("primary_need", primary_need, codes.PRIMARY_NEEDS),
        )
        return episode

    def decide_referral(self, occurred_at: datetime, decision: str, rationale: str) -> None:
        self.record(
            referral.ReferralDecided,
            occurred_at,
            decision=check_code("decision", decision, codes.REFERRAL_DECISIONS),
            rationale=check_text(rationale, "rationale"),
        )

    def record_primary_need(self, occurred_at: datetime, primary_need: str) -> None:
        self.record(
            referral.PrimaryNeedRecorded,
            occurred_at,
            primary_need=check_code("primary_need", primary_need, codes.PRIMARY_NEEDS),
        )

    def start_assessment(self, occurred_at: datetime) -> None:
        self.record(referral.AssessmentStarted, occurred_at)

    def record_child_seen_in_assessment(self, occurred_at: datetime) -> None:
        self.record(referral.ChildSeenDuringAssessment, occurred_at)

    def complete_assessment(self, occurred_at: datetime, factors: list[str], outcome: str) -> None:
        factors = check_codes("factors", factors, codes.ASSESSMENT_FACTORS)
        if not factors:
            raise InvalidValue("factors", "give the factors identified, or 21 for none")
        if "21" in factors and len(factors) > 1:
            raise InvalidValue("factors", "21 (no factors identified) stands alone")
        self.record(
            referral.AssessmentCompleted,
            occurred_at,
            factors=sorted(set(factors)),
            outcome=check_code("outcome", outcome, codes.ASSESSMENT_OUTCOMES),
        )

    def authorise_assessment(self, occurred_at: datetime) -> None:
        self.record(referral.AssessmentAuthorised, occurred_at)

    def close(self, occurred_at: datetime, closure_reason: str, reason: str | None = None) -> None:
        self.record(
            referral.EpisodeClosed,
            occurred_at,
            optional_text(reason, "reason"),
            closure_reason=check_code("closure_reason", closure_reason, codes.CLOSURE_REASONS),
        )

    def reopen(self, occurred_at: datetime, reason: str) -> None:
        self.record(referral.EpisodeReopened, occurred_at, check_reason(reason))

    # Child protection

    def hold_strategy_discussion(
        self, occurred_at: datetime, start_section47: bool, agencies_present: list[str]
    ) -> None:
        self.record(
            protection.StrategyDiscussionHeld,
            occurred_at,
            start_section47=start_section47,
            agencies_present=_agencies(agencies_present),
        )

    def start_section47(self, occurred_at: datetime) -> None:
        self.record(protection.Section47Started, occurred_at)

    def conclude_section47(self, occurred_at: datetime, conference_needed: bool) -> None:
        self.record(protection.Section47Concluded, occurred_at, conference_needed=conference_needed)

    def hold_initial_conference(
        self,
        occurred_at: datetime,
        plan: bool,
        category: str | None,
        agencies_invited: list[str],
        agencies_present: list[str],
    ) -> None:
        self.record(
            protection.InitialConferenceHeld,
            occurred_at,
            plan=plan,
            **_conference(plan, category, agencies_invited, agencies_present),
        )

    def hold_review_conference(
        self,
        occurred_at: datetime,
        plan: bool,
        category: str | None,
        agencies_invited: list[str],
        agencies_present: list[str],
    ) -> None:
        self.record(
            protection.ReviewConferenceHeld,
            occurred_at,
            plan=plan,
            **_conference(plan, category, agencies_invited, agencies_present),
        )

    def start_protection_plan(self, occurred_at: datetime, category: str) -> None:
        self.record(
            protection.ProtectionPlanStarted,
            occurred_at,
            category=check_code("category", category, codes.ABUSE_CATEGORIES),
        )

    def hold_core_group(
        self, occurred_at: datetime, agencies_invited: list[str], agencies_present: list[str]
    ) -> None:
        self.record(
            protection.CoreGroupHeld,
            occurred_at,
            agencies_invited=_agencies(agencies_invited),
            agencies_present=_agencies(agencies_present, agencies_invited),
        )

    def end_protection_plan(self, occurred_at: datetime, reason: str | None = None) -> None:
        self.record(protection.ProtectionPlanEnded, occurred_at, optional_text(reason, "reason"))

    # Child in need and pathway plans

    def start_cin_plan(self, occurred_at: datetime) -> None:
        self.record(plans.ChildInNeedPlanStarted, occurred_at)

    def review_cin_plan(self, occurred_at: datetime) -> None:
        self.record(plans.ChildInNeedPlanReviewed, occurred_at)

    def end_cin_plan(self, occurred_at: datetime, reason: str | None = None) -> None:
        self.record(plans.ChildInNeedPlanEnded, occurred_at, optional_text(reason, "reason"))

    def start_pathway_plan(self, occurred_at: datetime) -> None:
        self.record(plans.PathwayPlanStarted, occurred_at)

    def review_pathway_plan(self, occurred_at: datetime) -> None:
        self.record(plans.PathwayPlanReviewed, occurred_at)

    def end_pathway_plan(self, occurred_at: datetime, reason: str | None = None) -> None:
        self.record(plans.PathwayPlanEnded, occurred_at, optional_text(reason, "reason"))

    # Looked after

    def become_looked_after(
        self,
        occurred_at: datetime,
        legal_status: str,
        placement_type: str,
        visit_regime: str = "E14",
        intended_until_18: bool = False,
        placement_provider: str | None = None,
        placement_postcode: str | None = None,
        home_postcode: str | None = None,
        placement_urn: str | None = None,
        previous_permanence: str | None = None,
        previous_permanence_authority: str | None = None,
        previous_permanence_on: date | None = None,
    ) -> None:
        """The child starts to be looked after. The placement's provider, postcode and Ofsted
        URN, the child's home postcode, and any previous permanence arrangement (P1-P4, or Z1
        for none, with the authority and date of an adoption or order where known) are for the
        SSDA903 return; left out, they are not recorded. (The event holds them to the DfE's
        rules.)"""
        self.record(
            looked_after.BecameLookedAfter,
            occurred_at,
            legal_status=check_code("legal_status", legal_status, codes.LEGAL_STATUSES),
            **_placement(placement_type, visit_regime, intended_until_18),
            **_details(placement_type, placement_provider, placement_postcode, home_postcode,
                       placement_urn),
            previous_permanence=previous_permanence,
            previous_permanence_authority=previous_permanence_authority,
            previous_permanence_on=previous_permanence_on,
        )

    def change_legal_status(self, occurred_at: datetime, legal_status: str) -> None:
        self.record(
            looked_after.LegalStatusChanged,
            occurred_at,
            legal_status=check_code("legal_status", legal_status, codes.LEGAL_STATUSES),
        )

    def change_placement(
        self,
        occurred_at: datetime,
        placement_type: str,
        change_reason: str,
        visit_regime: str = "E14",
        intended_until_18: bool = False,
        placement_provider: str | None = None,
        placement_postcode: str | None = None,
        home_postcode: str | None = None,
        placement_urn: str | None = None,
    ) -> None:
        """The child moves placement. The new placement's provider, postcode and Ofsted URN are
        for the SSDA903 return; the child's home postcode only if it changed."""
        self.record(
            looked_after.PlacementChanged,
            occurred_at,
            change_reason=check_code(
                "change_reason", change_reason, codes.PLACEMENT_CHANGE_REASONS
            ),
            **_placement(placement_type, visit_regime, intended_until_18),
            **_details(placement_type, placement_provider, placement_postcode, home_postcode,
                       placement_urn),
        )

    def hold_looked_after_review(self, occurred_at: datetime, participation: str = "PN1") -> None:
        self.record(
            looked_after.LookedAfterReviewHeld,
            occurred_at,
            participation=check_code("participation", participation, codes.REVIEW_PARTICIPATION),
        )

    def record_missing_episode(self, occurred_at: datetime, returned_on: date | None) -> None:
        if returned_on is not None and returned_on < occurred_at.date():
            raise InvalidValue("returned_on", "the child cannot return before going missing")
        self.record(looked_after.MissingEpisodeRecorded, occurred_at, returned_on=returned_on)

    def cease_to_be_looked_after(self, occurred_at: datetime, ceased_reason: str) -> None:
        self.record(
            looked_after.CeasedToBeLookedAfter,
            occurred_at,
            ceased_reason=check_code("ceased_reason", ceased_reason, codes.CEASED_REASONS),
        )

    # Every-day work

    def record_visit(
        self,
        occurred_at: datetime,
        child_seen: bool,
        seen_alone: bool,
        statutory: bool = True,
        note: str | None = None,
    ) -> None:
        if seen_alone and not child_seen:
            raise InvalidValue("seen_alone", "a child seen alone was seen: set child_seen too")
        self.record(
            everyday.VisitRecorded,
            occurred_at,
            statutory=statutory,
            child_seen=child_seen,
            seen_alone=seen_alone,
            note=optional_text(note, "note"),
        )

    def record_case_note(self, occurred_at: datetime, note: str) -> None:
        self.record(everyday.CaseNoteRecorded, occurred_at, note=check_text(note, "note"))

    def raise_concern(self, occurred_at: datetime, agency: str, concern: str) -> None:
        self.record(
            everyday.ConcernRaised,
            occurred_at,
            agency=check_code("agency", agency, codes.AGENCIES),
            concern=check_text(concern, "concern"),
        )

    def record_decision(
        self, occurred_at: datetime, decision: str, rationale: str, information: str | None = None
    ) -> None:
        self.record(
            everyday.DecisionRecorded,
            occurred_at,
            decision=check_text(decision, "decision", 2000),
            rationale=check_text(rationale, "rationale"),
            information=optional_text(information, "information"),
        )

    def record_management_oversight(self, occurred_at: datetime, direction: str) -> None:
        self.record(
            everyday.ManagementOversightRecorded,
            occurred_at,
            direction=check_text(direction, "direction"),
        )

    def allocate(self, occurred_at: datetime, worker_id: UUID, change_reason: str) -> None:
        self.record(
            everyday.WorkerAllocated,
            occurred_at,
            worker_id=worker_id,
            change_reason=check_code("change_reason", change_reason, codes.WORKER_CHANGE_REASONS),
        )

    def unallocate(self, occurred_at: datetime, change_reason: str) -> None:
        self.record(
            everyday.WorkerUnallocated,
            occurred_at,
            change_reason=check_code("change_reason", change_reason, codes.WORKER_CHANGE_REASONS),
        )

    def extend_clock(
        self, occurred_at: datetime, rule: str, new_due: date, approved_by: str, reason: str
    ) -> None:
        self.record(
            everyday.ClockExtended,
            occurred_at,
            check_reason(reason),
            rule=check_text(rule, "rule", 10),
            new_due=new_due,
            approved_by=check_text(approved_by, "approved_by", 100),
        )

    # Corrections

    def correct(
        self, occurred_at: datetime, version: int, changes: dict[str, Any], reason: str
    ) -> None:
        self.record(
            EpisodeEventCorrected,
            occurred_at,
            check_reason(reason),
            corrects_version=version,
            changes=typed_changes(self.event_at(version), changes),
        )

    def strike(self, occurred_at: datetime, version: int, reason: str) -> None:
        self.record(
            EpisodeEntryInError, occurred_at, check_reason(reason), corrects_version=version
        )

    # Statutory steps that clocks wait for

    def prepare_care_plan(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.CarePlanPrepared, occurred_at)

    def complete_needs_assessment(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.CareLeaverNeedsAssessmentCompleted, occurred_at)

    def provide_care_leaver_accommodation(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.CareLeaverAccommodationProvided, occurred_at)

    def record_personal_adviser_visit(self, occurred_at: datetime, note: str | None = None) -> None:
        self.record(
            statutory_steps.PersonalAdviserVisited, occurred_at, note=optional_text(note, "note")
        )

    def record_serious_incident(self, occurred_at: datetime, incident: str) -> None:
        self.record(
            statutory_steps.SeriousIncidentBecameKnown,
            occurred_at,
            incident=check_text(incident, "incident"),
        )

    def notify_serious_incident(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.SeriousIncidentNotified, occurred_at)

    def complete_rapid_review(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.RapidReviewCompleted, occurred_at)

    def circulate_outline_plan(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.OutlinePlanCirculated, occurred_at)

    def complete_section47_assessment(self, occurred_at: datetime) -> None:
        self.record(statutory_steps.Section47AssessmentCompleted, occurred_at)

    # The health of a looked-after child

    def complete_health_assessment(self, occurred_at: datetime, initial: bool = False) -> None:
        """A statutory health assessment: the initial one, or a review."""
        self.record(health.HealthAssessmentCompleted, occurred_at, initial=initial)

    def record_dental_check(self, occurred_at: datetime) -> None:
        """The child's teeth checked by a dentist."""
        self.record(health.DentalCheckCompleted, occurred_at)

    def review_immunisations(self, occurred_at: datetime, up_to_date: bool) -> None:
        """Whether the child's immunisations are up to date."""
        self.record(health.ImmunisationsReviewed, occurred_at, up_to_date=up_to_date)

    def review_development_checks(self, occurred_at: datetime, up_to_date: bool) -> None:
        """Whether a young child's development checks are up to date."""
        self.record(health.DevelopmentChecksReviewed, occurred_at, up_to_date=up_to_date)

    def record_strengths_and_difficulties(
        self, occurred_at: datetime, score: int | None = None,
        not_scored_reason: str | None = None,
    ) -> None:
        """A Strengths and Difficulties Questionnaire: its score (0-40), or why it has none."""
        if not_scored_reason is not None:
            check_code("not_scored_reason", not_scored_reason, codes.SDQ_NOT_SCORED_REASONS)
        health.check_questionnaire(score, not_scored_reason)
        self.record(
            health.StrengthsAndDifficultiesRecorded,
            occurred_at,
            score=score,
            not_scored_reason=not_scored_reason,
        )

    def identify_substance_misuse(self, occurred_at: datetime) -> None:
        """A substance misuse problem identified."""
        self.record(health.SubstanceMisuseIdentified, occurred_at)

    def offer_substance_misuse_intervention(self, occurred_at: datetime, accepted: bool) -> None:
        """An intervention for the substance misuse offered, accepted or refused."""
        self.record(health.SubstanceMisuseInterventionOffered, occurred_at, accepted=accepted)

    def record_substance_misuse_intervention(self, occurred_at: datetime) -> None:
        """The young person received an intervention for their substance misuse."""
        self.record(health.SubstanceMisuseInterventionReceived, occurred_at)

    def record_youth_justice_outcome(self, occurred_at: datetime, disposal: str) -> None:
        """A conviction, youth caution or youth conditional caution."""
        self.record(
            health.YouthJusticeOutcomeRecorded,
            occurred_at,
            disposal=check_code("disposal", disposal, codes.YOUTH_JUSTICE_OUTCOMES),
        )

    # A care leaver's circumstances

    def record_care_leaver_circumstances(
        self, occurred_at: datetime, activity: str, accommodation: str,
        accommodation_suitable: bool,
    ) -> None:
        """At a contact, what the care leaver is mainly doing and where they live."""
        self.record(
            care_leavers.CareLeaverCircumstancesRecorded,
            occurred_at,
            activity=check_code("activity", activity, codes.CARE_LEAVER_ACTIVITIES),
            accommodation=check_code(
                "accommodation", accommodation, codes.CARE_LEAVER_ACCOMMODATION
            ),
            accommodation_suitable=accommodation_suitable,
        )

    # Adoption

    def decide_adoption(self, occurred_at: datetime) -> None:
        """The agency decision maker's decision that the child should be placed for adoption."""
        self.record(adoption.AdoptionDecided, occurred_at)

    def match_adopters(
        self, occurred_at: datetime, adopters: int, adopters_sex: str,
        adopters_legal_status: str, foster_carers: bool,
    ) -> None:
        """The child matched with prospective adopters: how many (1 or 2), their sexes (M1, F1;
        MM, FF, MF), their legal status (L0, L11, L12, L2, L3, L4), and whether they are the
        child's foster carers."""
        adoption.check_adopters(adopters, adopters_sex, adopters_legal_status)
        self.record(
            adoption.AdoptersMatched,
            occurred_at,
            adopters=adopters,
            adopters_sex=adopters_sex,
            adopters_legal_status=adopters_legal_status,
            foster_carers=foster_carers,
        )

    def reverse_adoption_decision(self, occurred_at: datetime, reason_code: str) -> None:
        """The child should no longer be placed for adoption, for the DfE's reason (RD1-RD4)."""
        self.record(
            adoption.AdoptionDecisionReversed,
            occurred_at,
            reason_code=check_code("reason_code", reason_code, codes.ADOPTION_REVERSAL_REASONS),
        )


def _agencies(values: list[str], invited: list[str] | None = None) -> list[str]:
    agencies = sorted(set(check_codes("agencies", values, codes.AGENCIES)))
    if invited is not None and not set(agencies) <= set(invited):
        raise InvalidValue("agencies_present", "an agency present must have been invited")
    return agencies


def _conference(
    plan: bool, category: str | None, invited: list[str], present: list[str]
) -> dict[str, Any]:
    if plan and not category:
        raise InvalidValue("category", "a protection plan needs a category of abuse")
    return {
        "category": check_code("category", category, codes.ABUSE_CATEGORIES) if category else None,
        "agencies_invited": _agencies(invited),
        "agencies_present": _agencies(present, invited),
    }


def _placement(placement_type: str, visit_regime: str, intended_until_18: bool) -> dict[str, Any]:
    return {
        "placement_type": check_code("placement_type", placement_type, codes.PLACEMENT_TYPES),
        "visit_regime": check_code("visit_regime", visit_regime, codes.VISIT_REGIMES),
        "intended_until_18": intended_until_18,
    }


def _details(
    placement_type: str, provider: str | None, postcode: str | None, home: str | None,
    urn: str | None,
) -> dict[str, Any]:
    """A placement's details as recorded (the event holds them to the DfE's rules): postcodes
    written in full, URNs in capitals, and the parents as the provider of a placement with
    parents."""
    return {
        "placement_provider": placement_details.provider_of(placement_type, provider),
        "placement_postcode": placement_details.postcode("placement_postcode", postcode),
        "home_postcode": placement_details.postcode("home_postcode", home),
        "placement_urn": urn.strip().upper() if urn is not None else None,
    }
