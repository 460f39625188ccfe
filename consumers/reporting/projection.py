"""The reporting projection: the tables the statutory returns are made from, folded from the case
events, each event applied exactly once (its rows and the tracking position in one transaction).

A batch of events is applied in one transaction, and each record it touched is rewritten once, at
the end: a feed that hands over many events of one child (a Kafka poll, a rebuild) rewrites that
child's rows once rather than once per event. And of an episode's tables, only those whose rows
changed since this process last wrote them: a visit rewrites the visits, not the other thirteen
tables (a long episode would otherwise be written whole at every batch it appears in).
"""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from consumers.reporting.rows import (
    child_statements,
    episode_rows,
    episode_table_statements,
    team_statements,
    worker_statements,
)
from consumers.reporting.schema import EPISODE_TABLES
from domain.child import Child
from domain.episode import Episode
from domain.record import CaseEvent
from domain.workforce import Team, Worker
from projections.folding import RecordFolding
from projections.recorders import Statement


class Reporting(RecordFolding):
    name = "reporting"

    def _statements_for(self, events: tuple[Any, ...]) -> list[Statement]:
        statements: list[Statement] = []
        touched: dict[UUID, None] = {}  # in order of first touch, for repeatable writes
        for event in events:
            if self._fresh(event):
                statements.append(self.records.apply(event, self._child_of(event)))
                touched[event.originator_id] = None
        for record_id in touched:
            statements += self._rows_of(record_id)
        return statements

    def _fresh(self, event: Any) -> bool:
        """A case event this projection has not applied yet (a feed may deliver one again)."""
        return isinstance(event, CaseEvent) and (
            self.records.applied_version(event.originator_id) < event.originator_version
        )

    def _rows_of(self, record_id: UUID) -> list[Statement]:
        record = self.records.get(record_id)
        if isinstance(record, Episode):
            return self._changed_tables(record)
        if isinstance(record, Child):
            return child_statements(record)
        if isinstance(record, Worker):
            return worker_statements(record)
        if isinstance(record, Team):
            return team_statements(record)
        return []

    def _changed_tables(self, episode: Episode) -> list[Statement]:
        rows = episode_rows(episode)
        written = self.records.written.setdefault(episode.id, {})
        statements: list[Statement] = []
        for table in EPISODE_TABLES:
            table_rows = rows.get(table, [])
            digest = hashlib.blake2b(repr(table_rows).encode(), digest_size=16).digest()
            if written.get(table) != digest:
                statements += episode_table_statements(episode, table, table_rows)
                written[table] = digest
        return statements
