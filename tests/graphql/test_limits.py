"""What a query may ask for: its depth, its cost (answered as `queryCost` and the legacy
`__cost`), its page sizes; and what it costs the database, which does not grow with the page."""

from __future__ import annotations

import pytest

from gaggle import db
from gaggle.graph.execution import MAX_TOKENS
from gaggle.graph.limits import INTROSPECTION, MAX_COST
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
    # profiles: 30 a call and 1 an object; ownedObjectives: 64 and 1, on each of 100 people;
    # keyResults: 30 and 1, and its totalCount 10, on each of 100 x 100 objectives; the fields
    # of the answer a unit per ten: profiles, its edges and nodes, and for each person
    # ownedObjectives, its edges and nodes, a keyResults and a totalCount on each objective.
    objects = 100 * 100
    expected = 30 + 100 + 100 * (64 + 100) + objects * (30 + 100 + 10)
    expected += -(-(1 + 100 + 100 + 100 * (1 + 4 * 100)) // 10)
    assert error["extensions"]["cost"] == {
        "requestedQueryCost": expected,
        "maximumAvailable": MAX_COST,
    }


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # queryCost is one field of the answer: a tenth, rounded up.
        ("{ queryCost }", 1),
        # network loads one object (20); network, name and queryCost are three fields.
        ("{ network { name } queryCost }", 21),
        # A page of 20 (30 a call, 1 an object), its count (10), three fields.
        ("{ recognitions { totalCount } queryCost }", 61),
        # 30 + 5; fields: recognitions, 5 edges, 5 nodes, 5 pks, queryCost.
        ("{ recognitions(first: 5) { edges { node { pk } } } queryCost }", 37),
        # 30 + 3, and on each of 3 people a page of 4 teams (30 + 4) with its count (10);
        # fields: profiles, 3 edges, 3 nodes, 3 teams, 3 totalCounts, queryCost.
        (
            "{ profiles(first: 3) { edges { node { teams(first: 4) { totalCount } } } } "
            "queryCost }",
            30 + 3 + 3 * (30 + 4 + 10) + 2,
        ),
        # A page of 7 badges (30 + 7) and its count (10); three fields.
        ("query($n: Int) { badges(first: $n) { totalCount } queryCost }", 48),
        # Each alias of a field that runs a statement per person counts (10 a person).
        (
            "{ profiles(first: 2) { edges { node { a: countDirectReports } } } queryCost }",
            30 + 2 + 2 * 10 + 1,
        ),
        (
            "{ profiles(first: 2) { edges { node { a: countDirectReports "
            "b: countDirectReports c: countDirectReports } } } queryCost }",
            30 + 2 + 2 * 3 * 10 + 2,
        ),
        # Introspection: 2500 for __schema, 400 for __type, whatever they select.
        ("{ __schema { queryType { name } } queryCost }", 2500 + 1),
        ('{ a: __type(name: "Query") { name } b: __type(name: "Query") { name } queryCost }', 801),
        # A fragment spread twice in one selection set runs once; spread in two places, twice.
        (
            "{ network { ...N ...N } queryCost } fragment N on NetworkNode { name }",
            20 + 1,
        ),
        (
            "{ a: network { ...N } b: network { ...N } queryCost } "
            "fragment N on NetworkNode { name }",
            40 + 1,
        ),
    ],
)
@checks("Query.queryCost")
def test_query_cost_answers_what_the_query_costs(graphql, world, make, query, cost):
    data = graphql(make.token(world.employee)).data(query, {"n": 7} if "$n" in query else None)
    assert data["queryCost"] == {"requestedQueryCost": cost, "maximumAvailable": MAX_COST}


def at_cost(price: int) -> str:
    """A document costing `price`: aliases of `network { pk }` (20 each, and two fields, a
    fifth of a unit), and of `__typename` (a field) for what is left."""
    networks = price * 10 // 202
    fields = 1 + 2 * networks  # with queryCost
    typenames = (price - 20 * networks) * 10 - fields
    assert typenames >= 0
    selections = [f"n{i}: network {{ pk }}" for i in range(networks)]
    selections += [f"t{i}: __typename" for i in range(typenames)]
    return "{ queryCost " + " ".join(selections) + " }"


def test_the_most_costly_query_runs_and_one_unit_more_is_refused(graphql, world, make):
    gql = graphql(make.token(world.employee))
    most = gql.data(at_cost(MAX_COST))
    assert most["queryCost"] == {"requestedQueryCost": MAX_COST, "maximumAvailable": MAX_COST}
    answer = gql(at_cost(MAX_COST + 1))
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": {"requestedQueryCost": MAX_COST + 1, "maximumAvailable": MAX_COST},
    }


def test_introspection_is_counted_so_that_few_fit_in_one_query(graphql, world, make):
    gql = graphql(make.token(world.employee))
    price = INTROSPECTION["__schema"]
    most = MAX_COST // price - 1  # each a field too: a tenth of a unit more each

    def schemas(count: int) -> str:
        return (
            "{ " + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(count)) + " }"
        )

    assert len(gql.data(schemas(most))) == most
    answer = gql(schemas(most + 1))
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"]["requestedQueryCost"] == (most + 1) * price + 1


def test_aliases_of_a_field_that_reads_per_object_are_refused_past_the_limit(graphql, world, make):
    # What took 13 s before every field that reads had its cost: thousands of aliases of a
    # field that runs a statement for each person of the largest page.
    gql = graphql(make.token(world.employee))
    aliases = " ".join(f"a{i}: countDirectReports" for i in range(5000))
    answer = gql(f"{{ profiles(first: 100) {{ edges {{ node {{ {aliases} }} }} }} }}")
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"]["requestedQueryCost"] > 100 * 5000 * 10


def test_the_legacy_cost_field_is_answered_under_its_own_name(graphql, world, make):
    data = graphql(make.token(world.employee)).data("{ __cost network { name } }")
    assert data["__cost"] == {"requestedQueryCost": 21, "maximumAvailable": MAX_COST}


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
        f"The document holds more than {MAX_TOKENS} tokens; at most {MAX_TOKENS} are allowed. "
        "Send a shorter document: use variables and fragments, fewer aliases."
    )
    assert error["extensions"] == {"code": "QUERY_TOO_LARGE", "maximum": MAX_TOKENS}


@pytest.mark.parametrize("count", [1_000, 19_998])
def test_a_field_repeated_too_often_to_validate_is_refused_with_a_code(graphql, world, make, count):
    # Fields of one name are compared pairwise to be merged; graphql-core stops when that
    # takes too long, with "Validation aborted." alone.
    answer = graphql(make.token(world.employee))("{ " + " __typename" * count + " }")
    assert "data" not in answer
    [error] = answer["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert error["message"].startswith("The document is too complex to validate")


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
