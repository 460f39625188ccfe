"""Risk: each child's signals in plain words, with the events behind each; and the latent
conditions for error of each worker and team."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from projections.queries.deadlines import ClockView, child_clocks_at
from projections.recorders import ViewStore
from projections.thresholds import Thresholds

EventRef = tuple[str, int]


@dataclass(frozen=True)
class Signal:
    code: str
    explanation: str
    events: list[EventRef]


@dataclass(frozen=True)
class ChildRisk:
    child_id: str
    signals: list[Signal]


def child_risk(
    view: ViewStore, child_id: str, today: date, thresholds: Thresholds
) -> ChildRisk | None:
    rows = view.select("SELECT facts FROM {p}risk_facts WHERE child_id = ?", (child_id,))
    if not rows:
        return None
    facts = json.loads(rows[0]["facts"])
    open_rows = view.select(
        "SELECT e.worker_id, w.name, w.absences FROM {p}episodes e "
        "LEFT JOIN {p}workers w ON w.worker_id = e.worker_id "
        "WHERE e.child_id = ? AND e.closed_on IS NULL", (child_id,),
    )
    clocks = child_clocks_at(view, child_id, today, thresholds)
    signals = judge(facts, clocks, open_rows, today, thresholds, is_open=bool(open_rows))
    return ChildRisk(child_id, signals)


def judge(
    facts: dict[str, Any], clocks: list[ClockView], open_rows: list[dict[str, Any]], today: date,
    thresholds: Thresholds, is_open: bool,
) -> list[Signal]:
    """Facts + now + thresholds -> signals. Pure, so that any past moment can be judged."""
    signals: list[Signal] = []
    for clock in clocks:
        if (clock.rule in {"E8", "E14", "E14a", "E14b", "W9"} and clock.status == "overdue"
                and clock.stopped_on is None):
            signals.append(Signal(
                "statutory-visit-overdue",
                f"a statutory visit ({clock.rule}) was due on {clock.due} and is "
                f"{-(clock.days_left or 0)} {clock.days_unit} overdue", [],
            ))
    if is_open:
        signals += _not_seen(facts["seen"], "not-seen", "seen", thresholds.not_seen_days, today)
        signals += _not_seen(facts["seen_alone"], "not-seen-alone", "seen alone",
                             thresholds.not_seen_alone_days, today)
    signals += _rereferral(facts["referrals"], thresholds.rereferral_days)
    if len(facts["protection_plans"]) > 1:
        signals.append(Signal(
            "repeat-protection-plan",
            f"this is protection plan number {len(facts['protection_plans'])} for the child",
            [_ref(p) for p in facts["protection_plans"]],
        ))
    signals += _concerns(facts["concerns"], today, thresholds)
    for adult in facts["unchecked_adults"]:
        signals.append(Signal(
            "new-adult-unchecked",
            f"an adult ({adult['relationship']}) joined the household on {adult['on']} and no "
            "checks are recorded", [_ref(adult)],
        ))
    for conference in facts["conferences_without"]:
        missing = ", ".join(a.lower() for a in conference["missing"])
        signals.append(Signal(
            "conference-agency-absent",
            f"the {conference['kind']} conference on {conference['on']} was held without "
            f"{missing} present", [_ref(conference)],
        ))
    year_ago = (today - timedelta(days=365)).isoformat()
    changes = [c for c in facts["worker_changes"] if c["on"] >= year_ago]
    if len(changes) >= thresholds.worker_changes_in_year:
        signals.append(Signal(
            "worker-changes",
            f"the child's social worker changed {len(changes)} times in the last 12 months",
            [_ref(c) for c in changes],
        ))
    signals += _absent_worker(open_rows, clocks, today, thresholds)
    for plan in facts["open_plans"]:
        since = (today - date.fromisoformat(plan["last_reviewed_on"])).days
        if since > thresholds.plan_without_review_days:
            signals.append(Signal(
                "plan-without-review",
                f"the {plan['kind']} has not been reviewed for {since} days "
                f"(since {plan['last_reviewed_on']})", [],
            ))
    for closed in facts["closed_without_visit"]:
        signals.append(Signal(
            "closed-without-visit",
            f"an episode was closed on {closed['on']} without the child being seen",
            [_ref(closed)],
        ))
    return signals


def _ref(fact: dict[str, Any]) -> EventRef:
    record_id, version = fact["event"]
    return (record_id, int(version))


def _not_seen(
    seen: list[dict[str, Any]], code: str, words: str, limit: int, today: date
) -> list[Signal]:
    known = [s for s in seen if s["on"] <= today.isoformat()]
    if not known:
        return [Signal(code, f"the child has not been {words} in this record", [])]
    last = max(known, key=lambda s: s["on"])
    days = (today - date.fromisoformat(last["on"])).days
    if days <= limit:
        return []
    return [Signal(code, f"the child was last {words} {days} days ago, on {last['on']}",
                   [_ref(last)])]


def _rereferral(referrals: list[dict[str, Any]], window: int) -> list[Signal]:
    ordered = sorted(referrals, key=lambda r: r["on"])
    signals = []
    for earlier, later in itertools.pairwise(ordered):
        gap = (date.fromisoformat(later["on"]) - date.fromisoformat(earlier["on"])).days
        if gap <= window:
            signals.append(Signal(
                "re-referral",
                f"referred again on {later['on']}, {gap} days after the referral of "
                f"{earlier['on']}", [_ref(earlier), _ref(later)],
            ))
    return signals


def _concerns(
    concerns: list[dict[str, Any]], today: date, thresholds: Thresholds
) -> list[Signal]:
    since = (today - timedelta(days=thresholds.concern_window_days)).isoformat()
    recent = [c for c in concerns if since <= c["on"] <= today.isoformat()]
    agencies = sorted({c["agency"].lower() for c in recent})
    if len(agencies) < thresholds.concern_agencies:
        return []
    return [Signal(
        "several-agencies-concerned",
        f"{len(agencies)} agencies raised concerns in the last "
        f"{thresholds.concern_window_days} days: {', '.join(agencies)}",
        [_ref(c) for c in recent],
    )]


def _absent_worker(
    open_rows: list[dict[str, Any]], clocks: list[ClockView], today: date, thresholds: Thresholds
) -> list[Signal]:
    due_soon = [c for c in clocks if c.status in {"running", "extended", "overdue"}
                and c.due <= today + timedelta(days=thresholds.due_soon_days)]
    signals = []
    for row in open_rows:
        if not row["absences"] or not due_soon:
            continue
        for absence in json.loads(row["absences"]):
            if absence["started_on"] <= today.isoformat() and (
                absence["ended_on"] is None or absence["ended_on"] > today.isoformat()
            ):
                signals.append(Signal(
                    "allocated-worker-absent",
                    f"the allocated worker is absent ({absence['kind'].lower().replace('_', ' ')}"
                    f" since {absence['started_on']}) with {len(due_soon)} deadline(s) due by "
                    f"{today + timedelta(days=thresholds.due_soon_days)}", [],
                ))
    return signals
