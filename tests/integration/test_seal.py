"""The seal over the real event store: tree heads made as the log grows, `casetrail verify` naming
an event changed or removed behind the application's back, a head held outside exposing a
rewritten log, and the database refusing to change events at all."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from domain.errors import NotFound
from domain.service import CaseRecord
from projections.seal import merkle
from projections.seal.audit import audit
from projections.seal.guard import install_append_only_guard
from projections.seal.leaves import record_leaf_hash
from projections.seal.tree_heads import Seal
from projections.seal.verifier import (
    TreeHead,
    VerificationFailed,
    check_consistency,
    check_inclusion,
)
from runtime import cli
from runtime.bootstrap import Casetrail, build
from runtime.seal_command import export_document, open_seal
from runtime.settings import Settings
from tests.integration.views_support import settle
from tests.journeys import a_base_date, form_staff, protection_plan_journey


@dataclass
class Sealed:
    """Casetrail on one store, sealing only when asked, and a way round the application."""

    casetrail: Casetrail
    settings: Settings
    store: str
    schema: str | None = None

    @property
    def seal(self) -> Seal:
        assert self.casetrail.seal is not None
        return self.casetrail.seal

    @property
    def service(self) -> CaseRecord:
        return self.casetrail.case_record

    @property
    def events(self) -> str:
        """The events table (`stored_events` in SQLite, named after the application in
        PostgreSQL)."""
        return str(self.service.recorder.events_table_name)  # type: ignore[attr-defined]

    def positions(self) -> list[int]:
        return [n.id for n in self.service.recorder.select_notifications(start=None, limit=10**6)]

    def behind_the_applications_back(self, statement: str, params: tuple[Any, ...] = ()) -> None:
        """Run `statement` ({p} before table names, {events} for the events table, ?
        placeholders, {position} for the events' notification id) with the append-only triggers
        out of the way, as an intruder would."""
        if self.store == "sqlite":
            with closing(sqlite3.connect(self.settings.data_dir / "events.sqlite3")) as db:
                triggers = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                for (name,) in triggers.fetchall():
                    db.execute(f"DROP TRIGGER {name}")
                db.execute(statement.format(p="", events=self.events, position="rowid"), params)
                db.commit()
            install_append_only_guard(self.service.recorder)
            return
        tables = [self.events, "seal_leaves", "seal_nodes", "seal_tree_heads"]
        with psycopg.connect(self.settings.store) as connection:
            for table in tables:
                connection.execute(f'ALTER TABLE "{self.schema}".{table} DISABLE TRIGGER USER')
            sql = statement.format(
                p=f'"{self.schema}".', events=self.events, position="notification_id"
            )
            connection.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
            for table in tables:
                connection.execute(f'ALTER TABLE "{self.schema}".{table} ENABLE TRIGGER USER')


@pytest.fixture(params=["sqlite", "postgres"])
def sealed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sealed]:
    data_dir = tmp_path / "data"
    schema = None
    if request.param == "sqlite":
        settings = Settings(store="sqlite", data_dir=data_dir, seal_interval_seconds=0)
    else:
        schema = request.getfixturevalue("pg_schema")
        settings = Settings(
            store=request.getfixturevalue("postgres_dsn"), postgres_schema=schema,
            data_dir=data_dir, seal_interval_seconds=0,
        )
    built = build(settings)
    try:
        yield Sealed(built, settings, request.param, schema)
    finally:
        built.close()


@pytest.fixture
def sealed_postgres(
    tmp_path: Path, postgres_dsn: str, pg_schema: str
) -> Iterator[Sealed]:
    settings = Settings(store=postgres_dsn, postgres_schema=pg_schema, data_dir=tmp_path / "data",
                        seal_interval_seconds=0)
    built = build(settings)
    try:
        yield Sealed(built, settings, "postgres", pg_schema)
    finally:
        built.close()


def casetrail_verify(
    sealed: Sealed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str]:
    """`casetrail verify` as an operator runs it, configured by the same settings."""
    monkeypatch.setenv("CASETRAIL_STORE", sealed.settings.store)
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(sealed.settings.data_dir))
    if sealed.schema:
        monkeypatch.setenv("CASETRAIL_POSTGRES_SCHEMA", sealed.schema)
    capsys.readouterr()
    code = cli.main(["verify", *args])
    return code, capsys.readouterr().out


def record_casework(sealed: Sealed, days_ago: int = 400) -> None:
    staff = form_staff(sealed.service, a_base_date(days_ago + 200))
    protection_plan_journey(sealed.service, a_base_date(days_ago), staff)


def record_reads(sealed: Sealed, count: int) -> None:
    for i in range(count):
        sealed.service.record_access(f"AUD-{i}", "auditor", None, "search", "AUDIT-1", "allowed")


def test_verify_passes_on_a_log_sealed_as_it_grew(
    sealed: Sealed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record_casework(sealed)
    first, _ = sealed.seal.make_tree_head()
    record_reads(sealed, 5)
    second, _ = sealed.seal.make_tree_head()

    code, out = casetrail_verify(sealed, monkeypatch, capsys)

    assert code == 0, out
    assert f"{second.tree_size} events stored, {second.tree_size} sealed, 2 tree heads" in out
    assert first.tree_size < second.tree_size == len(sealed.positions())


def test_verify_names_the_event_changed_behind_the_applications_back(
    sealed: Sealed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record_casework(sealed)
    head, _ = sealed.seal.make_tree_head()
    target = sealed.positions()[17]

    sealed.behind_the_applications_back(
        "UPDATE {p}{events} SET state = ? WHERE {position} = ?",
        (b'{"note": "recorded otherwise"}', target),
    )
    code, out = casetrail_verify(sealed, monkeypatch, capsys)

    assert code == 1
    assert f"the event at position {target} (leaf 17) has changed since it was sealed" in out
    assert f"the kept tree head of size {head.tree_size} does not match the store" in out


def test_verify_names_the_first_of_the_last_events_removed(
    sealed: Sealed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record_casework(sealed)
    head, _ = sealed.seal.make_tree_head()
    positions = sealed.positions()

    sealed.behind_the_applications_back(
        "DELETE FROM {p}{events} WHERE {position} >= ?", (positions[-3],)
    )
    code, out = casetrail_verify(sealed, monkeypatch, capsys)

    assert code == 1
    assert (
        f"FAILED: the event at position {positions[-3]} (leaf {len(positions) - 3}) is missing"
        in out
    )
    assert f"tree head of size {head.tree_size} covers more events than the store holds" in out


def test_a_head_held_outside_exposes_a_log_whose_end_was_removed_and_rewritten(
    sealed_postgres: Sealed,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sealed = sealed_postgres
    record_casework(sealed)
    held, _ = sealed.seal.make_tree_head()
    held_file = tmp_path / "held.json"
    held_file.write_text(json.dumps(export_document(sealed.seal)))
    removed = sealed.positions()[-4:]

    # The intruder removes the last events and covers their tracks in the seal's own tables.
    sealed.behind_the_applications_back(
        "DELETE FROM {p}{events} WHERE {position} >= ?", (removed[0],)
    )
    sealed.behind_the_applications_back(
        "DELETE FROM {p}seal_leaves WHERE notification_id >= ?", (removed[0],)
    )
    sealed.behind_the_applications_back("DELETE FROM {p}seal_tree_heads")
    record_reads(sealed, 10)
    later, _ = sealed.seal.make_tree_head()
    proof = sealed.seal.consistency(held.tree_size, later.tree_size)
    code, out = casetrail_verify(sealed, monkeypatch, capsys, "--tree-heads", str(held_file))

    assert later.tree_size > held.tree_size
    with pytest.raises(VerificationFailed, match="was rewritten"):
        check_consistency(held, later, sealed.seal.key.public_key, proof.proof)
    with pytest.raises(NotFound):
        sealed.seal.inclusion(removed[-1], later.tree_size)
    assert code == 1
    assert f"the held tree head of size {held.tree_size} does not match the store" in out


def test_the_database_refuses_to_change_or_remove_events_and_the_seal(sealed: Sealed) -> None:
    record_reads(sealed, 3)
    sealed.seal.make_tree_head()
    before = sealed.positions()
    statements = [
        "UPDATE {p}{events} SET state = state",
        "DELETE FROM {p}{events}",
        "UPDATE {p}seal_leaves SET leaf_hash = leaf_hash",
        "DELETE FROM {p}seal_tree_heads",
    ]
    if sealed.store == "postgres":
        statements += ["TRUNCATE {p}{events}", "TRUNCATE {p}seal_tree_heads"]

    refusals = [_refusal(sealed, statement) for statement in statements]

    assert all("append-only" in refusal for refusal in refusals), refusals
    assert sealed.positions() == before
    assert len(sealed.seal.tree_heads()) == 1
    code_of_audit = audit(sealed.service.recorder, sealed.seal.store, [sealed.seal.key.public_key])
    assert code_of_audit.ok


def _refusal(sealed: Sealed, statement: str) -> str:
    try:
        if sealed.store == "sqlite":
            with closing(sqlite3.connect(sealed.settings.data_dir / "events.sqlite3")) as db:
                db.execute(statement.format(p="", events=sealed.events))
        else:
            with psycopg.connect(sealed.settings.store) as connection:
                sql = statement.format(p=f'"{sealed.schema}".', events=sealed.events)
                connection.execute(sql)  # type: ignore[arg-type]
    except (sqlite3.DatabaseError, psycopg.errors.InsufficientPrivilege) as refused:
        return str(refused)
    return f"accepted: {statement}"


def test_a_gap_in_the_log_is_no_leaf_and_positions_keep_their_own_leaves(
    sealed_postgres: Sealed,
) -> None:
    sealed = sealed_postgres
    record_reads(sealed, 3)
    (existing,) = sealed.service.recorder.select_notifications(start=None, limit=1)
    with pytest.raises(IntegrityError):  # a failed insert takes a notification id for ever
        sealed.service.recorder.insert_events([StoredEvent(
            existing.originator_id, existing.originator_version, existing.topic, existing.state,
        )])
    record_reads(sealed, 3)
    head, _ = sealed.seal.make_tree_head()
    positions = sealed.positions()
    gap = next(p for p in range(positions[0], positions[-1]) if p not in positions)

    after_gap = sealed.seal.inclusion(gap + 1, head.tree_size)

    assert head.tree_size == len(positions) == 6
    assert after_gap.leaf_index == positions.index(gap + 1) == gap - positions[0]
    check_inclusion(head, sealed.seal.key.public_key, after_gap.leaf_index, after_gap.leaf_hash,
                    after_gap.audit_path)
    with pytest.raises(NotFound, match=f"no sealed event at position {gap}"):
        sealed.seal.inclusion(gap, head.tree_size)


def test_proofs_from_the_store_verify_across_its_kept_subtrees(sealed: Sealed) -> None:
    heads: list[TreeHead] = []
    for count in (255, 1, 1, 300, 100):  # heads at 255, 256, 257, 557 and 657 events
        record_reads(sealed, count)
        heads.append(sealed.seal.make_tree_head()[0])
    records = sealed.service.recorder.select_notifications(start=None, limit=10**6)
    leaves = [record_leaf_hash(r) for r in records]
    key = sealed.seal.key.public_key

    assert [h.tree_size for h in heads] == [255, 256, 257, 557, 657]
    assert [h.root_hash for h in heads] == [merkle.root(leaves[:h.tree_size]) for h in heads]
    for head in heads:
        for index in {0, 1, 127, 128, 254, 255, 256, 300, 511, 512, head.tree_size - 1}:
            if index < head.tree_size:
                proof = sealed.seal.inclusion(records[index].id, head.tree_size)
                assert proof.leaf_hash == leaves[index]
                check_inclusion(head, key, proof.leaf_index, proof.leaf_hash, proof.audit_path)
    for older in heads:
        for newer in heads:
            if older.tree_size <= newer.tree_size:
                proof = sealed.seal.consistency(older.tree_size, newer.tree_size)
                check_consistency(older, newer, key, proof.proof)


def test_two_processes_sealing_at_once_keep_one_head_per_size_and_agree(
    sealed_postgres: Sealed,
) -> None:
    sealed = sealed_postgres
    other_process = CaseRecord(env=dict(sealed.service.env))
    other = open_seal(sealed.settings, other_process.recorder)
    made: list[TreeHead] = []
    errors: list[BaseException] = []

    def keep_sealing(seal: Seal) -> None:
        try:
            for _ in range(15):
                made.append(seal.make_tree_head()[0])
        except BaseException as error:
            errors.append(error)

    try:
        threads = [threading.Thread(target=keep_sealing, args=(s,)) for s in (sealed.seal, other)]
        for thread in threads:
            thread.start()
        record_reads(sealed, 60)
        for thread in threads:
            thread.join(timeout=120)
        final, _ = other.make_tree_head()
    finally:
        other_process.close()

    assert errors == []
    assert final.tree_size == 60
    assert all(sealed.seal.store.head(h.tree_size) == h for h in made)  # one head per size
    report = audit(sealed.service.recorder, sealed.seal.store, [sealed.seal.key.public_key])
    assert report.ok and report.sealed == 60, report


def test_a_serving_process_makes_tree_heads_by_itself(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path / "data", seal_interval_seconds=0.05)
    casetrail = build(settings)
    try:
        assert casetrail.seal is not None
        for i in range(4):
            casetrail.case_record.record_access(f"AUD-{i}", "auditor", None, "search", "A-1",
                                                "allowed")
        settle(casetrail)
        stored = casetrail.case_record.recorder.max_notification_id()
        pause = threading.Event()
        for _ in range(400):
            latest = casetrail.seal.store.latest_head()
            if latest is not None and latest.tree_size == stored:
                break
            pause.wait(0.05)
    finally:
        casetrail.close()

    assert latest is not None and latest.tree_size == stored == 4
