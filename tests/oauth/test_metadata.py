"""RFC 8414, authorization server metadata."""


def test_metadata_describes_this_server(client):
    response = client.get(
        "/.well-known/oauth-authorization-server", headers={"Host": "auth.example.com"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["issuer"] == "http://auth.example.com"
    assert body["token_endpoint"] == "http://auth.example.com/o/token/"
    assert body["authorization_endpoint"] == "http://auth.example.com/o/authorize/"
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["response_types_supported"] == ["code"]
    assert "implicit" not in body["grant_types_supported"]
    assert "client_credentials" not in body["grant_types_supported"]
    assert "objective:read" in body["scopes_supported"]
