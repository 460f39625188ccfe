"""The application service: one method per command, on the eventsourcing library.

Every command runs inside a recording context (who, when, which request), checks the version the
caller saw, and saves all it changed in one atomic `save()`, together with its idempotency record,
so that a retried request never records twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.access import OUTCOMES, RecordAccess
from domain.child import Child
from domain.envelope import Recording, local_date, recording
from domain.episode import Episode
from domain.errors import InvalidValue, NotFound, VersionConflict
from domain.record import CaseAggregate
from domain.transcodings import DateAsISO
from domain.workforce import Team, Worker, team_id, worker_id

TAggregate = TypeVar("TAggregate", bound=CaseAggregate[Any])

EPISODE_COMMANDS: frozenset[str] = frozenset(
    {
        "decide_referral",
        "record_primary_need",
        "start_assessment",
        "record_child_seen_in_assessment",
        "complete_assessment",
        "authorise_assessment",
        "hold_strategy_discussion",
        "start_section47",
        "conclude_section47",
        "hold_initial_conference",
        "hold_review_conference",
        "start_protection_plan",
        "hold_core_group",
        "end_protection_plan",
        "start_cin_plan",
        "review_cin_plan",
        "end_cin_plan",
        "start_pathway_plan",
        "review_pathway_plan",
        "end_pathway_plan",
        "become_looked_after",
        "change_legal_status",
        "change_placement",
        "hold_looked_after_review",
        "record_missing_episode",
        "cease_to_be_looked_after",
        "record_visit",
        "record_case_note",
        "raise_concern",
        "record_decision",
        "record_management_oversight",
        "unallocate",
        "extend_clock",
        "correct",
        "strike",
        "prepare_care_plan",
        "complete_needs_assessment",
        "provide_care_leaver_accommodation",
        "record_personal_adviser_visit",
        "record_care_leaver_circumstances",
        "record_serious_incident",
        "notify_serious_incident",
        "complete_rapid_review",
        "circulate_outline_plan",
        "complete_section47_assessment",
        "complete_health_assessment",
        "record_dental_check",
        "review_immunisations",
        "review_development_checks",
        "record_strengths_and_difficulties",
        "identify_substance_misuse",
        "offer_substance_misuse_intervention",
        "record_substance_misuse_intervention",
        "record_youth_justice_outcome",
        "decide_adoption",
        "match_adopters",
        "reverse_adoption_decision",
    }
)
CHILD_COMMANDS: frozenset[str] = frozenset(
    {
        "record_birth",
        "record_new_name",
        "record_identifiers",
        "record_characteristics",
        "record_move",
        "record_relationship",
        "record_adult_joined",
        "record_adult_left",
        "record_household_checks",
        "record_baby_born",
        "record_unaccompanied_asylum_seeking",
        "record_unaccompanied_asylum_seeking_ceased",
        "restrict",
        "lift_restriction",
        "correct",
        "strike",
    }
)
WORKER_COMMANDS: frozenset[str] = frozenset(
    {
        "move_team",
        "change_hours",
        "start_absence",
        "end_absence",
        "leave",
        "record_registration",
    }
)


@dataclass(frozen=True)
class CommandContext:
    """What the caller of a command says about it; the time it is recorded is the server's."""

    actor: str
    correlation_id: str = ""
    on_behalf_of: str | None = None
    causation_id: str | None = None
    expected_version: int | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Receipt:
    """What a command did: the record it changed, its version now, and the events it added."""

    record_id: UUID
    version: int
    events: tuple[str, ...]
    replayed: bool = False
    # The highest notification id the command wrote, so that a reader can wait for its views
    # to include it (read your own writes). None for a replayed result.
    position: int | None = None


class IdempotentCommand(Aggregate):
    """The first result of a command sent with an idempotency key, saved with its events."""

    class Recorded(Aggregate.Created):
        fingerprint: str
        record_id: UUID
        record_version: int
        events: list[str]

        class_version: ClassVar[int] = 1

    def __init__(
        self, fingerprint: str, record_id: UUID, record_version: int, events: list[str]
    ) -> None:
        # Not `version`: that is the aggregate's own sequence number.
        self.fingerprint, self.record_id, self.record_version, self.events = (
            fingerprint,
            record_id,
            record_version,
            events,
        )


