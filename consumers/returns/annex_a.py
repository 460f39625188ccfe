"""Ofsted's Annex A: the child-level lists an inspection of children's services asks for, as at
a date. Contacts, early help, referrals, assessments and section 47 enquiries cover the six months
before it; children in need, protection and care those open at some time in those six months;
care leavers those the authority still supports; adoption (children, and the adopters matched
with them) the year before it, and those still waiting. Every list has the
child's id, gender, ethnicity, date of birth and age; most add disability and the team and worker
holding the case on the date. The independent reviewing officer's last contact is the last
looked-after review (the IRO chairs each one); Casetrail records no other IRO contact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts, Row
from consumers.returns.period import age_on
from domain.calendar import add_months

GENDERS = {"M": "Male", "F": "Female", "U": "Not known"}
EARLY_HELP = "EARLY_HELP"
ADOPTED = frozenset({"E11", "E12"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
EMERGENCY = frozenset({"L1", "L2"})
CHILD = ("Child unique ID", "Gender", "Ethnicity", "Date of birth", "Age")
HELD = ("Disability",)
HOLDER = ("Allocated team", "Allocated worker")


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Window:
    """The date the lists are made as at, and the periods they look back over."""

    as_of: date

    @property
    def six_months(self) -> date:
        return add_months(self.as_of, -6) + timedelta(days=1)

    @property
    def year(self) -> date:
        return add_months(self.as_of, -12) + timedelta(days=1)

    def within(self, day: date | None, since: date) -> bool:
        return day is not None and since <= day <= self.as_of

    def running(self, started: date, ended: date | None, since: date) -> bool:
        return started <= self.as_of and (ended is None or ended >= since)


Lister = Callable[[Casebook, Window], list[tuple[Any, ...]]]


def annex_a(book: Casebook, as_of: date) -> list[Sheet]:
    window = Window(as_of)
    return [Sheet(name, columns, rows(book, window)) for name, columns, rows in LISTS]


def _contacts(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        if w.within(e.referral_date, w.six_months):
            rows.append((*_child(child, w), e.referral_date, e.row["referral_source"]))
        rows += [(*_child(child, w), c["raised_on"], c["agency"])
                 for c in e.rows("concerns") if w.within(c["raised_on"], w.six_months)]
    return rows


def _early_help(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        started: list[tuple[date | None, str]] = []
        if e.row["decision"] == EARLY_HELP:
            started.append((e.row["decided_on"], "referral decision"))
        started += [(a["authorised_on"] or a["completed_on"], "assessment outcome")
                    for a in e.rows("assessments") if a["outcome"] == EARLY_HELP]
        if e.row["closure_reason"] == "RC9":
            started.append((e.closed_on, "closed after assessment, referred to early help"))
        rows += [(*_held(book, child, e, w), day, why)
                 for day, why in started if w.within(day, w.six_months)]
    return rows


def _referrals(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        if not w.within(e.referral_date, w.six_months):
            continue
        year_before = add_months(e.referral_date, -12)
        previous = sum(1 for other in book.episodes_of(child.child_id)
                       if year_before <= other.referral_date < e.referral_date)
        rows.append((*_held(book, child, e, w), e.referral_date, e.row["referral_source"],
                     _yes(e.row["decision"] == "NFA"), previous))
    return rows


def _assessments(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    return [
        (*_held(book, child, e, w), a["started_on"], _by(a["seen_on"], w),
         _by(a["authorised_on"], w), a["outcome"] if _by(a["completed_on"], w) else None)
        for child, e in _episodes(book) for a in e.rows("assessments")
        if w.running(a["started_on"], a["authorised_on"], w.six_months)
    ]


def _section47s(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        strategies = [s["held_on"] for s in e.rows("strategy_discussions")]
        initial = [c for c in e.rows("conferences") if c["kind"] == "initial"]
        for s47 in e.rows("section47s"):
            if not w.within(s47["started_on"], w.six_months):
                continue
            strategy = max((d for d in strategies if d <= s47["started_on"]), default=None)
            conference = next((c for c in initial if c["held_on"] >= s47["started_on"]
                               and c["held_on"] <= w.as_of), None)
            every = [s for other in book.episodes_of(child.child_id)
                     for s in other.rows("section47s")]
            conferences = [c for other in book.episodes_of(child.child_id)
                           for c in other.rows("conferences") if c["kind"] == "initial"]
            rows.append((
                *_held(book, child, e, w), strategy,
                _yes(s47["conference_needed"] == 0 and _by(s47["concluded_on"], w) is not None),
                conference["held_on"] if conference else None,
                _yes(bool(conference and conference["plan"])) if conference else None,
                sum(1 for s in every if w.within(s["started_on"], w.year)),
                sum(1 for c in conferences if w.within(c["held_on"], w.year)),
            ))
    return rows


def _children_in_need(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        if not w.running(e.referral_date, e.closed_on, w.six_months):
            continue
        seen = [v["visited_on"] for v in e.rows("visits")
                if v["child_seen"] and v["visited_on"] <= w.as_of]
        closed = _by(e.closed_on, w)
        rows.append((*_held(book, child, e, w), e.referral_date, e.row["primary_need"],
                     max(seen, default=None), closed, "closed" if closed else "open"))
    return rows


def _protection(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        for plan in (p for p in e.rows("plans") if p["kind"] == "protection"):
            if not w.running(plan["started_on"], plan["ended_on"], w.six_months):
                continue
            ended = _by(plan["ended_on"], w)
            reviews = [c for c in e.rows("conferences") if c["kind"] == "review"
                       and plan["started_on"] < c["held_on"] <= (ended or w.as_of)]
            categories = [c["category"] for c in reviews if c["category"]]
            visits = [v for v in e.rows("visits") if v["statutory"] and v["kind"] == "visit"
                      and plan["started_on"] <= v["visited_on"] <= (ended or w.as_of)]
            last = visits[-1] if visits else None
            emergency = any(c["legal_status"] in EMERGENCY and w.running(
                c["started_on"], c["ended_on"], w.six_months)
                for other in book.episodes_of(child.child_id)
                for c in other.rows("care_episodes"))
            previous = sum(1 for other in book.episodes_of(child.child_id)
                           for p in other.rows("plans")
                           if p["kind"] == "protection" and p["started_on"] < plan["started_on"])
            rows.append((
                *_held(book, child, e, w), plan["started_on"], plan["initial_category"],
                categories[-1] if categories else plan["initial_category"],
                last["visited_on"] if last else None,
                _yes(bool(last["seen_alone"])) if last else None,
                reviews[-1]["held_on"] if reviews else None, ended, _yes(emergency), previous,
            ))
    return rows


def _in_care(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        for period in e.rows("care_periods"):
            if not w.running(period["started_on"], period["ceased_on"], w.six_months):
                continue
            number = period["period"]
            spells = [p for p in e.rows("placements")
                      if p["period"] == number and p["started_on"] <= w.as_of]
            statuses = [c for c in e.rows("care_episodes")
                        if c["period"] == number and c["started_on"] <= w.as_of]
            reviews = [r["held_on"] for r in e.rows("reviews")
                       if r["kind"] == "looked_after" and r["held_on"] <= w.as_of]
            visits = [v["visited_on"] for v in e.rows("visits")
                      if v["kind"] == "visit" and v["visited_on"] <= w.as_of]
            missing = [m for m in e.rows("missing_episodes")
                       if w.within(m["started_on"], w.year)]
            current = spells[-1] if spells else None
            rows.append((
                *_held(book, child, e, w), statuses[-1]["legal_status"] if statuses else None,
                period["started_on"], _by(period["ceased_on"], w), max(reviews, default=None),
                max(visits, default=None), max(reviews, default=None),
                sum(1 for p in spells if w.within(p["started_on"], w.year)), len(missing),
                current["placement_type"] if current else None,
                current["started_on"] if current else None,
                current["placement_provider"] if current else None,
                _yes(child.uasc_since is not None and child.uasc_since <= w.as_of
                        and (child.uasc_ends_on or w.as_of) >= period["started_on"]),
            ))
    return rows


def _care_leavers(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    rows = []
    for child, e in _episodes(book):
        pathway = [p for p in e.rows("plans") if p["kind"] == "pathway"
                   and w.running(p["started_on"], p["ended_on"], w.six_months)]
        left = [p["ceased_on"] for p in e.rows("care_periods") if _by(p["ceased_on"], w)]
        if not pathway and not (left and child.date_of_birth
                                and age_on(child.date_of_birth, left[-1]) >= 16
                                and w.running(left[-1], e.closed_on, w.six_months)):
            continue
        reviews = [r["held_on"] for r in e.rows("reviews")
                   if r["kind"] == "pathway" and r["held_on"] <= w.as_of]
        contact = [v["visited_on"] for v in e.rows("visits")
                   if v["kind"] == "personal_adviser" and v["visited_on"] <= w.as_of]
        # What the personal adviser last found: the young person's activity and accommodation.
        found = [c for c in e.rows("care_leaver_circumstances") if c["contacted_on"] <= w.as_of]
        latest = max(found, key=lambda c: (c["contacted_on"], c["seq"]), default=None)
        rows.append((*_held(book, child, e, w), left[-1] if left else None,
                     pathway[-1]["started_on"] if pathway else None,
                     max(reviews, default=None), max(contact, default=None),
                     latest["activity"] if latest else None,
                     latest["accommodation"] if latest else None))
    return rows


def _adoption(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    """Children with a decision that they should be placed for adoption, a placement order or a
    placement for adoption: those with one in the year, and those still waiting."""
    rows = []
    for child, e in _episodes(book):
        care = e.rows("care_episodes")
        order = next((c["started_on"] for c in care if c["legal_status"] == "E1"
                      and c["started_on"] <= w.as_of), None)
        placed = next((c["started_on"] for c in care if c["placement_type"]
                       in PLACED_FOR_ADOPTION and c["started_on"] <= w.as_of), None)
        adopted = next((c["ended_on"] for c in care if c["ended_reason"] in ADOPTED
                        and _by(c["ended_on"], w)), None)
        decisions = [d for d in e.rows("adoption_decisions") if d["decided_on"] <= w.as_of]
        decision = decisions[-1] if decisions else None
        decided = decision["decided_on"] if decision else None
        matched = _by(decision["matched_on"], w) if decision else None
        reversed_on = _by(decision["reversed_on"], w) if decision else None
        days = (decided, order, matched, placed, adopted, reversed_on)
        if any(w.within(day, w.year) for day in days) or (
                (decided or order or placed) and not adopted and not reversed_on
                and w.running(e.referral_date, e.closed_on, w.year)):
            entered = next((p["started_on"] for p in reversed(e.rows("care_periods"))
                            if p["started_on"] <= (decided or order or placed or w.as_of)),
                           None)
            rows.append((*_held(book, child, e, w), order, placed, adopted, entered, decided,
                         matched, reversed_on,
                         decision["reversal_reason"] if decision and reversed_on else None))
    return rows


def _adopters(book: Casebook, w: Window) -> list[tuple[Any, ...]]:
    """The prospective adopters matched with a child, a row a match made by the date and in the
    year or not yet followed by an adoption. Casetrail records adopters only as the match
    describes them: their id is the child's and the decision's number, and the authority's
    adoption service holds their enquiry and approval."""
    rows = []
    for child, e in _episodes(book):
        placements = [c["started_on"] for c in e.rows("care_episodes")
                      if c["placement_type"] in PLACED_FOR_ADOPTION and c["started_on"] <= w.as_of]
        adopted = [c["ended_on"] for c in e.rows("care_episodes")
                   if c["ended_reason"] in ADOPTED and _by(c["ended_on"], w)]
        for d in e.rows("adoption_decisions"):
            matched = _by(d["matched_on"], w)
            if matched is None:
                continue
            placed = next((day for day in placements if day >= matched), None)
            done = next((day for day in adopted if day >= matched), None)
            if not (w.within(matched, w.year) or w.within(placed, w.year)
                    or w.within(done, w.year) or (done is None and not _by(d["reversed_on"], w))):
                continue
            carers = d["foster_carers"]
            rows.append((f"{child.la_child_id}-{d['seq']}", None, None, matched, placed,
                         child.la_child_id, d["adopters"], d["adopters_sex"],
                         d["adopters_legal_status"], None if carers is None else _yes(carers)))
    return rows


def _episodes(book: Casebook) -> list[tuple[ChildFacts, EpisodeFacts]]:
    return [
        (child, episode)
        for child in sorted(book.children.values(), key=lambda c: c.la_child_id)
        for episode in book.episodes_of(child.child_id)
    ]


def _child(child: ChildFacts, w: Window) -> tuple[Any, ...]:
    born = child.date_of_birth if child.date_of_birth and child.date_of_birth <= w.as_of else None
    return (child.la_child_id, GENDERS.get(child.sex, child.sex), child.ethnicity,
            born or child.expected_birth_date, age_on(born, w.as_of) if born else None)


def _held(book: Casebook, child: ChildFacts, episode: EpisodeFacts,
          w: Window) -> tuple[Any, ...]:
    """The child's columns, disability, and who held the episode on the date (or last held it,
    if it was closed by then)."""
    held = [c for c in episode.rows("worker_changes") if c["started_on"] <= w.as_of]
    holder = held[-1] if held else None
    if holder is not None and _by(holder["ended_on"], w) and not _by(episode.closed_on, w):
        holder = None  # waiting for a worker on the date
    worker: Row | None = book.workers.get(holder["worker_id"]) if holder else None
    team: Row | None = book.teams.get(worker["team_id"]) if worker else None
    disabled = any(code != "NONE" for code in child.disabilities)
    return (*_child(child, w), _yes(disabled), team["name"] if team else None,
            worker["name"] if worker else None)


def _by(day: date | None, w: Window) -> date | None:
    return day if day is not None and day <= w.as_of else None


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


LISTS: tuple[tuple[str, tuple[str, ...], Lister], ...] = (
    ("List 1 Contacts", (*CHILD, "Date of contact", "Contact source"), _contacts),
    ("List 2 Early help", (*CHILD, *HELD, *HOLDER, "Date early help began", "How it began"),
     _early_help),
    ("List 3 Referrals", (*CHILD, *HELD, *HOLDER, "Date of referral", "Referral source",
                          "Referral resulted in no further action",
                          "Referrals in the previous 12 months"), _referrals),
    ("List 4 Assessments", (*CHILD, *HELD, *HOLDER, "Assessment start date",
                            "Date child seen during assessment", "Assessment authorised date",
                            "Assessment outcome"), _assessments),
    ("List 5 Section 47", (*CHILD, *HELD, *HOLDER, "Strategy discussion date",
                           "Initial conference not needed", "Date of initial conference",
                           "Child protection plan resulted",
                           "Section 47 enquiries in the last 12 months",
                           "Initial conferences in the last 12 months"), _section47s),
    ("List 6 Children in need", (*CHILD, *HELD, *HOLDER, "Child in need start date",
                                 "Primary need", "Date child last seen", "Closure date",
                                 "Case status"), _children_in_need),
    ("List 7 Child protection", (*CHILD, *HELD, *HOLDER, "Plan start date",
                                 "Initial category of abuse", "Latest category of abuse",
                                 "Date of last statutory visit", "Child seen alone at last visit",
                                 "Date of latest review conference", "Plan end date",
                                 "EPO or police protection in the last 6 months",
                                 "Number of previous plans"), _protection),
    ("List 8 Children in care", (*CHILD, *HELD, *HOLDER, "Legal status",
                                 "Date started to be looked after",
                                 "Date ceased to be looked after", "Date of latest review",
                                 "Date of last visit", "Date of last IRO contact",
                                 "Placements in the last 12 months",
                                 "Missing episodes in the last 12 months", "Placement type",
                                 "Placement start date", "Placement provider",
                                 "Unaccompanied asylum-seeking child"), _in_care),
    ("List 9 Care leavers", (*CHILD, *HELD, *HOLDER, "Date ceased to be looked after",
                             "Pathway plan start date", "Date of latest pathway plan review",
                             "Date of last contact", "Activity", "Accommodation"),
     _care_leavers),
    ("List 10 Adoption", (*CHILD, *HELD, *HOLDER, "Date of placement order",
                          "Date placed for adoption", "Date adopted",
                          "Date started to be looked after",
                          "Date of decision that the child should be placed for adoption",
                          "Date matched with adopters",
                          "Date of decision that the child should no longer be placed",
                          "Reason no longer to be placed"), _adoption),
    ("List 11 Adopters", ("Adopter unique ID", "Date of enquiry", "Date of approval",
                          "Date matched", "Date child placed", "Child unique ID",
                          "Number of adopters", "Adopters' sexes", "Adopters' legal status",
                          "Adopters were the child's foster carers"), _adopters),
)
