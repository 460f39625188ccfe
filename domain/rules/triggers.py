"""The events that start and stop clocks, named once so that rules cannot drift apart."""

from domain.rules.model import Trigger

REFERRAL_RECEIVED = Trigger("referral_received", "referral received")
REFERRAL_DECIDED = Trigger(
    "referral_decision_made", "decision on the referral made and the referrer told"
)
SIGNIFICANT_HARM_SUSPECTED = Trigger(
    "significant_harm_suspected", "reasonable cause to suspect significant harm"
)
STRATEGY_DISCUSSION_HELD = Trigger("strategy_discussion_held", "strategy discussion held")
SECTION_47_STRATEGY_DISCUSSION = Trigger(
    "strategy_discussion_held", "strategy discussion that started the section 47 enquiry"
)
ASSESSMENT_COMPLETED = Trigger("assessment_completed", "child and family assessment completed")
INITIAL_CONFERENCE_HELD = Trigger(
    "initial_child_protection_conference_held", "initial child protection conference held"
)
REVIEW_CONFERENCE_HELD = Trigger(
    "review_child_protection_conference_held", "review child protection conference held"
)
PREVIOUS_REVIEW_CONFERENCE = Trigger(
    "review_child_protection_conference_held", "previous review conference"
)
CORE_GROUP_HELD = Trigger("core_group_held", "core group meeting held")
PREVIOUS_CORE_GROUP = Trigger("core_group_held", "previous core group meeting")
PROTECTION_PLAN_STARTED = Trigger("child_protection_plan_started", "child protection plan started")
PROTECTION_PLAN_VISIT = Trigger(
    "child_protection_visit_made", "visit with the child seen, and seen alone where appropriate"
)
PREVIOUS_PROTECTION_PLAN_VISIT = Trigger("child_protection_visit_made", "previous visit")
CHILD_IN_NEED_PLAN_STARTED = Trigger("child_in_need_plan_started", "child in need plan started")
CHILD_IN_NEED_PLAN_REVIEWED = Trigger("child_in_need_plan_reviewed", "child in need plan reviewed")
PREVIOUS_CHILD_IN_NEED_REVIEW = Trigger("child_in_need_plan_reviewed", "previous review")
FIRST_PLACEMENT = Trigger("first_placement_made", "first placement")
CARE_PLAN_PREPARED = Trigger("care_plan_prepared", "care plan prepared")
BECAME_LOOKED_AFTER = Trigger("became_looked_after", "child became looked after")
LOOKED_AFTER_REVIEW_HELD = Trigger("looked_after_review_held", "looked-after review held")
FIRST_LOOKED_AFTER_REVIEW = Trigger("looked_after_review_held", "first looked-after review")
PREVIOUS_LOOKED_AFTER_REVIEW = Trigger("looked_after_review_held", "previous looked-after review")
PLACEMENT_STARTED = Trigger("placement_started", "start of the placement")
STATUTORY_VISIT = Trigger("statutory_visit_made", "statutory visit with the child seen")
PREVIOUS_STATUTORY_VISIT = Trigger("statutory_visit_made", "previous statutory visit")
BECAME_ELIGIBLE_CARE_LEAVER = Trigger(
    "care_leaver_eligibility_started", "16th birthday, or becoming eligible after 16"
)
NEEDS_ASSESSMENT_COMPLETED = Trigger(
    "care_leaver_needs_assessment_completed", "care leaver needs assessment completed"
)
PATHWAY_PLAN_REVIEWED = Trigger("pathway_plan_reviewed", "pathway plan reviewed")
PREVIOUS_PATHWAY_PLAN_REVIEW = Trigger("pathway_plan_reviewed", "previous pathway plan review")
ACCOMMODATION_FIRST_PROVIDED = Trigger(
    "accommodation_first_provided", "accommodation first provided"
)
PERSONAL_ADVISER_VISIT = Trigger("personal_adviser_visit_made", "personal adviser visit made")
PREVIOUS_PERSONAL_ADVISER_VISIT = Trigger("personal_adviser_visit_made", "previous visit")
TAKEN_INTO_POLICE_PROTECTION = Trigger(
    "taken_into_police_protection", "child taken into police protection"
)
POLICE_PROTECTION_ENDED = Trigger(
    "police_protection_ended", "child released from police protection"
)
SERIOUS_INCIDENT_KNOWN = Trigger(
    "serious_incident_became_known", "authority becomes aware of a serious incident"
)
SERIOUS_INCIDENT_NOTIFIED = Trigger(
    "serious_incident_notified", "serious incident notified to the national panel"
)
RAPID_REVIEW_COMPLETED = Trigger("rapid_review_completed", "rapid review completed")

# Wales: a referral is a "report", a protection plan a "care and support protection plan".
REPORT_RECEIVED = Trigger("report_received", "report received")
REPORT_DECIDED = Trigger("report_decision_made", "decision on the report made")
CHILD_AT_RISK_SUSPECTED = Trigger(
    "child_at_risk_suspected", "reasonable cause to suspect a child is at risk"
)
OUTLINE_PLAN_CIRCULATED = Trigger("outline_plan_circulated", "outline plan circulated")
ENQUIRIES_STARTED = Trigger("section_47_enquiries_started", "start of enquiries")
SECTION_47_ASSESSMENT_COMPLETED = Trigger(
    "section_47_assessment_completed", "section 47 (continuing) assessment completed"
)
CARE_AND_SUPPORT_PLAN_PREPARED = Trigger(
    "care_and_support_plan_prepared", "care and support plan prepared"
)
