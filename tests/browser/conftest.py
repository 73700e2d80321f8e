"""A real headless Chromium (Debian's package, never downloaded) against a live server."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from playwright.sync_api import sync_playwright

from gaggle.liveserver import GAGGLE, running_server
from tests import tools

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "browser test secret"
# Chromium as root in a sandbox-less container, with no background traffic to the internet.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    executable = tools.require("chromium", CHROMIUM, "apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def server(empty_database, tmp_path):
    """A live server on a fresh database with one user, alice@example.com."""
    env = dict(os.environ, DATABASE_URL=empty_database.url, GAGGLE_DATA_DIR=str(tmp_path))

    def gaggle(*args: str) -> str:
        return subprocess.run(
            [*GAGGLE, *args], env=env, capture_output=True, text=True, check=True, timeout=120
        ).stdout

    gaggle(
        "users",
        "create",
        "--email",
        "alice@example.com",
        "--password",
        PASSWORD,
        "--first-name",
        "Alice",
        "--admin",
    )
    with running_server(env) as (base, _output):
        yield base, gaggle


def log_in(page, base: str) -> None:
    """Log in as alice, from the login page the browser is on (or is sent to)."""
    if "/accounts/login/" not in page.url:
        page.goto(f"{base}/accounts/login/")
    page.fill("#username", "alice@example.com")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
