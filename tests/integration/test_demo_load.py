"""The demo authority loaded through the composition root, on SQLite and on PostgreSQL: the views
show what a team manager in a real authority would see (caseloads, overdue clocks, risk signals
of several kinds, work waiting for a worker, people off sick); and `casetrail demo` loads an
empty store once and hands out the demo's sign-in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.auth import Role
from projections.queries import caseload, deadlines, latent, risk
from projections.runner import open_view_store
from runtime.bootstrap import Casetrail, token_keys
from runtime.cli import main
from runtime.demo import generator
from runtime.demo.workforce import DEMO_MANAGER, DEMO_PRACTITIONER
from runtime.demo_command import sign_in
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests.integration.views_support import settle

# A fixed end of history, and the views judged as on that day, so that what they show is the
# same whenever the test runs.
END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo() -> generator.DemoPlan:
    return generator.plan(6, scale=0.01, years=1.0, end=END)


def test_the_demo_authority_fills_every_view(
    casetrail: Casetrail, demo: generator.DemoPlan
) -> None:
    report = generator.load(casetrail.case_record, demo)
    settle(casetrail)

    assert report.refusals == []
    views, thresholds, today = casetrail.views, casetrail.thresholds, END.date()
    workers = caseload.worker_caseloads(views, thresholds)
    assert sum(w.children for w in workers) > 10
    practitioner = next(w for w in workers if w.name == demo.workforce.member(
        DEMO_PRACTITIONER).name)
    assert practitioner.children > 0
    assert all(t.children > 0 for t in caseload.team_caseloads(views, thresholds))
    assert caseload.unallocated(views, today)

    children = [r["child_id"] for r in views.select("SELECT child_id FROM {p}children")]
    clocks = [c for child in children
              for c in deadlines.child_clocks_at(views, child, today, thresholds)]
    assert any(c.status == "overdue" for c in clocks)
    extended = views.select("SELECT clock_key FROM {p}clocks WHERE extensions != '[]'")
    assert extended
    risks = [risk.child_risk(views, child, today, thresholds) for child in children]
    signals = {s.code for found in risks if found is not None for s in found.signals}
    assert len(signals) >= 6, signals
    assert {"re-referral", "not-seen"} <= signals

    team = views.select("SELECT team_id FROM {p}workers WHERE staff_id = ?", (DEMO_MANAGER,))
    conditions = latent.team_conditions(views, team[0]["team_id"], today, thresholds)
    assert conditions is not None
    assert conditions.absent_now >= 1
    assert conditions.recording_lag_p90_days is not None
    absences = views.select("SELECT absences FROM {p}workers WHERE absences != '[]'")
    assert len(absences) >= 2


def test_casetrail_demo_loads_an_empty_store_once_and_signs_the_demo_users_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETRAIL_STORE", "sqlite")
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(tmp_path / "data"))
    small = ["demo", "--scale", "0.005", "--years", "0.5"]

    assert main([*small, "--if-empty"]) == 0
    assert "Demo authority (seed 1, scale 0.005" in capsys.readouterr().out
    assert main([*small, "--if-empty"]) == 0
    assert "nothing loaded" in capsys.readouterr().err
    assert main(small) == 2

    settings = Settings()
    lines = sign_in(settings, open_view_store(event_store_env(settings)))
    tokens = [line.strip() for line in lines if line.startswith("    ")]
    principals = [token_keys(settings).verify(token) for token in tokens]
    assert [(p.user, p.role) for p in principals] == [
        (DEMO_PRACTITIONER, Role.PRACTITIONER), (DEMO_MANAGER, Role.MANAGER),
        ("demo-auditor", Role.AUDITOR), ("demo-analyst", Role.ANALYST),
    ]
    assert principals[0].worker_id is not None
