"""The server-rendered pages: login, logout, applications, authorized apps."""

from __future__ import annotations

import re

import pytest

from tests.answers import assert_error_page, assert_oauth_error
from tests.builders import PASSWORD
from tests.oauth.conftest import REDIRECT, basic, csrf_of

PAGES = [
    "/accounts/login/",
    "/accounts/logout/",
    "/o/applications/",
    "/o/applications/register/",
    "/o/authorized_tokens/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_forbid_framing_and_referrers(logged_in, path):
    response = logged_in.client.get(path)
    assert response.status_code == 200
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/logout/", "/o/applications/register/", "/o/authorize/"]
)
def test_every_form_post_needs_the_csrf_token(logged_in, path):
    response = logged_in.client.post(
        path,
        data={"username": "owner@acme.example", "password": PASSWORD, "name": "x"},
        follow_redirects=False,
    )
    assert_error_page(response, 400, "The form was stale or forged; reload it.")
    assert "forged" in response.text


def test_login_with_wrong_password_then_right_one(oauth):
    page = oauth.client.get("/accounts/login/")
    wrong = oauth.client.post(
        "/accounts/login/",
        data={
            "username": "owner@acme.example",
            "password": "nope nope",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert wrong.status_code == 400
    assert "not right" in wrong.text
    right = oauth.login()
    assert right.status_code == 302 and right.headers["location"] == "/o/applications/"


def test_login_never_redirects_off_site(oauth):
    page = oauth.client.get("/accounts/login/")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = oauth.client.post(
            "/accounts/login/",
            data={
                "username": "owner@acme.example",
                "password": PASSWORD,
                "next": target,
                "csrf_token": csrf_of(page.text),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/o/applications/", target
        page = oauth.client.get("/accounts/login/")


def test_login_is_rate_limited_the_same_for_unknown_accounts(oauth):
    for email in ("owner@acme.example", "ghost@acme.example"):
        for _ in range(5):
            page = oauth.client.get("/accounts/login/")
            oauth.client.post(
                "/accounts/login/",
                data={
                    "username": email,
                    "password": "wrong password",
                    "csrf_token": csrf_of(page.text),
                },
            )
        page = oauth.client.get("/accounts/login/")
        blocked = oauth.client.post(
            "/accounts/login/",
            data={"username": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
        assert blocked.status_code == 429, email
        assert int(blocked.headers["retry-after"]) > 0


def test_logout_ends_the_session(logged_in):
    page = logged_in.client.get("/accounts/logout/")
    logged_in.client.post("/accounts/logout/", data={"csrf_token": csrf_of(page.text)})
    response = logged_in.client.get("/o/applications/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/accounts/login/")


def register(oauth, **fields):
    page = oauth.client.get("/o/applications/register/")
    data = {
        "name": "My Integration",
        "grant_type": "authorization-code",
        "client_type": "confidential",
        "redirect_uris": REDIRECT,
        "require_pkce": "on",
        "csrf_token": csrf_of(page.text),
        **fields,
    }
    return oauth.client.post("/o/applications/register/", data=data)


def test_registration_shows_the_secret_once_and_it_works(logged_in):
    response = register(logged_in, grant_type="password", redirect_uris="")
    assert response.status_code == 200
    client_id = re.search(r'id="client_id">([^<]+)<', response.text).group(1)
    secret = re.search(r'id="client_secret">([^<]+)<', response.text).group(1)
    listing = logged_in.client.get("/o/applications/")
    assert "My Integration" in listing.text and client_id in listing.text
    detail_url = re.search(r'href="(/o/applications/\d+/)"', listing.text).group(1)
    detail = logged_in.client.get(detail_url)
    assert client_id in detail.text and secret not in detail.text

    class App:
        pass

    app = App()
    app.client_id, app.client_secret = client_id, secret
    assert logged_in.password_token(app).status_code == 200


@pytest.mark.parametrize(
    ("uris", "message"),
    [
        ("http://client.example.com/cb", "https"),
        ("https://client.example.com/cb#frag", "fragment"),
        ("https://user:pw@client.example.com/cb", "user name"),
        ("/relative", "absolute"),
        ("", "at least one redirect URI"),
    ],
)
def test_registration_refuses_bad_redirect_uris(logged_in, uris, message):
    response = register(logged_in, redirect_uris=uris)
    assert response.status_code == 400
    assert message in response.text


def test_edit_and_delete_an_application(logged_in):
    register(logged_in)
    listing = logged_in.client.get("/o/applications/")
    detail_url = re.search(r'href="(/o/applications/\d+/)"', listing.text).group(1)
    form = logged_in.client.get(detail_url + "update/")
    edited = logged_in.client.post(
        detail_url + "update/",
        data={
            "name": "Renamed",
            "redirect_uris": REDIRECT + " http://127.0.0.1/cb",
            "csrf_token": csrf_of(form.text),
        },
        follow_redirects=True,
    )
    assert "Renamed" in edited.text and "http://127.0.0.1/cb" in edited.text
    assert "Requires PKCE</th><td>no" in edited.text
    deleted = logged_in.client.post(
        detail_url + "delete/", data={"csrf_token": csrf_of(edited.text)}, follow_redirects=True
    )
    assert "Renamed" not in deleted.text


def test_applications_of_others_are_not_found(logged_in, make):
    register(logged_in)
    listing = logged_in.client.get("/o/applications/")
    detail_url = re.search(r'href="(/o/applications/\d+/)"', listing.text).group(1)
    make.user(email="other@acme.example")
    page = logged_in.client.get("/accounts/logout/")
    logged_in.client.post("/accounts/logout/", data={"csrf_token": csrf_of(page.text)})
    logged_in.login("other@acme.example")
    assert logged_in.client.get(detail_url).status_code == 404
    page = logged_in.client.get("/o/applications/")
    response = logged_in.client.post(
        detail_url + "delete/", data={"csrf_token": csrf_of(page.text)}
    )
    assert_error_page(response, 404, "No such application.")


def test_authorized_apps_list_and_revoke(logged_in):
    app = logged_in.app()
    token = logged_in.code_token(app)
    page = logged_in.client.get("/o/authorized_tokens/")
    assert "Test App" in page.text
    action = re.search(r'action="(/o/authorized_tokens/\d+/delete/)"', page.text).group(1)
    after = logged_in.client.post(
        action, data={"csrf_token": csrf_of(page.text)}, follow_redirects=True
    )
    assert "Test App" not in after.text
    assert logged_in.introspect(app, token["access_token"]) == {"active": False}
    refreshed = logged_in.token(
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}, basic(app)
    )
    assert_oauth_error(refreshed, 400, "invalid_grant")


def test_a_copied_session_cookie_is_worthless_after_logout(logged_in, app):
    cookie = logged_in.client.cookies.get("session")
    copy = app.test_client()
    copy.cookies.set("session", cookie)
    assert copy.get("/o/applications/", follow_redirects=False).status_code == 200
    page = logged_in.client.get("/accounts/logout/")
    logged_in.client.post("/accounts/logout/", data={"csrf_token": csrf_of(page.text)})
    response = copy.get("/o/applications/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/accounts/login/")


def _session_cookie(response) -> str:
    [cookie] = [
        value
        for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("session=")
    ]
    return cookie.lower()


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_on_https(app):
    plain = app.test_client().get("/accounts/login/")
    cookie = _session_cookie(plain)
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    direct = app.test_client(base_url="https://testserver").get("/accounts/login/")
    assert "secure" in _session_cookie(direct)


def test_the_session_cookie_is_secure_behind_a_trusted_tls_proxy(new_app):
    import ipaddress

    application = new_app(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    forwarded = {"X-Forwarded-Proto": "https"}
    proxy = application.test_client(client=("10.0.0.2", 1000))
    assert "secure" in _session_cookie(proxy.get("/accounts/login/", headers=forwarded))
    outsider = application.test_client(client=("192.0.2.1", 1000))
    assert "secure" not in _session_cookie(outsider.get("/accounts/login/", headers=forwarded))


@pytest.mark.parametrize(
    ("uris", "reason"),
    [
        ("https://*.example.com/callback", "wildcard"),
        ("https://client.example.com/*", "wildcard"),
        ("http://127.0.0.1:99999/callback", "port"),
        ("https://user@client.example.com/callback", "user name"),
    ],
)
def test_registration_refuses_wildcard_and_malformed_redirect_uris(logged_in, uris, reason):
    response = register(logged_in, redirect_uris=uris)
    assert response.status_code == 400
    assert reason in response.text


def test_registering_redirects_to_the_page_that_shows_the_secret_once(logged_in):
    page = logged_in.client.get("/o/applications/register/")
    response = logged_in.client.post(
        "/o/applications/register/",
        data={
            "name": "Reloaded",
            "grant_type": "password",
            "client_type": "confidential",
            "redirect_uris": "",
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/o/applications/\d+/", location)
    first = logged_in.client.get(location)
    assert re.search(r'id="client_secret">[^<]+<', first.text)
    again = logged_in.client.get(location)  # a reload: the secret is not shown twice
    assert 'id="client_secret"' not in again.text
    assert logged_in.client.get("/o/applications/").text.count("Reloaded") == 1


def test_the_front_door_leads_to_the_docs_the_apis_and_the_sign_in(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for link in (
        "/api/v/2.0/ui/",
        "/api/v/2.0/",
        "/graphql",
        "/accounts/login/",
        "/o/openapi.json",
    ):
        assert f'href="{link}' in page.text
    assert page.headers["x-frame-options"] == "DENY"


def test_the_pages_have_an_icon(client):
    page = client.get("/accounts/login/")
    (link,) = re.findall(r'<link rel="icon" href="([^"]+)"', page.text)
    icon = client.get(link)
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    # An icon directory (reserved 0, type 1) holding PNG images.
    assert icon.content[:4] == b"\x00\x00\x01\x00" and b"\x89PNG" in icon.content
    assert client.get("/favicon.ico").content == icon.content  # where browsers ask without a link


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("/account/applications/", "/o/applications/"),
        ("/account/applications", "/o/applications/"),
        ("/account/applications/register/", "/o/applications/register/"),
    ],
)
def test_the_legacy_application_pages_redirect(client, legacy, current):
    response = client.get(legacy, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == current
