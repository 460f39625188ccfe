"""The reporting tables, in SQL that SQLite and PostgreSQL both take (`{p}` prefixes a table name,
`{i}` an index name).

Every row of an episode's tables is derived from that episode alone (and a child's row from the
child's record alone), so that a record is rewritten whole whenever one of its events arrives: the
tables are then the same whatever order the records were folded in, and a correction or an entry
in error needs no special handling. Dates are ISO `YYYY-MM-DD` text; `seq` numbers the items of one
episode in the order they happened.
"""

from __future__ import annotations

from projections.schema import RECORD_EVENTS, RECORD_EVENTS_INDEX

# Tables holding one episode's rows: rewritten together whenever the episode changes.
EPISODE_TABLES: dict[str, str] = {
    "episodes": """
        CREATE TABLE IF NOT EXISTS {p}episodes (
            episode_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, referral_date TEXT NOT NULL,
            referral_source TEXT NOT NULL, primary_need TEXT NOT NULL, decision TEXT,
            decided_on TEXT, closed_on TEXT, closure_reason TEXT)""",
    "assessments": """
        CREATE TABLE IF NOT EXISTS {p}assessments (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            started_on TEXT NOT NULL, seen_on TEXT, completed_on TEXT, authorised_on TEXT,
            factors TEXT NOT NULL, outcome TEXT, PRIMARY KEY (episode_id, seq))""",
    "strategy_discussions": """
        CREATE TABLE IF NOT EXISTS {p}strategy_discussions (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            held_on TEXT NOT NULL, start_section47 INTEGER NOT NULL,
            PRIMARY KEY (episode_id, seq))""",
    "section47s": """
        CREATE TABLE IF NOT EXISTS {p}section47s (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            started_on TEXT NOT NULL, concluded_on TEXT, conference_needed INTEGER,
            PRIMARY KEY (episode_id, seq))""",
    "conferences": """
        CREATE TABLE IF NOT EXISTS {p}conferences (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            kind TEXT NOT NULL, held_on TEXT NOT NULL, plan INTEGER NOT NULL, category TEXT,
            PRIMARY KEY (episode_id, seq))""",
    # Protection, child in need and pathway plans.
    "plans": """
        CREATE TABLE IF NOT EXISTS {p}plans (
            episode_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL,
            child_id TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT,
            initial_category TEXT, PRIMARY KEY (episode_id, kind, seq))""",
    # Reviews of each kind of plan, and looked-after reviews (with the child's participation).
    "reviews": """
        CREATE TABLE IF NOT EXISTS {p}reviews (
            episode_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL,
            child_id TEXT NOT NULL, held_on TEXT NOT NULL, participation TEXT,
            PRIMARY KEY (episode_id, kind, seq))""",
    # Periods of care: from becoming looked after to ceasing, and any permanence arrangement
    # the child had before (SSDA903 PrevPerm; NULL: not recorded).
    "care_periods": """
        CREATE TABLE IF NOT EXISTS {p}care_periods (
            episode_id TEXT NOT NULL, period INTEGER NOT NULL, child_id TEXT NOT NULL,
            started_on TEXT NOT NULL, ceased_on TEXT, ceased_reason TEXT,
            previous_permanence TEXT, previous_permanence_authority TEXT,
            previous_permanence_on TEXT, PRIMARY KEY (episode_id, period))""",
    # The SSDA903 episodes of a period of care: a new one at each change of legal status or
    # placement, with the reason it began (RNE) and ended (REC), and the placement's provider,
    # postcode, Ofsted URN and the child's home postcode (NULL: not recorded, or none).
    "care_episodes": """
        CREATE TABLE IF NOT EXISTS {p}care_episodes (
            episode_id TEXT NOT NULL, period INTEGER NOT NULL, seq INTEGER NOT NULL,
            child_id TEXT NOT NULL, started_on TEXT NOT NULL, new_episode_reason TEXT NOT NULL,
            legal_status TEXT NOT NULL, placement_type TEXT NOT NULL, ended_on TEXT,
            ended_reason TEXT, placement_change_reason TEXT, placement_provider TEXT,
            placement_postcode TEXT, home_postcode TEXT, urn TEXT,
            PRIMARY KEY (episode_id, period, seq))""",
    "placements": """
        CREATE TABLE IF NOT EXISTS {p}placements (
            episode_id TEXT NOT NULL, period INTEGER NOT NULL, seq INTEGER NOT NULL,
            child_id TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT,
            placement_type TEXT NOT NULL, change_reason TEXT, placement_provider TEXT,
            placement_postcode TEXT, home_postcode TEXT, urn TEXT,
            PRIMARY KEY (episode_id, period, seq))""",
    "missing_episodes": """
        CREATE TABLE IF NOT EXISTS {p}missing_episodes (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            started_on TEXT NOT NULL, returned_on TEXT, PRIMARY KEY (episode_id, seq))""",
    # Visits to the child (kind `visit`) and a personal adviser's visits (`personal_adviser`).
    "visits": """
        CREATE TABLE IF NOT EXISTS {p}visits (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            kind TEXT NOT NULL, visited_on TEXT NOT NULL, statutory INTEGER NOT NULL,
            child_seen INTEGER NOT NULL, seen_alone INTEGER NOT NULL,
            PRIMARY KEY (episode_id, seq))""",
    # Concerns raised by agencies during an episode (contacts, for Annex A).
    "concerns": """
        CREATE TABLE IF NOT EXISTS {p}concerns (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            raised_on TEXT NOT NULL, agency TEXT NOT NULL, PRIMARY KEY (episode_id, seq))""",
    # Who held the episode when: each allocation, and why it began and ended (changes of worker).
    "worker_changes": """
        CREATE TABLE IF NOT EXISTS {p}worker_changes (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            worker_id TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT,
            start_reason TEXT NOT NULL, end_reason TEXT, PRIMARY KEY (episode_id, seq))""",
    # A looked-after child's health record, an item per event (consumers/reporting/health.py
    # names the kinds): `code` is a health assessment's INITIAL or REVIEW, why a questionnaire
    # was not scored, or a conviction or caution; `score` a questionnaire's; `answer` whether
    # immunisations or development checks were up to date, or an intervention accepted.
    "health_records": """
        CREATE TABLE IF NOT EXISTS {p}health_records (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            kind TEXT NOT NULL, occurred_on TEXT NOT NULL, code TEXT, score INTEGER,
            answer INTEGER, PRIMARY KEY (episode_id, seq))""",
    # A care leaver's circumstances at each contact: `accommodation` as the SSDA903 codes it,
    # its letter and 1 (suitable) or 2 (not suitable).
    "care_leaver_circumstances": """
        CREATE TABLE IF NOT EXISTS {p}care_leaver_circumstances (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            contacted_on TEXT NOT NULL, activity TEXT NOT NULL, accommodation TEXT NOT NULL,
            PRIMARY KEY (episode_id, seq))""",
    # Decisions that the child should be placed for adoption, each with the prospective
    # adopters matched (NULL: none yet) and its reversal (NULL: it stands), as the SSDA903's AD1
    # and PlacedAdoption code them: `adopters` 1 or 2, `adopters_sex` M1 F1 MM FF MF,
    # `adopters_legal_status` L0 L11 L12 L2 L3 L4, `reversal_reason` RD1 to RD4.
    "adoption_decisions": """
        CREATE TABLE IF NOT EXISTS {p}adoption_decisions (
            episode_id TEXT NOT NULL, seq INTEGER NOT NULL, child_id TEXT NOT NULL,
            decided_on TEXT NOT NULL, matched_on TEXT, adopters INTEGER, adopters_sex TEXT,
            adopters_legal_status TEXT, foster_carers INTEGER, reversed_on TEXT,
            reversal_reason TEXT, PRIMARY KEY (episode_id, seq))""",
}

