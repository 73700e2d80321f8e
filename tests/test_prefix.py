"""A server mounted under a path prefix: GAGGLE_ROOT_PATH, or what a trusted proxy forwards in
X-Forwarded-Prefix. Every URL the server writes (the API's links, pagination, the metadata,
the served documents, Swagger UI, the pages and their redirects) carries the prefix, whether the
proxy strips it from the path or passes it on."""

from __future__ import annotations

import html
import ipaddress
import json
from urllib.parse import unquote

import pytest

from gaggle.settings import Settings, SettingsError
from tests.builders import PASSWORD

API = "/api/v/2.0"
PROXY = ("10.0.0.2", 1000)
OUTSIDER = ("192.0.2.1", 1000)


@pytest.fixture
def mounted(new_app):
    return new_app(root_path="/gaggle")


@pytest.fixture
def proxied(new_app):
    return new_app(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))


@pytest.mark.parametrize("path", [f"/gaggle{API}/users/", f"{API}/users/"])
def test_the_api_links_carry_the_root_path_whether_or_not_the_proxy_strips_it(mounted, make, path):
    user = make.user(email="owner@acme.example")
    make.user(email="second@acme.example")
    response = mounted.test_client().get(f"{path}?limit=1", headers=make.token(user))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next"].startswith(f"http://testserver/gaggle{API}/users/?")
    assert body["results"][0]["url"].startswith(f"http://testserver/gaggle{API}/users/")


def test_the_metadata_and_the_documents_carry_the_root_path(mounted):
    client = mounted.test_client()
    metadata = client.get("/gaggle/.well-known/oauth-authorization-server").json()
    assert metadata["issuer"].endswith("/gaggle")
    assert metadata["token_endpoint"] == f"{metadata['issuer']}/o/token/"
    document = client.get(f"/gaggle{API}/openapi.json").json()
    assert document["servers"][0]["url"] == f"/gaggle{API}"
    flows = document["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["authorizationCode"]["tokenUrl"] == "/gaggle/o/token/"
    assert flows["authorizationCode"]["authorizationUrl"] == "/gaggle/o/authorize/"
    assert client.get("/gaggle/o/openapi.json").json()["servers"][0]["url"] == "/gaggle"
    page = client.get(f"/gaggle{API}/ui/").text
    settings = json.loads(html.unescape(page.split('data-settings="', 1)[1].split('"', 1)[0]))
    assert settings["url"] == f"/gaggle{API}/openapi.json"


def test_the_pages_and_their_redirects_carry_the_root_path(mounted, make):
    make.user(email="owner@acme.example")
    client = mounted.test_client(follow_redirects=False)
    to_login = client.get("/gaggle/o/applications/")
    assert to_login.status_code == 302
    location = to_login.headers["location"]
    assert location.startswith("/gaggle/accounts/login/?next=")
    assert unquote(location.split("next=", 1)[1]) == "/o/applications/"
    page = client.get(location)
    assert 'action="/gaggle/accounts/login/"' in page.text
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed_in = client.post(
        location,
        data={"username": "owner@acme.example", "password": PASSWORD, "csrf_token": csrf},
    )
    assert signed_in.headers["location"] == "/gaggle/o/applications/"
    listing = client.get("/gaggle/o/applications/")
    assert 'href="/gaggle/o/applications/register/"' in listing.text
    legacy = client.get("/gaggle/account/applications/")
    assert legacy.headers["location"] == "/gaggle/o/applications/"


def test_a_trusted_proxy_forwards_the_prefix(proxied, make):
    user = make.user(email="owner@acme.example")
    token = make.token(user)
    forwarded = {**token, "X-Forwarded-Prefix": "/edge"}
    proxy = proxied.test_client(client=PROXY)
    body = proxy.get(f"{API}/userprofiles/me/", headers=forwarded).json()
    assert body["url"].startswith(f"http://testserver/edge{API}/userprofiles/")
    metadata = proxy.get(
        "/.well-known/oauth-authorization-server", headers={"X-Forwarded-Prefix": "/edge"}
    ).json()
    assert metadata["token_endpoint"].endswith("/edge/o/token/")


@pytest.mark.parametrize("prefix", ["/edge", "//evil.example", "/a/../b", "https://evil.example"])
def test_an_untrusted_or_malformed_prefix_is_ignored(proxied, make, prefix):
    user = make.user(email="owner@acme.example")
    headers = {**make.token(user), "X-Forwarded-Prefix": prefix}
    clients = [proxied.test_client(client=OUTSIDER)]
    if prefix != "/edge":  # a malformed one is ignored from a trusted proxy too
        clients.append(proxied.test_client(client=PROXY))
    for client in clients:
        body = client.get(f"{API}/userprofiles/me/", headers=headers).json()
        assert body["url"].startswith(f"http://testserver{API}/userprofiles/")


@pytest.mark.parametrize(
    ("raw", "expected"), [("/gaggle/", "/gaggle"), ("/", ""), ("/a/b", "/a/b")]
)
def test_the_root_path_setting_is_normalised(monkeypatch, tmp_path, raw, expected):
    monkeypatch.setenv("GAGGLE_ROOT_PATH", raw)
    assert Settings.from_env(data_dir=tmp_path, secret_key="x").root_path == expected


@pytest.mark.parametrize("raw", ["gaggle", "/a/../b", "//evil.example", "/a b"])
def test_a_root_path_that_is_no_path_is_a_clear_error(monkeypatch, tmp_path, raw):
    monkeypatch.setenv("GAGGLE_ROOT_PATH", raw)
    with pytest.raises(SettingsError, match="GAGGLE_ROOT_PATH must be a path like /gaggle"):
        Settings.from_env(data_dir=tmp_path, secret_key="x")
