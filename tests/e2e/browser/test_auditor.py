"""An auditor in the browser: signing in with a token from their identity provider, stating the
review's reference once, then a child's chronology with both clocks, the record as it was known
on a past date, who read it, and a proof that an event is in the signed log."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from api.auth import Principal, Role
from tests.e2e.browser.steps import heading, screenshot, section
from tests.e2e.browser.world import Authority, days_ago

REVIEW = "CSPR-2026-004"


def test_an_auditor_sees_a_visit_overdue_as_it_was_known_on_a_past_date(
    page: Page, authority: Authority, artifacts: Path
) -> None:
    keys = authority.casetrail.app.state.services.keys
    token = keys.issue(Principal("AUD-ELLIS", Role.AUDITOR, "Dana Ellis"), 30)
    page.goto("/")
    page.get_by_role("textbox", name="Token").fill(token)
    page.get_by_role("button", name="Sign in with this token").click()
    page.get_by_label("Review reference").fill(REVIEW)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Name or local id").fill("Sutcliffe")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=authority.leon.name).click()
    expect(heading(page, f"Audit: {authority.leon.name}")).to_be_visible()

    # Between the visit's due date and the day it was recorded, the record showed it overdue.
    before_it_was_recorded = authority.leon_visit_recorded_on.toordinal() - 3
    known = section(page, "As known on a date")
    known.get_by_label("As known on").fill(days_ago(days_ago(0).toordinal()
                                                      - before_it_was_recorded).isoformat())
    known.get_by_role("button", name="Show").click()
    then = page.locator("#known-then")
    expect(then.locator("tr[data-rule='E8'][data-status='overdue']")).to_have_count(1)
    since = then.locator("tr[data-rule='E8'][data-change='status changed']")
    expect(since).to_contain_text("overdue")
    expect(since).to_contain_text("met late")

    # Both clocks: the visit happened twelve days before it was recorded.
    chronology = section(page, "Chronology")
    late = chronology.locator("tbody tr").filter(
        has=page.locator("td.number", has_text=re.compile(r"^12$"))
    )
    expect(late).to_have_count(1)
    expect(late).to_contain_text("isit")

    late.get_by_role("button", name=re.compile("^Proof for entry")).click()
    evidence = section(page, "Evidence")
    expect(evidence.get_by_text("Signature checked in this browser")).to_be_visible()
    expect(evidence.locator("[data-verified='true']")).to_contain_text("Checked in this browser")

    readers = section(page, "Who accessed this record")
    expect(readers.locator("tr", has_text="AUD-ELLIS").first).to_contain_text(REVIEW)
    screenshot(page, artifacts, "audit")
