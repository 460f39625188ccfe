"""A child: who they are, where they live, who lives with them, and the episodes of their case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from domain import codes
from domain.calendar import birthday
from domain.codes import (
    DISABILITIES,
    ETHNICITIES,
    RESTRICTION_KINDS,
    SEXES,
    UASC_CEASED_REASONS,
    CodeLists,
    check_code,
    check_codes,
)
from domain.envelope import local_date
from domain.errors import InvalidValue, RuleBroken
from domain.identifiers import check_la_child_id, check_nhs_number, check_upn
from domain.record import (
    CaseAggregate,
    CaseCreated,
    CaseEvent,
    EventCorrected,
    EventEnteredInError,
    typed_changes,
)
from domain.text import check_name as _name
from domain.text import check_reason as _reason
from domain.text import check_text as _text

# The youngest a young person recorded as having a baby can have been at the birth.
YOUNGEST_PARENT = 10
# Babies born this many days apart cannot both be right: twins are born on the same day or the
# next, and no pregnancy is viable in under about 24 weeks.
BIRTHS_APART = (2, 168)


@dataclass
class HouseholdMember:
    person_id: UUID
    name: str
    relationship: str
    joined_on: date
    checks_made: bool
    left_on: date | None = None


@dataclass
class Relationship:
    person_id: UUID
    name: str
    relationship: str
    parental_responsibility: bool


@dataclass
class ChildState:
    la_child_id: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    expected_birth_date: date | None = None
    sex: str = "U"
    ethnicity: str = "NOBT"
    disabilities: list[str] = field(default_factory=list)
    upn: str | None = None
    nhs_number: str | None = None
    addresses: list[tuple[date, str]] = field(default_factory=list)
    died_on: date | None = None
    relationships: dict[UUID, Relationship] = field(default_factory=dict)
    household: dict[UUID, HouseholdMember] = field(default_factory=dict)
    restricted: str | None = None
    named_people: list[str] = field(default_factory=list)
    episode_ids: list[UUID] = field(default_factory=list)
    open_episode_id: UUID | None = None
    # The dates the young person's own babies were born, earliest first.
    babies_born_on: list[date] = field(default_factory=list)
    # Unaccompanied asylum-seeking from `uasc_since`; ceased early on `uasc_ceased_on` (it ends
    # at 18 by itself: see `uasc_ends_on`).
    uasc_since: date | None = None
    uasc_ceased_on: date | None = None
    uasc_ceased_reason: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def birthday(self, years: int) -> date | None:
        """The day the child turns `years` (1 March for a 29 February birthday)."""
        return None if self.date_of_birth is None else birthday(self.date_of_birth, years)

    @property
    def uasc_ends_on(self) -> date | None:
        """The day the child stopped (or will stop) being an unaccompanied asylum-seeking child:
        the day it was recorded as ceasing, or else their 18th birthday."""
        if self.uasc_since is None:
            return None
        return self.uasc_ceased_on or self.birthday(18)

    def check_alive_on(self, day: date) -> None:
        if self.died_on is not None and day > self.died_on:
            raise RuleBroken(
                "after-death",
                f"the child died on {self.died_on}; nothing can happen after that",
                "occurred_at",
            )


class ChildRegistered(CaseCreated):
    code_lists: ClassVar[CodeLists] = {
        "sex": codes.SEXES,
        "ethnicity": codes.ETHNICITIES,
        "disabilities": codes.DISABILITIES,
    }

    la_child_id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    sex: str
    ethnicity: str
    disabilities: list[str]
    upn: str | None
    nhs_number: str | None
    address: str | None

    def evolve(self, state: ChildState) -> None:
        state.la_child_id, state.given_name, state.family_name = (
            self.la_child_id,
            self.given_name,
            self.family_name,
        )
        state.date_of_birth, state.expected_birth_date = (
            self.date_of_birth,
            self.expected_birth_date,
        )
        state.sex, state.ethnicity, state.disabilities = self.sex, self.ethnicity, self.disabilities
        state.upn, state.nhs_number = self.upn, self.nhs_number
        if self.address:
            state.addresses.append((self.occurred_on, self.address))


class ChildBorn(CaseEvent):
    date_of_birth: date

    def check(self, state: ChildState) -> None:
        if state.date_of_birth is not None:
            raise RuleBroken("already-born", "the child's date of birth is already recorded")

    def evolve(self, state: ChildState) -> None:
        state.date_of_birth, state.expected_birth_date = self.date_of_birth, None


class ChildKnownByNewName(CaseEvent):
    given_name: str
    family_name: str

    def evolve(self, state: ChildState) -> None:
        state.given_name, state.family_name = self.given_name, self.family_name


class IdentifiersRecorded(CaseEvent):
    upn: str | None
    nhs_number: str | None

    def evolve(self, state: ChildState) -> None:
        state.upn = self.upn or state.upn
        state.nhs_number = self.nhs_number or state.nhs_number


class CharacteristicsRecorded(CaseEvent):
    code_lists: ClassVar[CodeLists] = {
        "sex": codes.SEXES,
        "ethnicity": codes.ETHNICITIES,
        "disabilities": codes.DISABILITIES,
    }

    sex: str
    ethnicity: str
    disabilities: list[str]

    def evolve(self, state: ChildState) -> None:
        state.sex, state.ethnicity, state.disabilities = self.sex, self.ethnicity, self.disabilities


class ChildMoved(CaseEvent):
    address: str

    def evolve(self, state: ChildState) -> None:
        state.addresses.append((self.occurred_on, self.address))
        state.addresses.sort(key=lambda entry: entry[0])


class ChildDied(CaseEvent):
    def check(self, state: ChildState) -> None:
        if state.died_on is not None:
            raise RuleBroken("already-died", f"the child's death is recorded ({state.died_on})")

    def evolve(self, state: ChildState) -> None:
        state.died_on = self.occurred_on


class RelationshipRecorded(CaseEvent):
    person_id: UUID
    name: str
    relationship: str
    parental_responsibility: bool

    def evolve(self, state: ChildState) -> None:
        state.relationships[self.person_id] = Relationship(
            self.person_id, self.name, self.relationship, self.parental_responsibility
        )


class AdultJoinedHousehold(CaseEvent):
    """Reviews keep finding that a new adult changed the risk unseen: record it, and the checks."""

    person_id: UUID
    name: str
    relationship: str
    checks_made: bool

    def check(self, state: ChildState) -> None:
        member = state.household.get(self.person_id)
        if member is not None and member.left_on is None:
            raise RuleBroken("already-in-household", f"{member.name} already lives with the child")

    def evolve(self, state: ChildState) -> None:
        state.household[self.person_id] = HouseholdMember(
            self.person_id, self.name, self.relationship, self.occurred_on, self.checks_made
        )


class AdultLeftHousehold(CaseEvent):
    person_id: UUID

    def check(self, state: ChildState) -> None:
        member = state.household.get(self.person_id)
        if member is None or member.left_on is not None:
            raise RuleBroken(
                "not-in-household", "that person is not in the child's household", "person_id"
            )
        if self.occurred_on < member.joined_on:
            raise RuleBroken(
                "left-before-joined", f"{member.name} joined on {member.joined_on}", "occurred_at"
            )

    def evolve(self, state: ChildState) -> None:
        state.household[self.person_id].left_on = self.occurred_on


class HouseholdChecksRecorded(CaseEvent):
    person_id: UUID

    def check(self, state: ChildState) -> None:
        if self.person_id not in state.household:
            raise RuleBroken(
                "not-in-household", "that person is not in the child's household", "person_id"
            )

    def evolve(self, state: ChildState) -> None:
        state.household[self.person_id].checks_made = True


class RecordRestricted(CaseEvent):
    code_lists: ClassVar[CodeLists] = {"kind": codes.RESTRICTION_KINDS}

    kind: str
    named_people: list[str]

    def evolve(self, state: ChildState) -> None:
        state.restricted, state.named_people = self.kind, list(self.named_people)


class RestrictionLifted(CaseEvent):
    def check(self, state: ChildState) -> None:
        if state.restricted is None:
            raise RuleBroken("not-restricted", "this record is not restricted")

    def evolve(self, state: ChildState) -> None:
        state.restricted, state.named_people = None, []


class BabyBorn(CaseEvent):
    """The young person's own baby was born (`baby_date_of_birth`, the day it happened): they
    became a parent. Several babies, several events; twins are two entries of the same day.

    A fact of its own rather than derived from what the record already holds: a relationship
    (`RelationshipRecorded`) names a person around the child with free text and no date of birth,
    and the household (`AdultJoinedHousehold`) holds the adults the child lives with; neither
    says that the young person gave birth, nor when (a "daughter" may be a partner's child, and a
    baby removed at birth is in neither). The SSDA903 return asks whether a looked-after girl is
    a mother and when her first child was born, and a pathway plan needs to know of a young
    parent, so the birth is recorded on the young person's record as it happened; with no birth
    recorded, none is known to the authority."""

    baby_date_of_birth: date

    def check(self, state: ChildState) -> None:
        born = self.baby_date_of_birth
        if born > self.occurred_on:
            # A correction of the date alone may not move the birth past the day it is
            # recorded as happening (and so into the future): move `occurred_at` with it.
            raise InvalidValue(
                "baby_date_of_birth",
                f"the baby's date of birth ({born}) is after the day the birth is recorded as "
                f"happening ({self.occurred_on}): correct occurred_at too",
            )
        youngest = state.birthday(YOUNGEST_PARENT)
        if youngest is None:
            raise RuleBroken(
                "parent-date-of-birth-unknown",
                "record the young person's own date of birth before their baby's birth",
                "occurred_at",
            )
        if born < youngest:
            raise RuleBroken(
                "parent-too-young",
                f"a baby born on {born} would have been born before the young person was "
                f"{YOUNGEST_PARENT} ({youngest}): check both dates of birth",
                "occurred_at",
            )
        state.check_alive_on(born)
        low, high = BIRTHS_APART
        for other in state.babies_born_on:
            if low <= abs((born - other).days) <= high:
                raise RuleBroken(
                    "births-too-close",
                    f"a baby is already recorded as born on {other}, {abs((born - other).days)} "
                    f"days from {born}: two births cannot be that close",
                    "occurred_at",
                )

    def evolve(self, state: ChildState) -> None:
        state.babies_born_on.append(self.baby_date_of_birth)
        state.babies_born_on.sort()


class UnaccompaniedAsylumSeekingRecorded(CaseEvent):
    """From the day it happened, the child is an unaccompanied asylum-seeking child: under 18,
    claiming asylum in their own right, with no parent or other adult responsible for them in
    the UK. As the DfE counts it, that lasts until their 18th birthday, whatever is decided on the
    claim, unless it ceases earlier (`UnaccompaniedAsylumSeekingCeased`)."""

    def check(self, state: ChildState) -> None:
        day, eighteen = self.occurred_on, state.birthday(18)
        if state.uasc_since is not None:
            raise RuleBroken(
                "already-uasc",
                f"the child is already recorded as unaccompanied and seeking asylum from "
                f"{state.uasc_since}: correct that entry if the date is wrong",
            )
        if eighteen is None:
            raise RuleBroken(
                "date-of-birth-unknown",
                "record the child's date of birth (or the one assessed) first",
                "occurred_at",
            )
        if state.date_of_birth is not None and day < state.date_of_birth:
            raise RuleBroken(
                "before-birth", f"the child was born on {state.date_of_birth}", "occurred_at"
            )
        if day >= eighteen:
            raise RuleBroken(
                "not-a-child",
                f"the young person was 18 on {eighteen}: only a child is an unaccompanied "
                "asylum-seeking child",
                "occurred_at",
            )
        state.check_alive_on(day)

    def evolve(self, state: ChildState) -> None:
        state.uasc_since = self.occurred_on


class UnaccompaniedAsylumSeekingCeased(CaseEvent):
    """The child stopped being an unaccompanied asylum-seeking child before their 18th birthday,
    for `uasc_ceased_reason` (one of UASC_CEASED_REASONS)."""

    code_lists: ClassVar[CodeLists] = {"uasc_ceased_reason": codes.UASC_CEASED_REASONS}

    uasc_ceased_reason: str

    def check(self, state: ChildState) -> None:
        day = self.occurred_on
        if state.uasc_since is None or state.uasc_ceased_on is not None:
            raise RuleBroken(
                "not-uasc",
                "the child is not recorded as an unaccompanied asylum-seeking child now",
            )
        if day < state.uasc_since:
            raise RuleBroken(
                "ceased-before-began",
                f"the child was unaccompanied and seeking asylum from {state.uasc_since}",
                "occurred_at",
            )
        eighteen = state.birthday(18)
        if eighteen is not None and day >= eighteen:
            raise RuleBroken(
                "ceased-at-18",
                f"it ended by itself on the child's 18th birthday ({eighteen}): nothing to record",
                "occurred_at",
            )

    def evolve(self, state: ChildState) -> None:
        state.uasc_ceased_on, state.uasc_ceased_reason = self.occurred_on, self.uasc_ceased_reason


class EpisodeOpened(CaseEvent):
    """Links an episode to the child, so that the child's record lists its episodes."""

    episode_id: UUID

    def check(self, state: ChildState) -> None:
        if state.open_episode_id is not None:
            raise RuleBroken(
                "episode-already-open",
                "the child already has an open episode: record the referral on it, or close it",
            )
        state.check_alive_on(self.occurred_on)

    def evolve(self, state: ChildState) -> None:
        state.episode_ids.append(self.episode_id)
        state.open_episode_id = self.episode_id


