"""A progress line on stderr that redraws in place, for the long steps of a run."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, what: str, total: int, unit: str = "events", out: TextIO = sys.stderr):
        self.what, self.total, self.unit, self.out = what, total, unit, out
        self.started = time.perf_counter()

    def show(self, done: int, total: int | None = None) -> None:
        total = self.total if total is None else total
        width = 30
        filled = int(width * done / total) if total else width
        seconds = time.perf_counter() - self.started
        rate = done / seconds if seconds else 0.0
        self.out.write(f"\r  {self.what} [{'#' * filled}{'.' * (width - filled)}] "
                       f"{done:,}/{total:,} {self.unit} {rate:,.0f}/s")
        self.out.flush()

    def done(self) -> None:
        self.out.write("\n")
        self.out.flush()


def say(message: str, out: TextIO = sys.stderr) -> None:
    out.write(f"bench: {message}\n")
    out.flush()
