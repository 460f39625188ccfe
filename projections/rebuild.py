"""Rebuilding the views from nothing: wipe them, then fold every stored event again."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from projections.casework import Casework

# Events per transaction. A child touched several times in a batch has its rows computed once,
# so bigger batches mean less work: 50,000 is a month or two of a large authority's history.
BATCH = 50_000


@dataclass(frozen=True)
class RebuildReport:
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else float(self.events)


def rebuild(
    app: Application[UUID], projection: Casework, out: TextIO | None = sys.stderr,
    batch: int = BATCH, clock: Callable[[], float] = time.monotonic,
) -> RebuildReport:
    """Drop the views' rows and position, and fold the whole notification log again, reporting
    progress on `out` (a bar that redraws in place)."""
    projection.view.wipe()
    projection.records.clear(view_is_empty=True)
    total = app.recorder.max_notification_id() or 0
    started, done, last = clock(), 0, 0
    try:
        while True:
            notifications = app.recorder.select_notifications(
                start=last, limit=batch, inclusive_of_start=False
            )
            if not notifications:
                break
            projection.process_batch([
                (app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications
            ])
            done += len(notifications)
            last = notifications[-1].id
            # The records folded so far stay in memory for later batches: spare the garbage
            # collector from scanning them again and again (it took a fifth of a large
            # rebuild's time). Their memory is still freed when they are dropped.
            gc.freeze()
            if out is not None:
                _progress(out, last, total, done, clock() - started)
    finally:
        gc.unfreeze()
    seconds = clock() - started
    if out is not None:
        out.write(f"\nrebuilt {projection.name} from {done} events in {seconds:.1f} s "
                  f"({done / seconds if seconds else done:.0f} events/s)\n")
    return RebuildReport(done, seconds)


def _progress(out: TextIO, position: int, total: int, done: int, seconds: float) -> None:
    width = 30
    filled = int(width * position / total) if total else width
    rate = done / seconds if seconds else 0.0
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {position}/{total} "
              f"{rate:,.0f} events/s")
    out.flush()
