"""The words practitioners would write in the demo's records: short, plain and made up."""

from __future__ import annotations

REFERRAL_CONCERNS = {
    "1": ("Family member worried that {name} is left alone at home in the evenings.",
          "Neighbour reports shouting at night and {name} crying for long periods."),
    "2": ("{name} arrived at school hungry and in unwashed clothes for the third week running.",
          "{name} has a bruise to the cheek and gave different accounts of how it happened.",
          "{name}'s attendance has fallen below 80% and parents do not answer the school."),
    "3": ("Health visitor concerned about home conditions and mother's low mood.",
          "{name} brought to A&E with an injury not consistent with the explanation given.",
          "GP reports missed immunisations and appointments; parent misusing alcohol."),
    "4": ("Housing officer found the flat in a very poor state with {name} living there.",),
    "5": ("Early help worker reports the family has stopped engaging and concerns persist.",
          "Another authority transfers information: family moved here with an open plan."),
    "6": ("Police attended a domestic incident; {name} was present in the home.",
          "Police found {name} out late at night with older youths; concerns of exploitation.",
          "Police called to the home: adults intoxicated, {name} asleep upstairs."),
    "7": ("Probation reports a partner with a history of violence has moved in with the family.",),
    "8": ("Youth worker concerned that {name} is going missing and has unexplained money.",),
    "9": ("Anonymous caller says {name} is often seen outside late and looks unkempt.",),
    "10": ("Concerns about {name}'s care received by letter; referrer not identified.",),
}

AGENCY_CONCERNS = {
    "POLICE": "Police attended the address after a report of a disturbance.",
    "HEALTH": "Health reports a missed appointment and concerns about weight.",
    "EDUCATION": "School reports poor attendance and the child seeming withdrawn.",
    "HOUSING": "Housing reports rent arrears and a threat of eviction.",
    "PROBATION": "Probation shares that a known offender is visiting the home.",
    "EARLY_YEARS": "Nursery reports the child was collected late and seemed hungry.",
    "VOLUNTARY": "Family support charity reports the parent has stopped attending.",
    "FAMILY": "Grandparent rang, worried about the parent's drinking.",
    "ADULT_SERVICES": "Adult mental health team reports the parent's relapse.",
}

NOTES = (
    "Phone call with the school: attendance improving this half term.",
    "Spoke with the health visitor; weight check booked.",
    "Parent rang to rearrange the visit; new date agreed.",
    "Discussed the plan with the family support worker.",
    "Letter sent to the family confirming the agreed actions.",
    "Checked with the GP surgery; no new concerns.",
    "Emailed the police for an update on the incident.",
    "Family group conference referral made.",
)

OVERSIGHT = (
    "Reviewed in supervision: plan proportionate, visits to continue as agreed.",
    "Supervision: chronology to be updated before the next review.",
    "Case discussed: seek the school's view before the review.",
    "Supervision: worker to see the child alone at the next visit.",
    "Reviewed: risk remains; escalate if there is a further incident.",
)

RATIONALES = {
    "NFA": "Information from partner agencies explains the concern; no role for social care.",
    "EARLY_HELP": "Needs can be met by early help with the family's agreement.",
    "ASSESSMENT": "Needs are unclear and the child may be in need: assess.",
    "STRATEGY": "Reasonable cause to suspect significant harm: strategy discussion today.",
}

EXTENSIONS = {
    "E3": ("Father's view not yet obtained; he works away until next month.",
           "Awaiting the paediatric report needed to complete the assessment.",
           "Family unavailable for three weeks; agreed with the manager."),
    "E9": ("Review moved so that the school can attend after the holidays.",),
    "E6": ("Conference moved to allow the police to attend.",),
}

CORRECTIONS = {
    "date": "Visit date entered wrongly: it took place the day before.",
    "alone": "Child was seen alone at this visit; the box was not ticked.",
}
DUPLICATE = "Entered twice in error: the same note was recorded twice."

HOUSEHOLD = ("mother's partner", "father's partner", "lodger", "uncle", "grandfather",
             "family friend", "older half-brother")
