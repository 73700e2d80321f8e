"""/graphql over HTTP: authentication, the request format, documents that are refused before
they run, the schema at /graphql/schema.graphql, and the IDE's entrance."""

from __future__ import annotations

import re

import pytest

from gaggle.graph import sdl
from tests.graphql.conftest import GRAPHQL, sign_in

PROBLEM = "application/problem+json"
ME = {"query": "{ currentUser { pk } }"}


def test_no_token_is_a_401_with_the_bearer_challenge(client, world):
    response = client.post(GRAPHQL, json=ME)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Basic dXNlcjpwYXNz"])
def test_a_bad_token_is_a_401_naming_the_token_invalid(client, world, header):
    response = client.post(GRAPHQL, json=ME, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].startswith("Bearer")
    if header == "Bearer not-a-token":
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_revoked_users_token_is_refused(client, world, make, graphql):
    token = make.token(world.peer)
    assert graphql(token).data("{ currentUser { pk } }")["currentUser"]["pk"]
    admin = graphql(make.token(world.admin))
    pk = world.peer.profile.id
    answer = admin.data(
        f"mutation {{ deactivateUserprofile(pk: {pk}) {{ profile {{ activated }} }} }}"
    )
    assert answer["deactivateUserprofile"]["profile"]["activated"] is False
    assert client.post(GRAPHQL, json=ME, headers=token).status_code == 401


def test_the_answer_is_the_callers(graphql, world, make):
    data = graphql(make.token(world.peer)).data("{ currentUser { pk fullName } }")
    assert data == {"currentUser": {"pk": world.peer.profile.id, "fullName": "Pat Peer"}}


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", '{"query": "{ network { name } }"}', 415),
        ("application/x-www-form-urlencoded", "query=%7B%7D", 415),
        ("application/json", "{not json", 400),
        ("application/json", "[]", 400),
        ("application/json", '{"variables": {}}', 400),
        ("application/json", '{"query": ""}', 400),
        ("application/json", '{"query": "{ network { name } }", "variables": [1]}', 400),
        ("application/json", '{"query": "{ network { name } }", "operationName": 3}', 400),
        (
            "application/json",
            '{"query": "{ network { name } }", "operationName": "%s"}' % ("x" * 201),
            400,
        ),
        ("application/json", '{"query": "   "}', 400),
    ],
)
def test_a_body_that_is_no_graphql_request_is_a_problem(
    client, world, make, content_type, body, status
):
    headers = {**make.token(world.employee), "Content-Type": content_type}
    response = client.post(GRAPHQL, content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


def test_a_body_over_the_cap_is_a_413_problem(client, world, make):
    headers = {**make.token(world.employee), "Content-Type": "application/json"}
    body = '{"query": "{ network { name } }", "pad": "' + "x" * (1024 * 1024) + '"}'
    response = client.post(GRAPHQL, content=body, headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ network { name }", "Syntax Error"),
        # Not blank by the OpenAPI document's rule (only spaces, tabs and line breaks are),
        # whatever a regex engine's `\s` holds.
        ("\x1f", "Syntax Error"),
        ("{ network { nope } }", "Cannot query field 'nope'"),
        ("query A { network { name } } query B { network { pk } }", "name one with operationName"),
        ("{ profile { pk } }", "argument 'pk'"),
    ],
)
def test_a_document_that_does_not_parse_or_validate_gets_errors_and_no_data(
    graphql, world, make, query, message
):
    answer = graphql(make.token(world.employee))(query)
    assert "data" not in answer
    assert message in answer["errors"][0]["message"]


def test_operation_name_picks_the_operation(graphql, world, make):
    answer = graphql(make.token(world.employee))(
        "query A { network { name } } query B { network { pk } }", operationName="B"
    )
    assert answer == {"data": {"network": {"pk": world.employee.profile.network_id}}}


def test_variables_are_checked_against_their_types(graphql, world, make):
    answer = graphql(make.token(world.employee))(
        "query P($pk: Int!) { profile(pk: $pk) { pk } }", {"pk": "three"}
    )
    assert "data" not in answer
    assert "$pk" in answer["errors"][0]["message"]


def test_introspection_is_on(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        '{ __schema { queryType { name } } __type(name: "BadgeRecipientNode") { fields { name } } }'
    )
    assert data["__schema"]["queryType"]["name"] == "Query"
    assert "awardedDate" in {f["name"] for f in data["__type"]["fields"]}


def test_a_rule_refusing_a_query_argument_is_an_error_on_that_field(graphql, world, make):
    answer = graphql(make.token(world.employee))(
        '{ recognitions(orderBy: "message") { totalCount } network { name } }'
    )
    assert answer["data"] == {"recognitions": None, "network": {"name": "Acme"}}
    [error] = answer["errors"]
    assert error["path"] == ["recognitions"] and "awardedDate" in error["message"]


def test_the_schema_is_served_as_the_sdl_files(client):
    for path in ("/graphql/schema.graphql", "/graphql/schema.graphql/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text == sdl.text()
    assert "directive @requiresScope" in response.text


def test_the_ide_sends_a_browser_that_is_not_signed_in_to_the_login_page(client):
    for path in ("/graphql", "/graphql/"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 302
        assert response.headers["location"] == "/accounts/login/?next=%2Fgraphql"


def test_the_ide_is_one_page_of_our_own_for_a_signed_in_browser(client, world):
    sign_in(client, "employee@acme.example")
    response = client.get("/graphql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Gaggle GraphQL" in page and "employee@acme.example" in page
    # Nothing is loaded from elsewhere: no script or style source, no other host.
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet|https?://", page)
    policy = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in page
    assert "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    # The page's session carries the CSRF token the IDE sends back.
    assert client.cookies.get("csrftoken")
    assert client.cookies.get("csrftoken") in page
