"""What a run measures, and how much of it: the full run (scale 1 and 4 for the queries) or a
quick one for development. Read from the command line (`make bench SCALE=... QUICK=1`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# The synthetic authority's history ends here, whatever day the benchmark runs: the same seed
# then gives the same dataset (so a cached one can be reused), and queries are judged as on that
# day.
END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)
SEED = 1
DEFAULT_POSTGRES = "postgresql://casetrail:casetrail@127.0.0.1:55432/casetrail"
DEFAULT_KAFKA = "127.0.0.1:19092"


@dataclass(frozen=True)
class DatasetSpec:
    """A synthetic authority: its size (scale 1 is the reference's mid-sized authority) and
    how many years of history."""

    scale: float
    years: float

    @property
    def label(self) -> str:
        return f"scale {self.scale:g}, {self.years:g} year{'' if self.years == 1 else 's'}"


@dataclass(frozen=True)
class BenchConfig:
    postgres: str
    kafka: str
    scale: float
    quick: bool
    refresh: bool = False

    @property
    def query_datasets(self) -> list[DatasetSpec]:
        """Scale S with ten years of history (the reference's), and the largest authority (4S)
        with fewer years: its current caseloads are what the queries read, and ten years at
        scale 4 would take the best part of an hour to generate."""
        if self.quick:
            return [DatasetSpec(self.scale * 0.05, 1.0), DatasetSpec(self.scale * 0.2, 1.0)]
        return [DatasetSpec(self.scale, 10.0), DatasetSpec(self.scale * 4, 2.0)]

    @property
    def work_dataset(self) -> DatasetSpec:
        """Loaded afresh by every run: the bulk load's measure, then the store the rebuild,
        command, HTTP and relay measures work on."""
        return DatasetSpec(0.05, 1.0) if self.quick else DatasetSpec(0.25 * self.scale, 2.0)

    @property
    def lag_dataset(self) -> DatasetSpec:
        return DatasetSpec(0.05, 1.0)

    @property
    def commands(self) -> int:
        """Commands sent through the domain service (and as many baseline inserts)."""
        return 300 if self.quick else 3_000

    @property
    def http_seconds(self) -> float:
        """How long each HTTP load runs (per route and concurrency)."""
        return 5.0 if self.quick else 20.0

    @property
    def query_samples(self) -> int:
        return 100 if self.quick else 500

    @property
    def lag_seconds(self) -> float:
        return 10.0 if self.quick else 60.0

    @property
    def lag_rate(self) -> float:
        return 200.0
