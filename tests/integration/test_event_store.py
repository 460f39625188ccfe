"""The event store for real: what one application instance saves, another reads back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.service import CaseRecord, CommandContext
from runtime.bootstrap import Casetrail


def test_a_team_formed_on_one_instance_is_read_back_by_another(casetrail: Casetrail) -> None:
    ctx = CommandContext(actor="manager-1")
    formed_at = datetime.now(UTC) - timedelta(days=3)
    receipt = casetrail.case_record.form_team(
        ctx, occurred_at=formed_at, code="NORTH", name="Assessment North"
    )

    other = CaseRecord(env=dict(casetrail.case_record.env))
    try:
        team = other.team(receipt.record_id)
        assert team.state.name == "Assessment North"
        assert team.version == 1
        (event,) = other.repository.event_store.get(receipt.record_id)
        assert event.actor == "manager-1"
        assert event.occurred_at == formed_at
        notifications = other.notification_log.select(start=1, limit=10)
        assert [n.originator_id for n in notifications] == [receipt.record_id]
    finally:
        other.close()
