"""What the API is handed by the composition root; nothing here builds anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from api.auth import TokenKeys
from domain.clocks import ClockSettings
from domain.envelope import local_date
from domain.service import CaseRecord
from projections.recorders import ViewStore
from projections.seal.tree_heads import Seal
from projections.thresholds import Thresholds


class ViewFeed(Protocol):
    def wait(self, position: int | None, timeout: float = 10.0) -> None: ...


@dataclass(frozen=True)
class ApiServices:
    case_record: CaseRecord
    views: ViewStore
    feed: ViewFeed | None
    thresholds: Thresholds
    keys: TokenKeys
    clock: Callable[[], datetime]
    # How clocks are counted, for views replayed as known at a past moment.
    clock_settings: ClockSettings
    # The seal over the event log (tree heads and proofs), for the evidence routes.
    seal: Seal | None = None

    def today(self) -> date:
        return local_date(self.clock())

    def caught_up(self, position: int | None) -> None:
        """Read your own writes: wait until the views include what was just recorded."""
        if self.feed is not None:
            self.feed.wait(position)