class CaseRecord(Application[UUID]):
    """Casetrail's command handlers over the event store."""

    name = "casetrail"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(env)
        self.clock = clock

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Children and their episodes

    def register_child(self, ctx: CommandContext, **facts: Any) -> Receipt:
        child_id = uuid4()
        return self._run(
            ctx, "register_child", facts, lambda: [Child.register(id=child_id, **facts)]
        )

    def child_command(
        self, ctx: CommandContext, child_id: UUID, command: str, **facts: Any
    ) -> Receipt:
        _check_command(command, CHILD_COMMANDS)

        def act() -> list[Aggregate]:
            child = self._get(Child, child_id, ctx)
            getattr(child, command)(**facts)
            return [child]

        return self._run(ctx, f"child.{command}", {"id": child_id, **facts}, act)

    def receive_referral(self, ctx: CommandContext, child_id: UUID, **facts: Any) -> Receipt:
        episode_id = uuid4()

        def act() -> list[Aggregate]:
            child = self._get(Child, child_id, None)
            episode = Episode.receive_referral(id=episode_id, child_id=child_id, **facts)
            child.link_episode(facts["occurred_at"], episode_id)
            return [episode, child]

        return self._run(ctx, "receive_referral", {"child": child_id, **facts}, act)

    def episode_command(
        self, ctx: CommandContext, episode_id: UUID, command: str, **facts: Any
    ) -> Receipt:
        _check_command(command, EPISODE_COMMANDS)

        def act() -> list[Aggregate]:
            episode = self._get(Episode, episode_id, ctx)
            # A correction may be recorded after the child's death; what it says happened may not.
            when = (
                facts.get("changes", {}).get("occurred_at")
                if command in {"correct", "strike"}
                else facts.get("occurred_at")
            )
            if isinstance(when, datetime):
                self._get(Child, episode.child_id, None).state.check_alive_on(local_date(when))
            getattr(episode, command)(**facts)
            return [episode]

        return self._run(ctx, f"episode.{command}", {"id": episode_id, **facts}, act)

    def allocate_worker(
        self,
        ctx: CommandContext,
        episode_id: UUID,
        worker: UUID,
        occurred_at: datetime,
        change_reason: str = "MANAGE",
    ) -> Receipt:
        def act() -> list[Aggregate]:
            episode = self._get(Episode, episode_id, ctx)
            self._get(Child, episode.child_id, None).state.check_alive_on(local_date(occurred_at))
            holder = self._get(Worker, worker, None)
            day = local_date(occurred_at)
            if holder.state.started_on is not None and day < holder.state.started_on:
                raise InvalidValue(
                    "worker_id", f"{holder.state.name} starts on {holder.state.started_on}"
                )
            if holder.state.left_on is not None and holder.state.left_on <= day:
                raise InvalidValue(
                    "worker_id", f"{holder.state.name} left on {holder.state.left_on}"
                )
            episode.allocate(occurred_at, worker, change_reason)
            return [episode]

        facts = {"id": episode_id, "worker": worker, "at": occurred_at, "why": change_reason}
        return self._run(ctx, "allocate_worker", facts, act)

    def close_episode(
        self,
        ctx: CommandContext,
        episode_id: UUID,
        occurred_at: datetime,
        closure_reason: str,
        reason: str | None = None,
    ) -> Receipt:
        def act() -> list[Aggregate]:
            episode = self._get(Episode, episode_id, ctx)
            child = self._get(Child, episode.child_id, None)
            child.state.check_alive_on(local_date(occurred_at))
            episode.close(occurred_at, closure_reason, reason)
            child.unlink_episode(occurred_at, episode_id)
            return [episode, child]

        facts = {"id": episode_id, "at": occurred_at, "code": closure_reason, "why": reason}
        return self._run(ctx, "close_episode", facts, act)

    def reopen_episode(
        self, ctx: CommandContext, episode_id: UUID, occurred_at: datetime, reason: str
    ) -> Receipt:
        def act() -> list[Aggregate]:
            episode = self._get(Episode, episode_id, ctx)
            child = self._get(Child, episode.child_id, None)
            child.state.check_alive_on(local_date(occurred_at))
            episode.reopen(occurred_at, reason)
            child.relink_episode(occurred_at, episode_id)
            return [episode, child]

        return self._run(ctx, "reopen_episode", {"id": episode_id, "at": occurred_at}, act)

    def record_death(self, ctx: CommandContext, child_id: UUID, occurred_at: datetime) -> Receipt:
        def act() -> list[Aggregate]:
            child = self._get(Child, child_id, ctx)
            child.record_death(occurred_at)
            return [child]

        return self._run(ctx, "record_death", {"id": child_id, "at": occurred_at}, act)

    # Workforce

    def form_team(self, ctx: CommandContext, **facts: Any) -> Receipt:
        def act() -> list[Aggregate]:
            self._refuse_duplicate(team_id(facts.get("code", "")), "code", "a team with this code")
            return [Team.form(**facts)]

        return self._run(ctx, "form_team", facts, act)

    def appoint_team_manager(
        self, ctx: CommandContext, team: UUID, manager: UUID, occurred_at: datetime
    ) -> Receipt:
        def act() -> list[Aggregate]:
            record = self._get(Team, team, ctx)
            self._get(Worker, manager, None)
            record.appoint_manager(occurred_at, manager)
            return [record]

        return self._run(ctx, "appoint_team_manager", {"t": team, "m": manager}, act)

    def add_worker(self, ctx: CommandContext, **facts: Any) -> Receipt:
        def act() -> list[Aggregate]:
            self._get(Team, facts.get("team"), None)
            self._refuse_duplicate(
                worker_id(facts.get("staff_id", "")), "staff_id", "a worker with this staff id"
            )
            return [Worker.join(**facts)]

        return self._run(ctx, "add_worker", facts, act)

    def worker_command(
        self, ctx: CommandContext, worker: UUID, command: str, **facts: Any
    ) -> Receipt:
        _check_command(command, WORKER_COMMANDS)

        def act() -> list[Aggregate]:
            record = self._get(Worker, worker, ctx)
            if "team" in facts:
                self._get(Team, facts["team"], None)
            getattr(record, command)(**facts)
            return [record]

        return self._run(ctx, f"worker.{command}", {"id": worker, **facts}, act)

    # Reads of the record

    def record_access(
        self,
        user: str,
        role: str,
        child_id: UUID | None,
        route: str,
        purpose: str | None,
        outcome: str,
    ) -> int | None:
        """Append an access record; returns its position in the log."""
        if outcome not in OUTCOMES:
            raise InvalidValue("outcome", f"'{outcome}' is not an access outcome")
        access = RecordAccess._create(
            RecordAccess.Recorded,
            id=uuid4(),
            user=user,
            role=role,
            child_id=child_id,
            route=route,
            purpose=purpose,
            outcome=outcome,
            accessed_at=self.clock(),
        )
        recordings = self.save(access)
        return max((r.notification.id for r in recordings), default=None)

    # Reading

    def child(self, child_id: UUID) -> Child:
        return self._get(Child, child_id, None)

    def episode(self, episode_id: UUID) -> Episode:
        return self._get(Episode, episode_id, None)

    def worker(self, worker: UUID) -> Worker:
        return self._get(Worker, worker, None)

    def team(self, team: UUID) -> Team:
        return self._get(Team, team, None)

    # The machinery every command shares

    def _run(
        self,
        ctx: CommandContext,
        command: str,
        facts: Mapping[str, Any],
        act: Callable[[], list[Any]],
    ) -> Receipt:
        key_id = _idempotency_id(ctx) if ctx.idempotency_key else None
        fingerprint = _fingerprint(command, facts)
        if key_id is not None:
            earlier = self._earlier_result(key_id, fingerprint)
            if earlier is not None:
                return earlier
        with recording(self._recording(ctx)):
            changed = act()
        first = changed[0]
        events = tuple(type(e).__name__ for agg in changed for e in agg.pending_events)
        receipt = Receipt(first.id, first.version, events)
        to_save: list[Any] = list(changed)
        if key_id is not None:
            to_save.append(
                IdempotentCommand._create(
                    IdempotentCommand.Recorded,
                    id=key_id,
                    fingerprint=fingerprint,
                    record_id=receipt.record_id,
                    record_version=receipt.version,
                    events=list(events),
                )
            )
        try:
            recordings = self.save(*to_save)
        except IntegrityError:
            if key_id is not None:
                earlier = self._earlier_result(key_id, fingerprint)
                if earlier is not None:
                    return earlier
            raise VersionConflict(
                ctx.expected_version or first.version - 1, self._current_version(first)
            ) from None
        positions = [r.notification.id for r in recordings if r.notification.id is not None]
        return replace(receipt, position=max(positions, default=None))

    def _recording(self, ctx: CommandContext) -> Recording:
        return Recording(
            actor=ctx.actor,
            recorded_at=self.clock(),
            correlation_id=ctx.correlation_id or str(uuid4()),
            on_behalf_of=ctx.on_behalf_of,
            causation_id=ctx.causation_id,
        )

    def _earlier_result(self, key_id: UUID, fingerprint: str) -> Receipt | None:
        try:
            earlier: IdempotentCommand = self.repository.get(key_id)
        except AggregateNotFoundError:
            return None
        if earlier.fingerprint != fingerprint:
            raise InvalidValue(
                "Idempotency-Key", "this key was already used for a different command"
            )
        return Receipt(
            earlier.record_id, earlier.record_version, tuple(earlier.events), replayed=True
        )

    def _get(
        self, kind: type[TAggregate], record_id: Any, ctx: CommandContext | None
    ) -> TAggregate:
        if not isinstance(record_id, UUID):
            raise NotFound(f"no such {kind.__name__.lower()}")
        try:
            record: Any = self.repository.get(record_id)
        except AggregateNotFoundError:
            raise NotFound(f"no such {kind.__name__.lower()}") from None
        if not isinstance(record, kind):
            raise NotFound(f"no such {kind.__name__.lower()}")
        expected = ctx.expected_version if ctx is not None else None
        if expected is not None and expected != record.version:
            raise VersionConflict(expected, record.version)
        return record

    def _refuse_duplicate(self, record_id: UUID, field: str, what: str) -> None:
        if record_id in self.repository:
            raise InvalidValue(field, f"{what} already exists")

    def _current_version(self, record: Aggregate) -> int:
        try:
            return int(self.repository.get(record.id).version)
        except AggregateNotFoundError:
            return 0


def _check_command(name: str, allowed: frozenset[str]) -> None:
    if name not in allowed:
        raise InvalidValue("command", f"'{name}' is not a command of this record")


def _idempotency_id(ctx: CommandContext) -> UUID:
    # Keys are per actor: one user's key can never replay another user's result.
    return uuid5(NAMESPACE_URL, f"casetrail:idempotency:{ctx.actor}:{ctx.idempotency_key}")


def _fingerprint(command: str, facts: Mapping[str, Any]) -> str:
    payload = json.dumps([command, facts], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
