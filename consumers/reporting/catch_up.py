"""Bringing the reporting tables up to the end of the store's notification log in batches, from
where they have got to: what `casetrail report` does before a return where the tables are fed from
the store, and (after a wipe) a rebuild."""

from __future__ import annotations

import threading
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from consumers.reporting.projection import Reporting

BATCH = 500


def catch_up(
    app: Application[UUID], projection: Reporting, batch: int = BATCH,
    stop: threading.Event | None = None,
) -> int:
    """Apply every stored event after the tables' tracked position (until `stop` is set); return
    how many were read."""
    last = projection.view.max_tracking_id(app.name) or 0
    done = 0
    while (stop is None or not stop.is_set()) and (notifications := (
        app.recorder.select_notifications(start=last, limit=batch, inclusive_of_start=False)
    )):
        try:
            projection.process_batch([
                (app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications
            ])
        except Exception:
            # Another process following the same store (an API beside `casetrail report`) wrote
            # this batch first, with its position: its rows clash with ours (or it moved a record
            # on between our reads of it). Carry on from its position. If nobody moved the
            # position, the failure is ours: let it surface.
            stored = projection.view.max_tracking_id(app.name) or 0
            if stored <= last:
                raise
            last = stored
            continue
        done += len(notifications)
        last = notifications[-1].id
    return done


def rebuild(app: Application[UUID], projection: Reporting, batch: int = BATCH) -> int:
    """Empty the tables and their positions, and fold the whole log again."""
    projection.view.wipe()
    projection.records.clear(view_is_empty=True)
    return catch_up(app, projection, batch)
