"""Swagger UI: "Authorize" runs the authorization-code flow with PKCE, then "Try it out" works."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_authorize_then_try_it_out(page, server):
    base, _ = server
    page.goto(f"{base}/api/v/2.0/ui/")
    page.click("button.btn.authorize")
    flows = page.locator(".auth-container")
    code_flow = flows.filter(has_text="authorizationCode")
    code_flow.locator("input#client_id").wait_for()
    # The code flow with PKCE comes first, with the docs client; the password flow has none
    # prefilled (the docs client cannot use it).
    assert "authorizationCode with PKCE" in flows.first.inner_text()
    assert code_flow.locator("input#client_id").input_value() == "gaggle-docs"
    password_flow = flows.filter(has_text="password")
    assert password_flow.locator("input#client_id").input_value() == ""
    with page.expect_popup() as popup_info:
        code_flow.locator("button.authorize").click()
    popup = popup_info.value
    popup.wait_for_selector("#username")
    popup.fill("#username", "alice@example.com")
    popup.fill("#password", PASSWORD)
    popup.click("button[type=submit]")
    popup.wait_for_selector("text=Authorize")
    assert "Gaggle API documentation" in popup.content()
    with popup.expect_event("close"):
        popup.click("button[value=allow]")
    code_flow.get_by_role("button", name="Logout").wait_for()  # authorized
    assert "Authorized" in code_flow.inner_text()
    page.get_by_role("button", name="Close").first.click()

    page.click("#operations-userprofiles-getMyUserProfile .opblock-summary")
    page.click("#operations-userprofiles-getMyUserProfile button.try-out__btn")
    page.click("#operations-userprofiles-getMyUserProfile button.execute")
    live = page.locator("#operations-userprofiles-getMyUserProfile .live-responses-table").first
    status = live.locator("tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert "alice@example.com" in live.inner_text()


def test_the_ui_without_its_slash_loads_every_asset(page, server):
    base, _ = server
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(f"{base}/api/v/2.0/ui")
    page.wait_for_selector("#operations-userprofiles-getMyUserProfile")
    assert page.url == f"{base}/api/v/2.0/ui/"
    assert failed == []
