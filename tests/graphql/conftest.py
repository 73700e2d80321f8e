"""The GraphQL API's tests: the world of the REST tests (tests/handlers/conftest.py), and a
helper that posts one operation to /graphql."""

from __future__ import annotations

from typing import Any

import pytest

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
