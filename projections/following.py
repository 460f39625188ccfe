"""Following the SQLite store's notification log. The library's SQLite recorder offers no
subscription (there is no LISTEN/NOTIFY), so this one wakes the library's own pull loop at an
interval; ids are committed in order by SQLite's single writer, and a gap (an id a failed insert
took) is never filled, so skipping it is right."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from eventsourcing.persistence import ListenNotifySubscription, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder

POLL_SECONDS = 0.05


class PollingSubscription(ListenNotifySubscription[SQLiteApplicationRecorder]):
    def __init__(
        self, recorder: SQLiteApplicationRecorder, gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._ticker = threading.Thread(target=self._tick, daemon=True, name="sqlite-follow")
        self._ticker.start()

    def _tick(self) -> None:
        while not self._has_been_stopped:
            self._has_been_notified.set()
            threading.Event().wait(POLL_SECONDS)


class FollowableSQLiteRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, plus a subscription (see the module)."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[SQLiteApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)
