"""A manager's team in the browser: caseload against the threshold, waiting work, overdue
clocks and the latent conditions; allocating work and extending a clock from there."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.browser.steps import dialog, heading, screenshot, section, sign_in_as, status
from tests.e2e.browser.world import Authority, days_ago

MANAGER = "Sign in as Gareth Lloyd, team manager (TM-DEMO)"


def test_the_team_page_shows_caseloads_waiting_work_and_conditions(
    page: Page, authority: Authority
) -> None:
    sign_in_as(page, MANAGER)

    expect(heading(page, "Safeguarding North")).to_be_visible()
    caseload = section(page, "Caseload per worker")
    expect(caseload.get_by_role("img")).to_be_visible()
    expect(caseload.locator("tbody tr")).to_have_count(2)
    expect(caseload.locator("tr", has_text="Sam Okoro")).to_contain_text("yes")
    waiting = section(page, "Waiting for allocation")
    expect(waiting.locator("tr", has_text=authority.jade.name)).to_contain_text("4")
    conditions = section(page, "Latent conditions")
    expect(conditions).to_contain_text("Absent now")
    expect(conditions).to_contain_text("Recording lag")
    expect(conditions).to_contain_text("Changes of worker")


def test_a_manager_extends_an_overdue_clock_with_a_reason(
    page: Page, authority: Authority, artifacts: Path
) -> None:
    sign_in_as(page, MANAGER)
    overdue = section(page, "Overdue clocks")
    noah = overdue.locator("tr[data-rule='E3']", has_text=authority.noah.name)
    expect(noah).to_have_count(1)
    new_due = days_ago(-14)

    noah.get_by_role("button", name=f"Extend E3 for {authority.noah.name}").click()
    form = dialog(page)
    form.get_by_label("New due date").fill(new_due.isoformat())
    form.get_by_label("Reason").fill("Father's account needs a police check; waiting on it.")
    form.get_by_role("button", name="Extend the clock").click()

    expect(form).to_have_count(0)
    expect(status(page)).to_contain_text(f"E3 for {authority.noah.name} extended to")
    expect(overdue.locator("tr[data-rule='E3']", has_text=authority.noah.name)).to_have_count(0)
    extended = section(page, "Extended clocks").locator("tr", has_text=authority.noah.name)
    expect(extended).to_contain_text("Extended")
    expect(extended).to_contain_text("approved by TM-DEMO")
    expect(extended).to_contain_text("waiting on it")
    expect(extended).to_have_attribute("data-due", new_due.isoformat())
    screenshot(page, artifacts, "team")


def test_a_manager_allocates_waiting_work_to_a_worker_of_the_team(
    page: Page, authority: Authority
) -> None:
    sign_in_as(page, MANAGER)
    waiting = section(page, "Waiting for allocation")

    waiting.get_by_role("button", name=f"Allocate {authority.mia.name}").click()
    form = dialog(page)
    expect(form.get_by_label("Worker")).to_contain_text("Sam Okoro: 2 children")
    expect(form.get_by_label("Worker")).to_contain_text("(absent now)")
    form.get_by_label("Worker").select_option(value=str(authority.sam))
    form.get_by_role("button", name="Allocate").click()

    expect(form).to_have_count(0)
    expect(status(page)).to_contain_text(f"{authority.mia.name} allocated to Sam Okoro.")
    expect(waiting.locator("tr", has_text=authority.mia.name)).to_have_count(0)
    sam = section(page, "Caseload per worker").locator("tr", has_text="Sam Okoro")
    expect(sam.locator("td").nth(1)).to_have_text("3")
