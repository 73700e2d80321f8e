"""/graphql over HTTP: authentication, the request format, documents that are refused before
they run, the schema at /graphql/schema.graphql, and the IDE's entrance."""

from __future__ import annotations

import json
import re

import pytest

from gaggle.graph import sdl
from tests.answers import assert_problem
from tests.graphql.conftest import GRAPHQL, sign_in

PROBLEM = "application/problem+json"
ME = {"query": "{ currentUser { pk } }"}
# What a browser sends when it opens an address, and what GraphQL clients send (urql's
# default, GraphQL over HTTP's recommendation, and a plain JSON client's).
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CLIENTS = [
    {},
    {"Accept": "*/*"},
    {"Accept": "application/json"},
    {"Accept": "application/graphql-response+json, application/json;q=0.9"},
    {
        "Accept": "application/graphql-response+json, application/graphql+json, "
        "application/json, text/event-stream, multipart/mixed"
    },
]


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
    assert_problem(
        client.post(GRAPHQL, json=ME, headers=token),
        401,
        "The access token is unknown, expired or revoked.",
    )


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
        ("{ profile { pk } }", "of type 'Int!' is required"),
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
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


def test_the_schema_is_served_as_the_sdl_files(client):
    for path in ("/graphql/schema.graphql", "/graphql/schema.graphql/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text == sdl.text()
    assert "directive @requiresScope" in response.text


def test_the_ide_sends_a_browser_that_is_not_signed_in_to_the_login_page(client):
    for path in ("/graphql", "/graphql/"):
        response = client.get(path, headers=BROWSER, follow_redirects=False)
        assert response.status_code == 302
        assert response.headers["location"] == "/accounts/login/?next=%2Fgraphql"


def test_the_ide_is_one_page_of_our_own_for_a_signed_in_browser(client, world):
    sign_in(client, "employee@acme.example")
    response = client.get("/graphql", headers=BROWSER)
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


# -- GraphQL over HTTP's GET ---------------------------------------------------------------


def get(client, headers: dict, **params):
    return client.get(GRAPHQL, params=params, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("accept", CLIENTS)
def test_a_query_sent_by_get_is_answered_as_by_post(client, world, make, accept):
    full, narrow = make.token(world.employee), make.token(world.employee, "recognition:read")
    requests = [
        {"query": "{ currentUser { pk fullName } network { name } }"},
        {
            "query": "query A { network { name } } "
            "query B($pk: Int!) { profile(pk: $pk) { fullName } }",
            "variables": {"pk": world.peer.profile.id},
            "operationName": "B",
        },
        # Refused field by field, as over POST.
        {"query": "{ recognitions { totalCount } currentUser { pk } }"},
        {"query": "{ network { nope } }"},
    ]
    answers = []
    for request in requests:
        params = {name: json.dumps(v) if name == "variables" else v for name, v in request.items()}
        for token in (full, narrow):
            posted = client.post(GRAPHQL, json=request, headers=token)
            got = get(client, {**token, **accept}, **params)
            assert got.status_code == posted.status_code == 200
            assert got.headers["content-type"].startswith("application/json")
            assert got.json() == posted.json()
            answers.append(got.json())
    assert answers[2] == {"data": {"profile": {"fullName": "Pat Peer"}}}
    assert answers[5]["errors"][0]["extensions"]["code"] == "INSUFFICIENT_SCOPE"


def test_an_empty_operation_name_names_no_operation(client, world, make):
    response = get(
        client, make.token(world.employee), query="{ network { name } }", operationName=""
    )
    assert response.json() == {"data": {"network": {"name": "Acme"}}}


@pytest.mark.parametrize(
    "params",
    [
        {"query": 'mutation { updateNetwork(name: "Got") { network { name } } }'},
        {
            "query": "query Q { network { name } } "
            'mutation M { updateNetwork(name: "Got") { network { name } } }',
            "operationName": "M",
        },
    ],
)
def test_a_mutation_sent_by_get_is_a_405_and_changes_nothing(client, graphql, world, make, params):
    token = make.token(world.admin)
    response = get(client, token, **params)
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["allow"] == "POST"
    assert "POST" in response.json()["detail"]
    assert graphql(token).data("{ network { name } }") == {"network": {"name": "Acme"}}
    if "operationName" in params:  # the same document's query runs
        query = get(client, token, query=params["query"], operationName="Q")
        assert query.json() == {"data": {"network": {"name": "Acme"}}}


@pytest.mark.parametrize("accept", CLIENTS)
@pytest.mark.parametrize("params", [{}, {"query": "{ network { name } }"}])
def test_a_get_asking_for_json_without_credentials_is_a_401_never_a_redirect(
    client, world, accept, params
):
    response = get(client, accept, **params)
    assert response.status_code == 401
    assert "location" not in response.headers
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    assert response.json() == client.post(GRAPHQL, json=ME).json()
    assert response.json()["detail"] == "Send an access token as 'Authorization: Bearer <token>'."


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer"])
def test_a_get_with_a_bad_token_is_a_401_naming_the_token_invalid(client, world, header):
    response = get(client, {"Authorization": header}, query="{ network { name } }")
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert (
        response.json() == client.post(GRAPHQL, json=ME, headers={"Authorization": header}).json()
    )


def test_a_browser_opening_a_query_url_gets_the_login_page_and_then_the_ide(client, world):
    response = get(client, BROWSER, query="{ network { name } }")
    assert response.status_code == 302
    assert response.headers["location"].startswith("/accounts/login/?next=%2Fgraphql%3Fquery")


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"query": "{ network { name } }", "variables": "{not json"}, "variables: not valid JSON"),
        ({"query": "{ network { name } }", "variables": ""}, "variables: not valid JSON"),
        ({"query": "{ network { name } }", "variables": "[1]"}, "variables"),
        ({"variables": "{}"}, "query"),
        ({"query": "   "}, "query"),
        ({"query": "{ network { name } }", "operationName": "x" * 201}, "operationName"),
        ({"query": ["{ network { name } }", "{ network { pk } }"]}, "query: sent 2 times"),
        ({"query": "{ network { name } }", "operationName": "A\x00"}, "query string holds a NUL"),
    ],
)
def test_a_query_string_that_is_no_graphql_request_is_a_400_naming_the_parameter(
    client, world, make, params, detail
):
    response = get(client, make.token(world.employee), **params)
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert detail in response.json()["detail"]


PAGE = """query($after: String, $offset: Int) {
  profiles(first: 2, after: $after, offset: $offset, orderBy: "pk") {
    totalCount edges { node { pk } } pageInfo { endCursor hasNextPage }
  }
}"""


def test_a_connection_pages_on_from_its_cursor_and_counts_every_object(graphql, world, make):
    for _ in range(2):
        make.user()
    gql = graphql(make.token(world.admin))
    everyone = gql.data('{ profiles(first: 100, orderBy: "pk") { edges { node { pk } } } }')
    pks = [edge["node"]["pk"] for edge in everyone["profiles"]["edges"]]
    first = gql.data(PAGE)["profiles"]
    second = gql.data(PAGE, {"after": first["pageInfo"]["endCursor"]})["profiles"]
    skipped = gql.data(PAGE, {"after": first["pageInfo"]["endCursor"], "offset": 1})["profiles"]
    assert len(pks) > 5
    for page, expected in ((first, pks[:2]), (second, pks[2:4]), (skipped, pks[3:5])):
        assert [edge["node"]["pk"] for edge in page["edges"]] == expected
        assert page["totalCount"] == len(pks)
        assert page["pageInfo"]["hasNextPage"] is True
