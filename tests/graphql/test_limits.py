"""What a query may ask for: its depth, its cost (answered as `queryCost` and the legacy
`__cost`), its page sizes; and what it costs the database, which does not grow with the page."""

from __future__ import annotations

import pytest

from gaggle import db
from gaggle.graph.execution import MAX_TOKENS
from gaggle.graph.nodes import MAX_IDS
from gaggle.graph.relay import MAX_PAGE
from gaggle.models.recognition import Badge
from tests import builders
from tests.graphql.conftest import nodes
from tests.graphql.fields import checks
from tests.handlers.test_query_counts import counted_queries

DEEP = "{ currentUser { " + "reportsTo { " * 15 + "pk" + " }" * 16 + " }"


def test_a_query_nesting_too_deep_is_refused_before_it_runs(graphql, world, make):
    answer = graphql(make.token(world.employee))(DEEP)
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "depth": 17, "maximum": 15}
    assert "at most 15" in error["message"]


def test_fragments_count_towards_the_depth(graphql, world, make):
    query = (
        "query { currentUser { ...Up } } fragment Up on UserProfileNode { "
        + "reportsTo { " * 15
        + "pk"
        + " }" * 15
        + " }"
    )
    answer = graphql(make.token(world.employee))(query)
    assert answer["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_the_standard_introspection_query_fits_the_depth(graphql, world, make):
    from graphql import get_introspection_query

    data = graphql(make.token(world.employee)).data(get_introspection_query(descriptions=True))
    assert data["__schema"]["queryType"]["name"] == "Query"


COSTLY = """
{ profiles(first: 100) { edges { node {
    ownedObjectives(first: 100) { edges { node { keyResults(first: 100) { totalCount } } } }
} } } }
"""


def test_a_query_costing_too_much_is_refused_before_it_runs_with_its_cost(graphql, world, make):
    answer = graphql(make.token(world.employee))(COSTLY)
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] == {
        "requestedQueryCost": 100 + 100 * 100 + 100 * 100 * 100,
        "maximumAvailable": 10000,
    }


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ queryCost }", 0),
        ("{ network { name } queryCost }", 1),
        ("{ recognitions { totalCount } queryCost }", 20),
        ("{ recognitions(first: 5) { edges { node { pk } } } queryCost }", 5),
        (
            "{ profiles(first: 3) { edges { node { teams(first: 4) { totalCount } } } } "
            "queryCost }",
            15,
        ),
        ("query($n: Int) { badges(first: $n) { totalCount } queryCost }", 7),
    ],
)
@checks("Query.queryCost")
def test_query_cost_answers_what_the_query_costs(graphql, world, make, query, cost):
    data = graphql(make.token(world.employee)).data(query, {"n": 7} if "$n" in query else None)
    assert data["queryCost"] == {"requestedQueryCost": cost, "maximumAvailable": 10000}


def test_the_legacy_cost_field_is_answered_under_its_own_name(graphql, world, make):
    data = graphql(make.token(world.employee)).data("{ __cost network { name } }")
    assert data["__cost"] == {"requestedQueryCost": 1, "maximumAvailable": 10000}


