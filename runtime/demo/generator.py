"""The synthetic local authority: plan it from a seed, then record it through the case record's
service, every command with the service's clock set to when it would have been recorded.

`plan(seed, scale, years, end)` is pure: the same arguments always give the same actions (names,
dates, codes, counts). Record ids are not part of it: the service gives each child and episode a
random id when it is registered, so those ids differ from one load to the next; workers' and
teams' ids follow from their staff ids and codes, and the people in households are given ids
derived from the seed.

`load(service, plan)` sends every action through the service, so every rule of the domain
applies. A refusal is a bug in the generator: each is counted and reported, and loading stops if
more than 1% are refused.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.errors import DomainError, RuleBroken
from domain.service import CaseRecord, CommandContext, Receipt
from domain.workforce import team_id, worker_id
from runtime.demo.allocation import allocate
from runtime.demo.journeys import plan_children
from runtime.demo.plan import CALENDAR, Action, ChildPlan
from runtime.demo.recording import Recording
from runtime.demo.workforce import Workforce, plan_workforce

REFUSALS_TOLERATED = 0.01
REFUSALS_SHOWN = 5

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    scale: float
    years: float
    end: datetime
    workforce: Workforce
    children: list[ChildPlan]
    actions: list[Action]

    def count(self, command: str) -> int:
        return sum(1 for a in self.actions if a.command == command)


@dataclass
class Refusal:
    command: str
    subject: str
    rule: str
    message: str


@dataclass
class LoadReport:
    actions: int = 0
    events: Counter[str] = field(default_factory=Counter)
    refusals: list[Refusal] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total_events(self) -> int:
        return sum(self.events.values())

    @property
    def rate(self) -> float:
        return self.total_events / self.seconds if self.seconds else 0.0


class TooManyRefusals(Exception):
    """More than 1% of the generator's commands were refused: the generator is wrong."""


def plan(seed: int, scale: float, years: float, end: datetime) -> DemoPlan:
    """Everything the demo authority will record, in the order it is recorded, up to `end`."""
    if scale <= 0 or years <= 0:
        raise ValueError("scale and years must be positive")
    start = (end - timedelta(days=round(years * 365.25))).date()
    if not CALENDAR.covers(start):
        # The statutory clocks count working days with the bank holidays the calendar knows.
        raise ValueError(f"the history would start on {start}, before the bank holiday "
                         f"calendar does ({CALENDAR.first}): ask for fewer years")
    workforce = plan_workforce(random.Random(f"{seed}:workforce"), scale, start, end.date())
    children = plan_children(seed, scale, start, end)
    episodes = sorted((e for c in children for e in c.episodes), key=lambda e: e.referral_at)
    allocate(random.Random(f"{seed}:allocation"), workforce, episodes,
             end + timedelta(days=30))
    actions = Recording(seed, workforce, end).actions(children)
    return DemoPlan(seed, scale, years, end, workforce, children, actions)


def load(
    service: CaseRecord, demo: DemoPlan, progress: Progress | None = None,
    every: int = 200,
) -> LoadReport:
    """Send every action of the plan through the service, as it would have been recorded."""
    report = LoadReport()
    ids = Known()
    versions: dict[str, int] = {}
    clock = service.clock
    started = time.perf_counter()
    total = len(demo.actions)
    try:
        for n, action in enumerate(demo.actions, start=1):
            service.clock = _fixed(action.recorded_at)
            try:
                receipt = _send(service, demo.seed, action, ids, versions)
            except (DomainError, Unknown) as error:
                _refused(report, action, error, n)
                continue
            report.actions += 1
            report.events.update(receipt.events)
            if progress is not None and (n % every == 0 or n == total):
                progress(n, total)
    finally:
        service.clock = clock
        report.seconds = time.perf_counter() - started
    return report


def _fixed(moment: datetime) -> Callable[[], datetime]:
    # In UTC, as the server's own clock gives it.
    utc = moment.astimezone(UTC)
    return lambda: utc


class Unknown(Exception):
    """An action on a record whose creation was itself refused."""


class Known(dict[str, UUID]):
    """The ids of the records made so far, by their key in the plan."""

    def __missing__(self, key: str) -> UUID:
        raise Unknown(f"{key} was never made")


def _refused(report: LoadReport, action: Action, error: Exception, attempted: int) -> None:
    rule = error.rule if isinstance(error, RuleBroken) else type(error).__name__
    report.refusals.append(Refusal(action.command, action.subject, rule, str(error)))
    refused = len(report.refusals)
    if refused > REFUSALS_SHOWN and refused > REFUSALS_TOLERATED * max(attempted, 1):
        first = "; ".join(f"{r.command} {r.subject}: {r.rule} ({r.message})"
                          for r in report.refusals[:REFUSALS_SHOWN])
        raise TooManyRefusals(f"{refused} of {attempted} commands refused; first: {first}")


def _send(
    service: CaseRecord, seed: int, action: Action, ids: Known,
    versions: dict[str, int],
) -> Receipt:
    ctx = CommandContext(actor=action.actor, correlation_id=f"demo-{seed}-{action.order}")
    facts: dict[str, Any] = dict(action.facts)
    when, subject, command = action.occurred_at.astimezone(UTC), action.subject, action.command
    if command == "form_team":
        receipt = service.form_team(ctx, occurred_at=when, code=subject, **facts)
    elif command == "add_worker":
        facts["team"] = team_id(facts["team"])
        receipt = service.add_worker(ctx, occurred_at=when, staff_id=subject, **facts)
    elif command == "appoint_team_manager":
        receipt = service.appoint_team_manager(ctx, team_id(subject), worker_id(facts["manager"]),
                                               when)
    elif command == "register_child":
        receipt = service.register_child(ctx, occurred_at=when, **facts)
        ids[subject] = receipt.record_id
    elif command == "receive_referral":
        child = ids[facts.pop("child")]
        receipt = service.receive_referral(ctx, child, occurred_at=when, **facts)
        ids[subject] = receipt.record_id
    elif command == "allocate_worker":
        receipt = service.allocate_worker(ctx, ids[subject], worker_id(facts["worker"]), when,
                                          facts["change_reason"])
    elif command == "close_episode":
        receipt = service.close_episode(ctx, ids[subject], when, facts["closure_reason"],
                                        facts["reason"])
    elif command.startswith("worker."):
        receipt = service.worker_command(ctx, worker_id(subject), command[7:],
                                         occurred_at=when, **facts)
    elif command.startswith("child."):
        receipt = service.child_command(ctx, ids[subject], command[6:], occurred_at=when,
                                        **facts)
    else:
        if action.refers_to:
            if action.refers_to not in versions:
                raise Unknown(f"{action.refers_to} was never recorded")
            facts["version"] = versions[action.refers_to]
        receipt = service.episode_command(ctx, ids[subject], command.removeprefix("episode."),
                                          occurred_at=when, **facts)
    if action.ref:
        versions[action.ref] = receipt.version
    return receipt

