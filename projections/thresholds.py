"""The authority's thresholds for caseload and risk, with defaults from the workforce figures
(DfE children's social work workforce statistics; see the project's reference notes)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thresholds:
    # Average caseload per full-time case-holding worker was 16.0 in 2023; inspectors criticised
    # an authority at 19.5. The default flags a worker above 18.
    caseload_per_fte: float = 18.0
    # A weighted caseload counts a protection or looked-after case as more work than a plain one.
    weights: dict[str, float] = field(default_factory=lambda: {
        "assessment": 1.0, "child_in_need": 1.0, "protection": 1.5, "looked_after": 1.5,
        "care_leaver": 0.5,
    })
    not_seen_days: int = 28
    not_seen_alone_days: int = 42
    rereferral_days: int = 365
    concern_window_days: int = 30
    concern_agencies: int = 2
    worker_changes_in_year: int = 2
    plan_without_review_days: int = 100
    due_soon_days: int = 7
    recently_met_days: int = 30
    recording_lag_days: int = 5
    lag_window_days: int = 90
    referral_window_days: int = 28
    agency_share: float = 0.178
    leavers_share: float = 0.159