PAGE_HOLDS = f"a page holds 0 to {MAX_PAGE} objects"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (f"first: {MAX_PAGE + 1}", f"first: {PAGE_HOLDS}, not {MAX_PAGE + 1}."),
        (f"last: {MAX_PAGE + 1}", f"last: {PAGE_HOLDS}, not {MAX_PAGE + 1}."),
        ("first: -1", f"first: {PAGE_HOLDS}, not -1."),
        ("offset: -5", "negative"),
        ('after: "bm90IGEgY3Vyc29y"', "not a cursor"),
    ],
)
def test_a_page_outside_the_limits_is_an_error_on_that_connection(
    graphql, world, make, arguments, message
):
    answer = graphql(make.token(world.employee))(f"{{ badges({arguments}) {{ totalCount }} }}")
    assert answer["data"] == {"badges": None}
    [error] = answer["errors"]
    assert message in error["message"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


@pytest.fixture
def crowded(make, world) -> dict[str, str]:
    """A token of a network with one badge more than a page holds."""
    with db.transaction() as session:
        session.add_all(
            Badge(network_id=world.admin.profile.network_id, name=f"Badge {n}")
            for n in range(MAX_PAGE)
        )
    return make.token(world.employee)


@pytest.mark.parametrize("size", ["first", "last"])
def test_the_largest_page_is_taken_and_holds_that_many(graphql, crowded, size):
    query = f"{{ badges({size}: {MAX_PAGE}) {{ totalCount edges {{ node {{ pk }} }} }} }}"
    badges = graphql(crowded).data(query)["badges"]
    assert badges["totalCount"] == MAX_PAGE + 1
    assert len(nodes(badges)) == MAX_PAGE


@pytest.mark.parametrize("name", ["pk_In", "exclude"])
def test_a_list_filter_takes_up_to_its_most_ids(graphql, world, make, name):
    gql = graphql(make.token(world.employee))
    most = ", ".join(str(n) for n in range(1, MAX_IDS + 1))
    taken = gql(f"{{ recognitions({name}: [{most}]) {{ totalCount }} }}")
    assert "errors" not in taken, taken["errors"]
    assert taken["data"]["recognitions"]["totalCount"] == (1 if name == "pk_In" else 0)
    answer = gql(f"{{ recognitions({name}: [{most}, {MAX_IDS + 1}]) {{ totalCount }} }}")
    assert answer["data"] == {"recognitions": None}
    [error] = answer["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["message"] == f"{name}: at most {MAX_IDS} ids, not {MAX_IDS + 1}."


def test_a_document_of_up_to_its_most_tokens_is_read(graphql, world, make):
    gql = graphql(make.token(world.employee))
    # `{`, three tokens per aliased field, one per field left under its own name, `}`.
    aliased, plain = divmod(MAX_TOKENS - 2, 3)
    fields = [f"a{n}: __typename" for n in range(aliased)] + ["__typename"] * plain
    data = gql.data("{ " + " ".join(fields) + " }")
    assert len(data) == aliased + min(plain, 1)
    answer = gql("{ " + " ".join(fields) + " __typename }")
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["message"] == (
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."
    )


def test_pages_by_cursor_offset_first_and_last(graphql, world, make):
    for index in range(5):
        make.badge(world.admin, f"Badge {index}")
    gql = graphql(make.token(world.employee))
    fields = (
        "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { cursor node { name } }"
    )

    def page(arguments: str) -> dict:
        call = f"badges({arguments})" if arguments else "badges"
        return gql.data(f"{{ {call} {{ {fields} }} }}")["badges"]

    first = page("first: 2")
    assert [n["name"] for n in nodes(first)] == ["Badge 0", "Badge 1"]
    assert first["totalCount"] == 6
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    after = page(f'first: 2, after: "{first["pageInfo"]["endCursor"]}"')
    assert [n["name"] for n in nodes(after)] == ["Badge 2", "Badge 3"]
    assert after["pageInfo"]["hasPreviousPage"]
    assert [n["name"] for n in nodes(page("offset: 4, first: 5"))] == ["Badge 4", "Teamwork"]
    last = page("last: 2")
    assert [n["name"] for n in nodes(last)] == ["Badge 4", "Teamwork"]
    assert not last["pageInfo"]["hasNextPage"]
    before = page(f'last: 1, before: "{after["pageInfo"]["startCursor"]}"')
    assert [n["name"] for n in nodes(before)] == ["Badge 1"]
    assert len(nodes(page(""))) == 6


@pytest.fixture
def busy(states) -> dict[str, str]:
    return states.load(build_busy)


def build_busy(make: builders.Builders) -> dict[str, str]:
    """A network of 24 people, each with a manager of their own, who recognized each other
    with four different badges."""
    admin = make.user(network="Busy", is_admin=True)
    # Each has a manager of their own, who is on no recognition.
    managers = [make.user(network="Busy", reports_to=admin) for _ in range(24)]
    people = [make.user(network="Busy", reports_to=manager) for manager in managers]
    badges = [make.badge(admin, f"Badge {index}") for index in range(4)]
    for index in range(24):
        make.recognition(people[index], people[(index + 1) % 24], badges[index % 4])
    return make.token(admin)


WALL = """
query Wall($first: Int) {
  recognitions(first: $first) {
    totalCount
    edges { node {
      pk message awardedDate likesCount liked
      sender { pk fullName user { email } reportsTo { pk } }
      recipient { pk fullName user { email } }
      badge { pk name active }
    } }
  }
}
"""


def test_the_statements_of_a_page_do_not_grow_with_its_size(client, busy, graphql):
    gql = graphql(busy)
    counts = []
    for first in (2, 20):
        with counted_queries() as statements:
            data = gql.data(WALL, {"first": first})
        assert len(nodes(data["recognitions"])) == first
        assert {n["badge"]["name"] for n in nodes(data["recognitions"])} <= {
            f"Badge {i}" for i in range(4)
        }
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_relation_asked_for_its_identity_answers_what_loading_it_answers(graphql, world, make):
    # Asked for pk, url or id alone, a relation is answered from the id its object holds.
    gql = graphql(make.token(world.employee))
    query = """{ currentUser { reportsTo { pk url id %s } network { pk url id %s } }
                 recognitions { edges { node { badge { pk url id %s } } } } }"""
    short = gql.data(query % ("", "", ""))
    full = gql.data(query % ("fullName", "name", "name"))
    identity = ("pk", "url", "id")
    for field in ("reportsTo", "network"):
        loaded = full["currentUser"][field]
        assert short["currentUser"][field] == {key: loaded[key] for key in identity}
    badge = nodes(full["recognitions"])[0]["badge"]
    assert nodes(short["recognitions"])[0]["badge"] == {key: badge[key] for key in identity}
    assert short["currentUser"]["reportsTo"]["pk"] == world.manager.profile.id
