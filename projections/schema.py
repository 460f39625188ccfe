"""The view tables, in SQL that SQLite and PostgreSQL both take (`{p}` prefixes a table name,
`{i}` an index name)."""

from __future__ import annotations

# A projection's own copy of the events it has applied (`RecordCache`), so that it can refold a
# record (corrections included) whichever feed it runs from, without reading the store. Both the
# casework views and the reporting tables keep one.
RECORD_EVENTS = """
        CREATE TABLE IF NOT EXISTS {p}record_events (
            record_id TEXT NOT NULL, version INTEGER NOT NULL, child_id TEXT,
            topic TEXT NOT NULL, state TEXT NOT NULL,
            PRIMARY KEY (record_id, version))"""
RECORD_EVENTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS {i}record_events_child ON {p}record_events (child_id)"
)

TABLES: dict[str, str] = {
    "record_events": RECORD_EVENTS,
    "workers": """
        CREATE TABLE IF NOT EXISTS {p}workers (
            worker_id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, name TEXT NOT NULL,
            role TEXT NOT NULL, team_id TEXT, fte REAL NOT NULL, employment TEXT NOT NULL,
            started_on TEXT, left_on TEXT, absences TEXT NOT NULL)""",
    "teams": """
        CREATE TABLE IF NOT EXISTS {p}teams (
            team_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, manager_id TEXT)""",
    "children": """
        CREATE TABLE IF NOT EXISTS {p}children (
            child_id TEXT PRIMARY KEY, la_child_id TEXT NOT NULL, name TEXT NOT NULL,
            date_of_birth TEXT, restricted TEXT, named_people TEXT NOT NULL,
            open_episode_id TEXT, died_on TEXT, registered_by TEXT NOT NULL)""",
    "episodes": """
        CREATE TABLE IF NOT EXISTS {p}episodes (
            episode_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, kind TEXT NOT NULL,
            referral_date TEXT NOT NULL, closed_on TEXT, worker_id TEXT, allocated_on TEXT,
            waiting_since TEXT)""",
    "allocations": """
        CREATE TABLE IF NOT EXISTS {p}allocations (
            episode_id TEXT NOT NULL, child_id TEXT NOT NULL, worker_id TEXT NOT NULL,
            started_on TEXT NOT NULL, ended_on TEXT, reason TEXT NOT NULL)""",
    # Every child whose record has ever named the worker (an allocation, or a correction of
    # one), whether it still stands or not: where a replay of the worker's past caseload looks.
    "worker_children": """
        CREATE TABLE IF NOT EXISTS {p}worker_children (
            worker_id TEXT NOT NULL, child_id TEXT NOT NULL,
            PRIMARY KEY (worker_id, child_id))""",
    "clocks": """
        CREATE TABLE IF NOT EXISTS {p}clocks (
            clock_key TEXT PRIMARY KEY, child_id TEXT NOT NULL, episode_id TEXT, rule TEXT NOT NULL,
            title TEXT NOT NULL, basis TEXT NOT NULL, started_on TEXT NOT NULL,
            original_due TEXT NOT NULL, due TEXT NOT NULL, due_at TEXT, met_on TEXT,
            stopped_on TEXT, days_unit TEXT NOT NULL, extensions TEXT NOT NULL)""",
    "risk_facts": """
        CREATE TABLE IF NOT EXISTS {p}risk_facts (
            child_id TEXT PRIMARY KEY, facts TEXT NOT NULL)""",
    # Who read which child's record: from the access records, never with case content.
    "access_log": """
        CREATE TABLE IF NOT EXISTS {p}access_log (
            access_id TEXT PRIMARY KEY, child_id TEXT, user_name TEXT NOT NULL,
            role TEXT NOT NULL, route TEXT NOT NULL, purpose TEXT, outcome TEXT NOT NULL,
            accessed_at TEXT NOT NULL)""",
    "recording_lags": """
        CREATE TABLE IF NOT EXISTS {p}recording_lags (
            record_id TEXT NOT NULL, version INTEGER NOT NULL, actor TEXT NOT NULL,
            child_id TEXT, recorded_on TEXT NOT NULL, lag_days INTEGER NOT NULL,
            PRIMARY KEY (record_id, version))""",
}

INDEXES: list[str] = [
    RECORD_EVENTS_INDEX,
    "CREATE INDEX IF NOT EXISTS {i}episodes_worker ON {p}episodes (worker_id)",
    "CREATE INDEX IF NOT EXISTS {i}episodes_child ON {p}episodes (child_id)",
    "CREATE INDEX IF NOT EXISTS {i}clocks_child ON {p}clocks (child_id)",
    # A worker's and a team's deadlines reach the clocks through their open episodes.
    "CREATE INDEX IF NOT EXISTS {i}clocks_episode ON {p}clocks (episode_id)",
    "CREATE INDEX IF NOT EXISTS {i}allocations_child ON {p}allocations (child_id)",
    "CREATE INDEX IF NOT EXISTS {i}access_log_child ON {p}access_log (child_id, accessed_at)",
    "CREATE INDEX IF NOT EXISTS {i}recording_lags_actor ON {p}recording_lags (actor, recorded_on)",
]

VIEW_TABLES = tuple(TABLES)
