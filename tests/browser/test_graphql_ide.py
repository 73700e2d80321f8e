"""The GraphQL IDE in Chromium: the login page first, then queries and mutations run as the
signed-in user, with nothing fetched from anywhere but the server itself."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_ide_runs_queries_and_mutations_as_the_signed_in_user(page, server):
    base, _ = server
    elsewhere = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(base) else elsewhere.append(request.url),
    )

    page.goto(f"{base}/graphql")
    assert "/accounts/login/" in page.url and "next=%2Fgraphql" in page.url
    log_in(page, base)
    page.wait_for_url(f"{base}/graphql")
    assert "alice@example.com" in page.inner_text("header")
    # The explorer reads the schema through the same endpoint.
    page.locator("#explorer a", has_text="Query").first.wait_for()

    page.fill("#query", "query Me { currentUser { fullName user { email } isAdmin } }")
    page.click("#run")
    # The page's policy lets no script but its own run, so waits use locators, not eval.
    page.locator("#result", has_text="alice@example.com").wait_for()
    assert '"isAdmin": true' in page.inner_text("#result")
    assert "HTTP 200" in page.inner_text("#status")

    page.fill(
        "#query",
        "mutation Rename($name: String) { updateNetwork(name: $name) "
        "{ network { name } userErrors { message } } }",
    )
    page.fill("#variables", '{"name": "Browser Inc"}')
    page.keyboard.press("Control+Enter")
    page.locator("#result", has_text="Browser Inc").wait_for()
    assert '"userErrors": []' in page.inner_text("#result")

    page.click("#explorer a >> text=Query")
    page.locator("#explorer", has_text="recognitions").wait_for()
    assert elsewhere == []


def test_the_ide_keeps_the_query_and_shows_errors(page, server):
    base, _ = server
    page.goto(f"{base}/accounts/login/?next=/graphql")
    log_in(page, base)
    page.wait_for_url(f"{base}/graphql")
    page.fill("#query", "{ currentUser { nope } }")
    page.click("#run")
    page.locator("#result", has_text="nope").wait_for()
    assert "error" in page.get_attribute("#result", "class")
    page.reload()
    assert page.input_value("#query") == "{ currentUser { nope } }"