class EpisodeClosedOnChild(CaseEvent):
    episode_id: UUID

    def evolve(self, state: ChildState) -> None:
        if state.open_episode_id == self.episode_id:
            state.open_episode_id = None


class EpisodeReopenedOnChild(EpisodeOpened):
    def evolve(self, state: ChildState) -> None:
        state.open_episode_id = self.episode_id


class Child(CaseAggregate[ChildState]):
    """A child's identity and circumstances. Episodes of need are records of their own."""

    def new_state(self) -> ChildState:
        return ChildState()

    @classmethod
    def register(
        cls,
        id: UUID,
        occurred_at: datetime,
        la_child_id: str,
        given_name: str,
        family_name: str,
        sex: str,
        ethnicity: str,
        date_of_birth: date | None = None,
        expected_birth_date: date | None = None,
        disabilities: list[str] | None = None,
        upn: str | None = None,
        nhs_number: str | None = None,
        address: str | None = None,
    ) -> Child:
        if (date_of_birth is None) == (expected_birth_date is None):
            raise InvalidValue(
                "date_of_birth",
                "give a date of birth, or an expected date for an unborn child, not both",
            )
        if date_of_birth is not None and date_of_birth > local_date(occurred_at):
            raise InvalidValue("date_of_birth", "a date of birth cannot be in the future")
        child: Child = cls.start(
            ChildRegistered,
            id,
            occurred_at,
            la_child_id=check_la_child_id(la_child_id),
            given_name=_name(given_name, "given_name"),
            family_name=_name(family_name, "family_name"),
            date_of_birth=date_of_birth,
            expected_birth_date=expected_birth_date,
            sex=check_code("sex", sex, SEXES),
            ethnicity=check_code("ethnicity", ethnicity, ETHNICITIES),
            disabilities=_disabilities(disabilities or ["NONE"]),
            upn=check_upn(upn) if upn else None,
            nhs_number=check_nhs_number(nhs_number) if nhs_number else None,
            address=address,
        )
        return child

    def record_birth(self, occurred_at: datetime) -> None:
        self.record(ChildBorn, occurred_at, date_of_birth=local_date(occurred_at))

    def record_new_name(self, occurred_at: datetime, given_name: str, family_name: str) -> None:
        self.record(
            ChildKnownByNewName,
            occurred_at,
            given_name=_name(given_name, "given_name"),
            family_name=_name(family_name, "family_name"),
        )

    def record_identifiers(
        self, occurred_at: datetime, upn: str | None, nhs_number: str | None
    ) -> None:
        if not upn and not nhs_number:
            raise InvalidValue("upn", "give a UPN, an NHS number, or both")
        self.record(
            IdentifiersRecorded,
            occurred_at,
            upn=check_upn(upn) if upn else None,
            nhs_number=check_nhs_number(nhs_number) if nhs_number else None,
        )

    def record_characteristics(
        self, occurred_at: datetime, sex: str, ethnicity: str, disabilities: list[str]
    ) -> None:
        self.record(
            CharacteristicsRecorded,
            occurred_at,
            sex=check_code("sex", sex, SEXES),
            ethnicity=check_code("ethnicity", ethnicity, ETHNICITIES),
            disabilities=_disabilities(disabilities),
        )

    def record_move(self, occurred_at: datetime, address: str) -> None:
        self.record(ChildMoved, occurred_at, address=_text(address, "address"))

    def record_death(self, occurred_at: datetime) -> None:
        self.record(ChildDied, occurred_at)

    def record_relationship(
        self,
        occurred_at: datetime,
        person_id: UUID,
        name: str,
        relationship: str,
        parental_responsibility: bool,
    ) -> None:
        self.record(
            RelationshipRecorded,
            occurred_at,
            person_id=person_id,
            name=_name(name, "name"),
            relationship=_text(relationship, "relationship"),
            parental_responsibility=parental_responsibility,
        )

    def record_adult_joined(
        self,
        occurred_at: datetime,
        person_id: UUID,
        name: str,
        relationship: str,
        checks_made: bool,
    ) -> None:
        self.record(
            AdultJoinedHousehold,
            occurred_at,
            person_id=person_id,
            name=_name(name, "name"),
            relationship=_text(relationship, "relationship"),
            checks_made=checks_made,
        )

    def record_adult_left(self, occurred_at: datetime, person_id: UUID) -> None:
        self.record(AdultLeftHousehold, occurred_at, person_id=person_id)

    def record_household_checks(self, occurred_at: datetime, person_id: UUID) -> None:
        self.record(HouseholdChecksRecorded, occurred_at, person_id=person_id)

    def record_baby_born(self, occurred_at: datetime) -> None:
        """The young person's own baby was born at `occurred_at`."""
        self.record(BabyBorn, occurred_at, baby_date_of_birth=local_date(occurred_at))

    def record_unaccompanied_asylum_seeking(self, occurred_at: datetime) -> None:
        """The child is an unaccompanied asylum-seeking child from `occurred_at`."""
        self.record(UnaccompaniedAsylumSeekingRecorded, occurred_at)

    def record_unaccompanied_asylum_seeking_ceased(
        self, occurred_at: datetime, uasc_ceased_reason: str
    ) -> None:
        """The child stopped being an unaccompanied asylum-seeking child before 18."""
        self.record(
            UnaccompaniedAsylumSeekingCeased,
            occurred_at,
            uasc_ceased_reason=check_code(
                "uasc_ceased_reason", uasc_ceased_reason, UASC_CEASED_REASONS
            ),
        )

    def restrict(
        self, occurred_at: datetime, kind: str, named_people: list[str], reason: str
    ) -> None:
        if not named_people:
            raise InvalidValue("named_people", "name at least one person who may see the record")
        self.record(
            RecordRestricted,
            occurred_at,
            _reason(reason),
            kind=check_code("kind", kind, RESTRICTION_KINDS),
            named_people=named_people,
        )

    def lift_restriction(self, occurred_at: datetime, reason: str) -> None:
        self.record(RestrictionLifted, occurred_at, _reason(reason))

    def link_episode(self, occurred_at: datetime, episode_id: UUID) -> None:
        self.record(EpisodeOpened, occurred_at, episode_id=episode_id)

    def unlink_episode(self, occurred_at: datetime, episode_id: UUID) -> None:
        self.record(EpisodeClosedOnChild, occurred_at, episode_id=episode_id)

    def relink_episode(self, occurred_at: datetime, episode_id: UUID) -> None:
        self.record(EpisodeReopenedOnChild, occurred_at, episode_id=episode_id)

    def correct(
        self, occurred_at: datetime, version: int, changes: dict[str, Any], reason: str
    ) -> None:
        self.record(
            EventCorrected, occurred_at, _reason(reason), corrects_version=version,
            changes=typed_changes(self.event_at(version), changes),
        )

    def strike(self, occurred_at: datetime, version: int, reason: str) -> None:
        self.record(EventEnteredInError, occurred_at, _reason(reason), corrects_version=version)


def _disabilities(values: list[str]) -> list[str]:
    codes = check_codes("disabilities", values, DISABILITIES)
    if "NONE" in codes and len(codes) > 1:
        raise InvalidValue("disabilities", "NONE stands alone")
    return sorted(set(codes))
