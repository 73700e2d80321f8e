"""The app as a whole: API root, health probes, trailing slashes and error bodies."""

from __future__ import annotations

import ipaddress
import json
import threading

import pytest

from gaggle import security, spec, urls
from gaggle.app import create_app
from gaggle.settings import Settings
from tests.graphql.conftest import sign_in

PROBLEM = "application/problem+json"


def test_api_root_lists_every_collection_as_absolute_url(client):
    response = client.get("/api/v/2.0/", headers={"Host": "gaggle.example.com"})
    assert response.status_code == 200
    assert response.json() == {
        name: f"http://gaggle.example.com/api/v/2.0{path}"
        for name, path in spec.collections().items()
    }


@pytest.mark.parametrize(
    ("url", "name", "server"),
    [("/api/v/2.0/openapi.json", "api", "/api/v/2.0"), ("/o/openapi.json", "oauth", "/")],
)
def test_each_document_is_served_whole_with_one_server(client, url, name, server):
    response = client.get(url)
    assert response.status_code == 200
    document = response.json()
    assert document == json.loads(spec.bundled_json(name))
    assert [entry["url"] for entry in document["servers"]] == [server]
    for path, item in document["paths"].items():
        assert "servers" not in item, path
        assert not [key for key in item if key.startswith("x-")], path


def test_the_oauth2_endpoints_and_probes_are_in_the_oauth_document_only():
    api, oauth = spec.bundled("api")["paths"], spec.bundled("oauth")["paths"]
    assert set(oauth) == {
        "/o/authorize/",
        "/o/token/",
        "/o/revoke_token/",
        "/o/introspect/",
        "/.well-known/oauth-authorization-server",
        "/healthz",
        "/readyz",
        "/graphql",
        "/graphql/schema.graphql",
        # The legacy platform's addresses: its names of two endpoints, its retired API.
        "/oauth2/authorize/",
        "/oauth2/access_token/",
        "/api/v1/",
        "/api/v1/{path}",
    }
    assert not [
        path for path in api if path.startswith(("/o/", "/.well-known", "/healthz", "/graphql"))
    ]


def test_swagger_ui_is_served(client):
    response = client.get("/api/v/2.0/ui/", follow_redirects=False)
    assert response.status_code == 200
    assert "swagger-ui" in response.text
    # Without the slash its relative asset links would miss: the one redirect, relative.
    redirect = client.get("/api/v/2.0/ui", follow_redirects=False)
    assert redirect.status_code == 308 and redirect.headers["location"] == "ui/"
    assert "swagger-ui" in client.get("/api/v/2.0/ui").text


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_readiness_is_503_problem_when_the_database_is_down(tmp_path):
    # Nothing listens on port 1: the connection is refused at once.
    down = Settings.from_env(
        data_dir=tmp_path, secret_key="x", database_url="postgresql://gaggle@127.0.0.1:1/gaggle"
    )
    client = create_app(down).test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 503
    assert "database" in response.json()["detail"]
    assert response.headers["retry-after"]


def _get_paths():
    """Paths a GET without parameters or token answers with 200."""
    return [
        full
        for name, full, item in spec.served_paths()
        if "get" in item
        and "{" not in full
        and not item["get"].get("security", spec.bundled(name)["security"])
        and not any(p.get("required") for p in item["get"].get("parameters", []))
        and "200" in item["get"]["responses"]
    ]


@pytest.mark.parametrize("full", _get_paths())
def test_every_path_is_served_with_and_without_trailing_slash(client, full):
    with_slash = full if full.endswith("/") else full + "/"
    without = with_slash.rstrip("/")
    first = client.get(with_slash, follow_redirects=False)
    second = client.get(without, follow_redirects=False)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers.get("location") == second.headers.get("location")


@pytest.mark.parametrize("path", ["/nowhere/", "/api/v/2.0/nowhere/", "/api/v/2.0/nowhere"])
def test_unknown_path_is_a_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not Found"
    assert "/nowhere" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v/2.0/", "/api/v/2.0", "/healthz", "/readyz/"])
def test_unsupported_method_is_a_405_problem_with_allow(client, path):
    response = client.delete(path)
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert "GET" in response.headers["allow"]
    assert "DELETE" in response.json()["detail"]


def test_validation_errors_are_compact_problems(client):
    response = client.get("/api/v/2.0/?unknown=1")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert "unknown" in response.json()["detail"]
    assert ", " not in response.text.split('"detail"')[0]


def test_a_token_without_the_operations_scope_is_403_naming_the_scope(client, make):
    token = make.token(make.user(), "privatenote:read")
    response = client.post(f"{spec.API_BASE_PATH}/privatenotes/", json={}, headers=token)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == (
        'Bearer realm="api", error="insufficient_scope", scope="privatenote:write"'
    )
    assert response.json()["detail"] == "This operation needs the scope privatenote:write."


def test_an_unknown_token_is_401_saying_what_may_be_wrong(client):
    headers = {"Authorization": "Bearer not-a-token"}
    response = client.get(f"{spec.API_BASE_PATH}/privatenotes/", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="api", error="invalid_token"'
    assert response.json()["detail"] == "The access token is unknown, expired or revoked."


@pytest.mark.parametrize("lookup", ["_lookup", "_session_lookup"])
def test_credentials_are_looked_up_on_the_apps_worker_threads(client, make, monkeypatch, lookup):
    """A token's or a session's, as the handlers run (gaggle.bridge): on the app's pool of
    GAGGLE_THREADS threads, not the event loop's default one."""
    threads = []
    original = getattr(security, lookup)

    def recorded(credential):
        threads.append(threading.current_thread().name)
        return original(credential)

    user = make.user()
    headers = make.token(user) if lookup == "_lookup" else {}
    if lookup == "_session_lookup":
        sign_in(client, user.email)
    monkeypatch.setattr(security, lookup, recorded)
    response = client.get(f"{spec.API_BASE_PATH}/privatenotes/", headers=headers)
    assert response.status_code == 200
    assert threads and all(name.startswith("gaggle_") for name in threads), threads


def test_forwarded_headers_are_honoured_only_from_trusted_proxies(settings):
    trusted = Settings.from_env(
        data_dir=settings.data_dir,
        secret_key="x",
        database_url=settings.database_url,
        trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),),
    )
    headers = {"x-forwarded-proto": "https", "x-forwarded-host": "api.example.com"}
    assert (
        urls.origin(
            scheme="http",
            host="internal:8000",
            client="10.1.2.3",
            headers=headers,
            settings=trusted,
        )
        == "https://api.example.com"
    )
    assert (
        urls.origin(
            scheme="http",
            host="internal:8000",
            client="192.0.2.9",
            headers=headers,
            settings=trusted,
        )
        == "http://internal:8000"
    )
