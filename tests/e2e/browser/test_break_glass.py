"""Another team's child in the browser: not shown to a practitioner unless they break the glass,
with a reason that is recorded and shown to the managers of the child's team."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.browser.steps import (
    heading,
    screenshot,
    section,
    sign_in_as,
    sign_in_by_staff_id,
    sign_out,
)
from tests.e2e.browser.world import Authority

REASON = "On duty tonight: police at the door asking about Tyler."


def test_a_practitioner_cannot_open_another_teams_child_without_breaking_the_glass(
    page: Page, authority: Authority, artifacts: Path
) -> None:
    sign_in_as(page, "Sign in as Priya Raman, practitioner (SW-DEMO)")

    page.goto(f"/#/child/{authority.tyler.child}")
    expect(heading(page, "This record is not in your work")).to_be_visible()
    expect(page.get_by_text(authority.tyler.name)).to_have_count(0)
    screenshot(page, artifacts, "break-the-glass")

    page.get_by_label("Why you need this record now").fill(REASON)
    page.get_by_role("button", name="Break the glass and open the record").click()

    expect(heading(page, authority.tyler.name)).to_be_visible()
    expect(page.get_by_text("You opened this record by breaking the glass")).to_be_visible()
    expect(page.get_by_role("button", name="Record a visit")).to_have_count(0)
    screenshot(page, artifacts, "child-opened-by-breaking-the-glass")

    sign_out(page)
    sign_in_by_staff_id(page, "TM-SOUTH")
    opened = section(page, "Records opened by breaking the glass")
    expect(opened.locator("tr", has_text="SW-DEMO").first).to_contain_text(REASON)
