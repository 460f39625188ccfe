"""Fixtures for the browser tests: one small authority served by a real server for the session,
Debian's Chromium driven by Playwright (never a downloaded browser), a fresh browser context per
test, and a folder for the screenshots each test saves (tests/artifacts/, ignored by git)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from runtime.bootstrap import build
from runtime.settings import Settings
from tests.e2e.browser.world import Authority, build_authority
from tests.e2e.server import serving

CHROMIUM = os.environ.get("CASETRAIL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# As root, and on a machine with no network but the package registries: no sandbox (it needs
# user namespaces), and none of the browser's own background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Authority]:
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    # No sealing on a timer: the first tree head is made when the auditor's page first asks,
    # so that it holds every event the world recorded.
    casetrail = build(Settings(store="sqlite", data_dir=data_dir, seal_interval_seconds=0))
    try:
        yield build_authority(casetrail)
    finally:
        casetrail.close()


@pytest.fixture(scope="session")
def base_url(authority: Authority) -> Iterator[str]:
    with serving(authority.casetrail.app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"Debian's Chromium is not at {CHROMIUM}: run scripts/browser-install")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
