"""A practitioner's day in the browser: sign in, see what is overdue first, record a visit in one
screen and see at once the clock it met."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.browser.steps import dialog, heading, screenshot, sign_in_as, status
from tests.e2e.browser.world import Authority, days_ago

PRACTITIONER = "Sign in as Priya Raman, practitioner (SW-DEMO)"


def test_the_sign_in_page_offers_the_demo_people_and_a_token(page: Page, artifacts: Path) -> None:
    page.goto("/")

    expect(heading(page, "Sign in to Casetrail")).to_be_visible()
    expect(page.get_by_role("button", name=PRACTITIONER)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in as Gareth Lloyd, team manager (TM-DEMO)"))\
        .to_be_visible()
    expect(page.get_by_role("button", name="Sign in as demo-auditor, auditor (demo-auditor)"))\
        .to_be_visible()
    expect(page.get_by_role("textbox", name="Token")).to_be_visible()
    screenshot(page, artifacts, "sign-in")


def test_my_work_lists_overdue_work_first_with_the_risk_in_plain_words(
    page: Page, authority: Authority
) -> None:
    sign_in_as(page, PRACTITIONER)

    expect(heading(page, "My work")).to_be_visible()
    rows = page.locator("#my-children tbody tr")
    expect(rows).to_have_count(3)
    overdue_first = {rows.nth(0).get_by_role("link").inner_text(),
                     rows.nth(1).get_by_role("link").inner_text()}
    assert overdue_first == {authority.leon.name, authority.amy.name}
    expect(rows.nth(0)).to_contain_text("Overdue")
    expect(rows.nth(2)).to_contain_text(authority.kacey.name)
    expect(rows.nth(2)).to_contain_text("E8 Visits to a child on a protection plan")
    leon = page.locator(f"tr[data-child='{authority.leon.child}']")
    expect(leon).to_contain_text("a statutory visit (E8) was due on")


def test_a_practitioner_records_a_visit_and_sees_the_clock_met(
    page: Page, authority: Authority, artifacts: Path
) -> None:
    sign_in_as(page, PRACTITIONER)
    kacey = page.locator(f"tr[data-child='{authority.kacey.child}']")
    expect(kacey).to_contain_text("E8")

    kacey.get_by_role("button", name=f"Record a visit to {authority.kacey.name}").click()
    form = dialog(page)
    expect(form.get_by_label("The child was seen", exact=True)).to_be_checked()
    form.get_by_label("The child was seen alone").check()
    form.get_by_label("Note").fill("Kacey seen alone in her room; talked about school.")
    screenshot(page, artifacts, "record-a-visit")
    form.get_by_label("Note").press("Control+Enter")

    expect(form).to_have_count(0)
    expect(status(page)).to_contain_text(f"Visit to {authority.kacey.name}")
    expect(status(page)).to_contain_text("Clock met: E8")
    expect(kacey.locator(".just-recorded")).to_contain_text("Clock met: E8")
    # The focus stays on the row's own action, for the next one.
    expect(kacey.get_by_role("button", name=f"Record a visit to {authority.kacey.name}"))\
        .to_be_focused()
    screenshot(page, artifacts, "my-work")

    kacey.get_by_role("link", name=authority.kacey.name).click()
    expect(heading(page, authority.kacey.name)).to_be_visible()
    met = page.locator(f"tr[data-rule='E8'][data-status='met'][data-met-on='{days_ago(0)}']")
    expect(met).to_have_count(1)
    expect(met).to_contain_text("met on")
    expect(page.locator("tr[data-rule='E8'][data-status='running']")).to_have_count(1)
    screenshot(page, artifacts, "child")


def test_a_visit_that_breaks_a_rule_is_refused_with_the_reason_and_nothing_recorded(
    page: Page, authority: Authority
) -> None:
    sign_in_as(page, PRACTITIONER)
    amy = page.locator(f"tr[data-child='{authority.amy.child}']")
    amy.get_by_role("button", name=f"Record a visit to {authority.amy.name}").click()
    form = dialog(page)
    form.get_by_label("The child was seen", exact=True).uncheck()
    form.get_by_label("The child was seen alone").check()
    form.get_by_role("button", name="Record the visit").click()

    expect(form.get_by_role("alert")).to_contain_text("Nothing was recorded")
    expect(form.get_by_role("alert")).to_contain_text("seen alone")
    form.get_by_role("button", name="Cancel").click()
    expect(form).to_have_count(0)


def test_recording_works_from_the_keyboard_and_every_field_has_a_label(
    page: Page, authority: Authority
) -> None:
    sign_in_as(page, PRACTITIONER)
    note = page.get_by_role("button", name=f"Case note for {authority.amy.name}")
    note.focus()
    page.keyboard.press("Enter")

    form = dialog(page)
    expect(form.get_by_label("Date it happened")).to_be_focused()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
            .filter((e) => e.type !== "hidden" && !e.labels.length && !e.getAttribute("aria-label"))
            .map((e) => e.name || e.id)"""
    )
    assert unlabelled == []
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(note).to_be_focused()
