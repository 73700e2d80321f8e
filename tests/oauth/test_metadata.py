"""RFC 8414, authorization server metadata: the issuer comes from configuration or a trusted
proxy, never from what a client puts in its Host header."""

from __future__ import annotations

import ipaddress

import pytest

PATH = "/.well-known/oauth-authorization-server"


def test_metadata_describes_this_server(client):
    response = client.get(PATH, headers={"Host": "auth.example.com"})
    assert response.status_code == 200
    body = response.json()
    # The test client's server is http://testserver; a client's Host header changes nothing.
    assert body["issuer"] == "http://testserver"
    assert body["token_endpoint"] == "http://testserver/o/token/"
    assert body["authorization_endpoint"] == "http://testserver/o/authorize/"
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["response_types_supported"] == ["code"]
    assert "implicit" not in body["grant_types_supported"]
    assert "client_credentials" not in body["grant_types_supported"]
    assert "objective:read" in body["scopes_supported"]
    assert body["authorization_response_iss_parameter_supported"] is True
    assert "max-age" in response.headers["cache-control"]


@pytest.fixture
def configured(new_app):
    return new_app(
        issuer="https://auth.example.com",
        trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),),
    )


def test_the_configured_issuer_wins_over_every_header(configured):
    client = configured.test_client(client=("10.0.0.2", 1000))
    body = client.get(
        PATH, headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    ).json()
    assert body["issuer"] == "https://auth.example.com"
    assert body["introspection_endpoint"] == "https://auth.example.com/o/introspect/"


def test_a_trusted_proxy_names_the_issuer_when_none_is_configured(new_app):
    application = new_app(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "api.example.com"}
    proxy = application.test_client(client=("10.0.0.2", 1000))
    assert proxy.get(PATH, headers=forwarded).json()["issuer"] == "https://api.example.com"
    outsider = application.test_client(client=("192.0.2.1", 1000))
    assert outsider.get(PATH, headers=forwarded).json()["issuer"] == "http://testserver"