TABLES: dict[str, str] = {
    "record_events": RECORD_EVENTS,
    # `babies_born_on`: the dates the young person's own babies were born, space-separated,
    # earliest first (empty: none recorded); `uasc_*`: unaccompanied and seeking asylum from
    # `uasc_since`, ceasing before 18 on `uasc_ceased_on` (it ends at 18 by itself).
    "children": """
        CREATE TABLE IF NOT EXISTS {p}children (
            child_id TEXT PRIMARY KEY, la_child_id TEXT NOT NULL, upn TEXT,
            date_of_birth TEXT, expected_birth_date TEXT, sex TEXT NOT NULL,
            ethnicity TEXT NOT NULL, disabilities TEXT NOT NULL, died_on TEXT,
            restricted TEXT, babies_born_on TEXT NOT NULL, uasc_since TEXT,
            uasc_ceased_on TEXT, uasc_ceased_reason TEXT)""",
    "workers": """
        CREATE TABLE IF NOT EXISTS {p}workers (
            worker_id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, name TEXT NOT NULL,
            role TEXT NOT NULL, team_id TEXT, started_on TEXT, left_on TEXT,
            registration_number TEXT)""",
    "teams": """
        CREATE TABLE IF NOT EXISTS {p}teams (
            team_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL)""",
    **EPISODE_TABLES,
}

INDEXES: list[str] = [
    RECORD_EVENTS_INDEX,
    *(
        f"CREATE INDEX IF NOT EXISTS {{i}}{table}_child ON {{p}}{table} (child_id)"
        for table in EPISODE_TABLES
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS {{i}}{table}_episode ON {{p}}{table} (episode_id)"
        for table in EPISODE_TABLES
        if table != "episodes"
    ),
]

# Every table a rebuild empties (the record copies included: they are refolded from the events).
REPORTING_TABLES = tuple(TABLES)
