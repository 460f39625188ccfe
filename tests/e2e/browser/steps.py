"""What a person does over and over in the browser tests: sign in, and find things by what the
page says (roles, labels, headings), as a person or a screen reader would."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect


def sign_in_as(page: Page, button: str) -> None:
    """Sign in with one click, as one of the demo's people the sign-in page offers."""
    page.goto("/")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_in_by_staff_id(page: Page, staff_id: str) -> None:
    page.goto("/")
    page.get_by_label("Staff id or name").fill(staff_id)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1, name="Sign in to Casetrail")).to_be_visible()


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", level=1, name=name)


def section(page: Page, title: str) -> Locator:
    return page.get_by_role("region", name=title)


def dialog(page: Page) -> Locator:
    return page.get_by_role("dialog")


def status(page: Page) -> Locator:
    return page.get_by_role("status")


def screenshot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
