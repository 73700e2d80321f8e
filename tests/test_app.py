"""The app as a whole: API root, health probes, trailing slashes and error bodies."""

from __future__ import annotations

import ipaddress
import json

import pytest

from gaggle import spec, urls
from gaggle.app import create_app
from gaggle.settings import Settings

PROBLEM = "application/problem+json"


def test_api_root_lists_every_collection_as_absolute_url(client):
    response = client.get("/api/v/2.0/", headers={"Host": "gaggle.example.com"})
    assert response.status_code == 200
    assert response.json() == {
        name: f"http://gaggle.example.com/api/v/2.0{path}"
        for name, path in spec.collections().items()
    }


def test_spec_is_served_whole(client):
    response = client.get("/api/v/2.0/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(spec.bundled_json())
    assert "/healthz" in response.json()["paths"]


def test_swagger_ui_is_served(client):
    for path in ("/api/v/2.0/ui/", "/api/v/2.0/ui"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 200
        assert "swagger-ui" in response.text


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_readiness_is_503_problem_when_the_database_is_down(tmp_path, migrated_database):
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
    document = spec.bundled()
    return [
        path
        for path, item in document["paths"].items()
        if "get" in item
        and "{" not in path
        and not item["get"].get("security", document["security"])
        and not any(p.get("required") for p in item["get"].get("parameters", []))
    ]


@pytest.mark.parametrize("path", _get_paths())
def test_every_path_is_served_with_and_without_trailing_slash(client, path):
    full = path if "servers" in spec.bundled()["paths"][path] else spec.API_BASE_PATH + path
    with_slash = full if full.endswith("/") else full + "/"
    without = with_slash.rstrip("/")
    first = client.get(with_slash, follow_redirects=False)
    second = client.get(without, follow_redirects=False)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


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
