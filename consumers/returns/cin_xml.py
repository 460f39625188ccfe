"""The CIN census as the DfE's XML message: a header, then one Child element per child, elements
in the order of the DfE's schema, dates as YYYY-MM-DD."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime

from consumers.returns.cin_census import CinChild, CinEpisode
from consumers.returns.period import Authority, CollectionYear

SOFTWARE = "Casetrail"


def cin_census_xml(
    children: Iterable[CinChild], year: CollectionYear, authority: Authority, made_at: datetime,
    release: str, serial: int = 1,
) -> bytes:
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    _add(ET.SubElement(header, "CollectionDetails"), ("Collection", "CIN"),
         ("Year", str(year.year)), ("ReferenceDate", year.end))
    _add(ET.SubElement(header, "Source"), ("SourceLevel", "L"), ("LEA", authority.code),
         ("SoftwareCode", SOFTWARE), ("Release", release), ("SerialNo", str(serial)),
         ("DateTime", made_at.replace(microsecond=0, tzinfo=None).isoformat()))
    listed = ET.SubElement(message, "Children")
    for child in children:
        _child(ET.SubElement(listed, "Child"), child)
    ET.indent(message)
    written: bytes = ET.tostring(message, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def _child(element: ET.Element, child: CinChild) -> None:
    _add(ET.SubElement(element, "ChildIdentifiers"),
         ("LAchildID", child.la_child_id), ("UPN", child.upn), ("UPNunknown", child.upn_unknown),
         ("PersonBirthDate", child.birth_date),
         ("ExpectedPersonBirthDate", child.expected_birth_date), ("Sex", child.sex),
         ("PersonDeathDate", child.death_date))
    characteristics = ET.SubElement(element, "ChildCharacteristics")
    _add(characteristics, ("Ethnicity", child.ethnicity))
    disabilities = ET.SubElement(characteristics, "Disabilities")
    for code in child.disabilities:
        _add(disabilities, ("Disability", code))
    for episode in child.episodes:
        _episode(ET.SubElement(element, "CINdetails"), episode)


def _episode(element: ET.Element, episode: CinEpisode) -> None:
    _add(element, ("CINreferralDate", episode.referral_date),
         ("ReferralSource", episode.referral_source), ("PrimaryNeedCode", episode.primary_need),
         ("CINclosureDate", episode.closed_on), ("ReasonForClosure", episode.closure_reason),
         ("ReferralNFA", episode.referral_nfa))
    for assessment in episode.assessments:
        block = ET.SubElement(element, "Assessments")
        _add(block, ("AssessmentActualStartDate", assessment.started_on),
             ("AssessmentAuthorisationDate", assessment.authorised_on))
        if assessment.factors:
            factors = ET.SubElement(block, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                _add(factors, ("AssessmentFactors", code))
    for started, ended in episode.cin_plans:
        _add(ET.SubElement(element, "CINPlanDates"), ("CINPlanStartDate", started),
             ("CINPlanEndDate", ended))
    for s47 in episode.section47s:
        _add(ET.SubElement(element, "Section47"), ("S47ActualStartDate", s47.started_on),
             ("InitialCPCtarget", s47.icpc_target), ("DateOfInitialCPC", s47.icpc_on),
             ("ICPCnotRequired", s47.icpc_not_required))
    for plan in episode.protection_plans:
        block = ET.SubElement(element, "ChildProtectionPlans")
        _add(block, ("CPPstartDate", plan.started_on), ("CPPendDate", plan.ended_on),
             ("InitialCategoryOfAbuse", plan.initial_category),
             ("LatestCategoryOfAbuse", plan.latest_category),
             ("NumberOfPreviousCPP", plan.previous_plans))
        for day in plan.reviews:
            _add(ET.SubElement(block, "Reviews"), ("CPPreviewDate", day))


def _add(parent: ET.Element, *fields: tuple[str, object]) -> None:
    """A child element per field that has a value (the schema's optional fields left out)."""
    for name, value in fields:
        if value is None:
            continue
        ET.SubElement(parent, name).text = _text(value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
