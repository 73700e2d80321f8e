"""A public browser application on a second loopback origin runs the authorization-code flow
with PKCE and calls the API, in Chromium: Gaggle answers CORS for the origin it lists."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from gaggle.liveserver import free_port
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
ASSETS = Path(__file__).parent / "assets"


@pytest.fixture
def spa_origin():
    """The browser application's own little web server, on another port of 127.0.0.1."""
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ASSETS))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


def _register(gaggle, origin: str, allowed: str) -> str:
    return json.loads(
        gaggle(
            *("apps", "create", "--owner", "alice@example.com", "--name", "Browser app"),
            *("--grant-type", "authorization-code", "--client-type", "public"),
            *("--redirect-uris", f"{origin}/spa.html", "--allowed-origins", allowed),
        )
    )["client_id"]


def test_a_browser_app_on_another_origin_signs_in_and_calls_the_api(page, server, spa_origin):
    base, gaggle = server
    client_id = _register(gaggle, spa_origin, spa_origin)
    page.goto(f"{spa_origin}/spa.html?gaggle={base}&client_id={client_id}")
    page.wait_for_url(f"{base}/accounts/login/**")
    log_in(page, base)
    page.click("button[value=allow]")
    page.wait_for_selector("#status:has-text('done')")
    assert page.inner_text("#status") == "done 200"
    assert json.loads(page.inner_text("#result"))["user"]["email"] == "alice@example.com"


def test_an_origin_the_app_does_not_list_is_refused_by_the_browser(page, server, spa_origin):
    base, gaggle = server
    client_id = _register(gaggle, spa_origin, "https://elsewhere.example")
    page.goto(f"{spa_origin}/spa.html?gaggle={base}&client_id={client_id}")
    page.wait_for_url(f"{base}/accounts/login/**")
    log_in(page, base)
    page.click("button[value=allow]")
    page.wait_for_selector("#status:has-text('failed')")
    assert "Failed to fetch" in page.inner_text("#status")
