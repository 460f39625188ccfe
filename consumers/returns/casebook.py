"""The reporting tables read back for a return: each child, each of their episodes with what
happened in it, and the workers and teams, with dates as dates. Reading only; the returns never
write."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from consumers.reporting.schema import EPISODE_TABLES
from domain.calendar import birthday as calendar_birthday
from projections.recorders import ViewStore

Row = dict[str, Any]

# Columns holding ISO dates in the reporting tables, turned into dates on reading.
_DATE_COLUMNS = frozenset({
    "date_of_birth", "expected_birth_date", "died_on", "referral_date", "decided_on",
    "closed_on", "started_on", "seen_on", "completed_on", "authorised_on", "held_on",
    "concluded_on", "ended_on", "ceased_on", "returned_on", "visited_on", "raised_on",
    "left_on", "occurred_on", "uasc_since", "uasc_ceased_on", "previous_permanence_on",
    "contacted_on", "matched_on", "reversed_on",
})


@dataclass(frozen=True)
class ChildFacts:
    child_id: str
    la_child_id: str
    upn: str | None
    date_of_birth: date | None
    expected_birth_date: date | None
    sex: str
    ethnicity: str
    disabilities: tuple[str, ...]
    died_on: date | None
    restricted: str | None
    # The young person's own babies' dates of birth, earliest first.
    babies_born_on: tuple[date, ...] = ()
    # Unaccompanied and seeking asylum from `uasc_since` until `uasc_ends_on` (the day it was
    # recorded as ceasing, or else the 18th birthday).
    uasc_since: date | None = None
    uasc_ceased_on: date | None = None

    @property
    def uasc_ends_on(self) -> date | None:
        if self.uasc_since is None:
            return None
        return self.uasc_ceased_on or birthday(self.date_of_birth, 18)


def birthday(born: date | None, years: int) -> date | None:
    """The day someone born on `born` turns `years` (1 March for a 29 February birthday)."""
    return None if born is None else calendar_birthday(born, years)


@dataclass
class EpisodeFacts:
    """One episode's row, and its rows in every other episode table (each in `seq` order)."""

    row: Row
    tables: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def episode_id(self) -> str:
        return str(self.row["episode_id"])

    @property
    def referral_date(self) -> date:
        found: date = self.row["referral_date"]
        return found

    @property
    def closed_on(self) -> date | None:
        found: date | None = self.row["closed_on"]
        return found

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def open_on(self, day: date) -> bool:
        """Referred by `day` and not closed before it."""
        return self.referral_date <= day and (self.closed_on is None or self.closed_on >= day)


@dataclass
class Casebook:
    children: dict[str, ChildFacts]
    episodes: dict[str, list[EpisodeFacts]]  # by child, in referral order
    workers: dict[str, Row]
    teams: dict[str, Row]

    def episodes_of(self, child_id: str) -> list[EpisodeFacts]:
        return self.episodes.get(child_id, [])


def load_casebook(store: ViewStore, tables: Collection[str] = tuple(EPISODE_TABLES)) -> Casebook:
    """Every child and episode, with the rows of `tables` (the episodes' own rows always)."""
    children = {
        row["child_id"]: ChildFacts(
            child_id=row["child_id"], la_child_id=row["la_child_id"], upn=row["upn"],
            date_of_birth=row["date_of_birth"], expected_birth_date=row["expected_birth_date"],
            sex=row["sex"], ethnicity=row["ethnicity"],
            disabilities=tuple(row["disabilities"].split()), died_on=row["died_on"],
            restricted=row["restricted"],
            babies_born_on=tuple(date.fromisoformat(d) for d in row["babies_born_on"].split()),
            uasc_since=row["uasc_since"], uasc_ceased_on=row["uasc_ceased_on"],
        )
        for row in _rows(store, "children", "child_id")
    }
    facts = {row["episode_id"]: EpisodeFacts(row) for row in _rows(store, "episodes",
                                                                  "referral_date, episode_id")}
    for table in tables:
        if table == "episodes":
            continue
        order = "episode_id, kind, seq" if table in ("plans", "reviews") else (
            "episode_id, period, seq" if table in ("care_episodes", "placements") else
            "episode_id, period" if table == "care_periods" else "episode_id, seq")
        for row in _rows(store, table, order):
            episode = facts.get(row["episode_id"])
            if episode is not None:
                episode.tables.setdefault(table, []).append(row)
    episodes: dict[str, list[EpisodeFacts]] = {}
    for episode in facts.values():
        episodes.setdefault(episode.row["child_id"], []).append(episode)
    workers = {row["worker_id"]: row for row in _rows(store, "workers", "worker_id")}
    teams = {row["team_id"]: row for row in _rows(store, "teams", "team_id")}
    return Casebook(children, episodes, workers, teams)


def _rows(store: ViewStore, table: str, order: str) -> list[Row]:
    return [
        {k: date.fromisoformat(v) if k in _DATE_COLUMNS and v is not None else v
         for k, v in row.items()}
        for row in store.select(f"SELECT * FROM {{p}}{table} ORDER BY {order}")
    ]
