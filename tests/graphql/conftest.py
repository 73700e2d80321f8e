"""The GraphQL API's tests: the world of the REST tests (tests/handlers/conftest.py), and a
helper that posts one operation to /graphql."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.builders import PASSWORD
from tests.handlers.conftest import API, World, world  # noqa: F401 - the shared fixture

GRAPHQL = "/graphql"


class GraphQL:
    """Posts operations to /graphql with the given headers; `.data` asserts there were no errors."""

    def __init__(self, client, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def __call__(self, query: str, variables: dict[str, Any] | None = None, **extra) -> dict:
        response = self.client.post(
            GRAPHQL,
            json={"query": query, "variables": variables, **extra},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict:
        answer = self(query, variables)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]


@pytest.fixture
def graphql(client):
    """`graphql(headers)`: a GraphQL caller with those headers (a token's)."""
    return lambda headers: GraphQL(client, headers)


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


def sign_in(client, email: str) -> None:
    """Sign `client` in through the login page, as a browser does; it keeps the cookies."""
    page = client.get("/accounts/login/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 302, response.text
