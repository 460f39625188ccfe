"""The database itself refuses to change or remove a stored event (case events and access records
alike, which share the events table) or anything the seal keeps.

The application's role owns the tables it creates, so privileges alone cannot hold it back; row
triggers can, and they answer every UPDATE, DELETE (and, on PostgreSQL, TRUNCATE) with an error,
whatever the statement's origin. A table owner can still disable a trigger: a deployment that
wants more gives the tables to another role and grants the application INSERT and SELECT only.
Nothing in Casetrail updates or deletes events: corrections are later events.
"""

from __future__ import annotations

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from projections.seal.store import TABLES

REFUSAL = "the record is append-only"
FUNCTION = "casetrail_refuse_change"


def guarded_tables(recorder: ApplicationRecorder) -> list[str]:
    events_table = getattr(recorder, "events_table_name", "stored_events")
    return [events_table, *TABLES]


def install_append_only_guard(recorder: ApplicationRecorder) -> None:
    """Install the triggers on the events table and the seal's tables (after they exist)."""
    if isinstance(recorder, PostgresApplicationRecorder):
        _install_postgres(recorder)
    elif isinstance(recorder, SQLiteApplicationRecorder):
        _install_sqlite(recorder)
    else:
        raise TypeError(f"no append-only guard for a {type(recorder).__name__}")


def _install_postgres(recorder: PostgresApplicationRecorder) -> None:
    schema = recorder.datastore.schema
    function = SQL("{}.{}").format(Identifier(schema), Identifier(FUNCTION))
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"casetrail-seal:{schema}",))
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            (schema,),
        )
        present = {(row["relname"], row["tgname"]) for row in cursor.fetchall()}
        tables = guarded_tables(recorder)
        wanted = [(t, f"{t}_append_only") for t in tables] + [
            (t, f"{t}_no_truncate") for t in tables
        ]
        if all(w in present for w in wanted):
            return  # installed already (perhaps by a database owner other than this role)
        cursor.execute(
            SQL(
                "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION '% on %.% refused: " + REFUSAL + "', "
                "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; "
                "END $$"
            ).format(function=function)
        )
        for table, trigger in wanted:
            if (table, trigger) in present:
                continue
            when = (
                "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT"
                if trigger.endswith("_no_truncate")
                else "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW"
            )
            cursor.execute(
                SQL("CREATE TRIGGER {trigger} " + when + " EXECUTE FUNCTION {function}()").format(
                    trigger=Identifier(trigger),
                    table=SQL("{}.{}").format(Identifier(schema), Identifier(table)),
                    function=function,
                )
            )


def _install_sqlite(recorder: SQLiteApplicationRecorder) -> None:
    with recorder.datastore.transaction(commit=True) as cursor:
        for table in guarded_tables(recorder):
            for operation in ("UPDATE", "DELETE"):
                message = f"{operation} on {table} refused: {REFUSAL}"
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                    f"BEFORE {operation} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
