"""The eventsourcing library's environment for the chosen store: SQLite files, or PostgreSQL."""

from __future__ import annotations

from runtime.settings import Settings, StoreKind


def event_store_env(settings: Settings, schema: str | None = None) -> dict[str, str]:
    """Settings -> the library's environment. Nothing here reads `os.environ`."""
    if settings.store_kind is StoreKind.SQLITE:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(settings.data_dir / "events.sqlite3"),
            "SQLITE_LOCK_TIMEOUT": "10",
            # The library's SQLite recorder, plus a subscription for the projection runner.
            "APPLICATION_RECORDER_TOPIC": "projections.following:FollowableSQLiteRecorder",
            # The views in a file of their own: rebuilding them never touches the events.
            "CASEWORK_SQLITE_DBNAME": str(settings.data_dir / "views.sqlite3"),
        }
    address = settings.postgres
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": address.host,
        "POSTGRES_PORT": str(address.port),
        "POSTGRES_USER": address.user,
        "POSTGRES_PASSWORD": address.password,
        "POSTGRES_DBNAME": address.dbname,
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_POOL_SIZE": "5",
        "POSTGRES_MAX_OVERFLOW": "10",
        "POSTGRES_LOCK_TIMEOUT": "5",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "y",
        # With database functions on, a later notification id can become visible before an
        # earlier one commits, and a reader following the log could skip an event for ever.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
    }
    schema = schema or settings.postgres_schema
    if schema:
        env["POSTGRES_SCHEMA"] = schema
    return env
