"""A list inside a list is read for the whole page of its parents at once: a document costs as
many SQL statements over 20 parents as over 2. Every list field of an object type that a list
of the schema holds is tried, found from the SDL, so that a new one is covered when it is
added; and the legacy CLI's read of a profile's objectives with their key results takes at
most 4 statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)
from sqlalchemy import select

from gaggle import db
from gaggle.graph import sdl
from gaggle.models.objectives import Objective
from gaggle.models.people import Department
from tests import builders
from tests.handlers.test_query_counts import build_crowd, counted_queries

SMALL, LARGE = 2, 20


def _unwrapped(graphql_type):
    while isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return graphql_type


def _node_type(field) -> GraphQLObjectType | None:
    """The object type of the nodes of a connection field, or None for another field."""
    named = get_named_type(field.type)
    if not isinstance(named, GraphQLObjectType) or "edges" not in named.fields:
        return None
    edge = get_named_type(named.fields["edges"].type)
    return get_named_type(edge.fields["node"].type)


def _optional_only(field) -> bool:
    return not any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values())


def _list_field(field) -> bool:
    """A connection, or a list of anything."""
    return _node_type(field) is not None or isinstance(_unwrapped(field.type), GraphQLList)


@dataclass(frozen=True)
class Case:
    """A list field of `parent` reached through the connections `path` from the query root."""

    parent: str
    field: str
    path: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.parent}.{self.field}"


def cases(schema: GraphQLSchema) -> list[Case]:
    """Every list field of an object type that a connection holds, each with the shortest path
    of connections (taking no required argument) from the query root to its objects."""
    paths: dict[str, tuple[str, ...]] = {}
    frontier = [(schema.query_type, ())]
    while frontier:
        reached = []
        for parent, path in frontier:
            for name, field in parent.fields.items():
                node = _node_type(field)
                if node is not None and node.name not in paths and _optional_only(field):
                    paths[node.name] = (*path, name)
                    reached.append((node, paths[node.name]))
        frontier = reached
    return [
        Case(parent, name, path)
        for parent, path in sorted(paths.items())
        for name, field in schema.type_map[parent].fields.items()
        if _list_field(field)
    ]


SCHEMA = build_schema(sdl.text())
CASES = cases(SCHEMA)


def _selection(graphql_type) -> str:
    """A small selection of an object: its id when it has one."""
    named = get_named_type(graphql_type)
    if not isinstance(named, GraphQLObjectType):
        return ""
    return "{ id }" if "id" in named.fields else "{ __typename }"


def document(case: Case, size: int) -> str:
    """The document reading `case.field` of every object its path reaches, `size` per page."""
    field = SCHEMA.type_map[case.parent].fields[case.field]
    node = _node_type(field)
    if node is not None:
        inner = f"{case.field} {{ totalCount edges {{ cursor node {_selection(node)} }} }}"
    else:
        inner = f"{case.field} {_selection(field.type)}"
    for name in reversed(case.path):
        inner = f"{name}(first: {size}) {{ edges {{ node {{ id {inner} }} }} }}"
    return f"{{ {inner} }}"


def parents(data: dict, path: tuple[str, ...]) -> list[dict]:
    """The objects at the end of `path` in an answer."""
    found = [data]
    for name in path:
        found = [edge["node"] for item in found for edge in item[name]["edges"]]
    return found


def build_many(make: builders.Builders) -> dict[str, str]:
    """The crowd of tests/handlers/test_query_counts.py, with more than 20 objects of each kind
    that a list holds, and something in each of their lists."""
    admin = make.user(network="Crowd", is_admin=True)
    people = [make.user(network="Crowd", reports_to=admin) for _ in range(3)]
    build_crowd(make)
    squads = []
    for index in range(22):
        department = make.department(
            admin,
            f"Squad {index:02}",
            parent=squads[index // 2] if squads else None,
            leaders=people[:1],
            members=people,
        )
        squads.append(department)
        objective = make.objective(
            admin,
            f"Aim {index}",
            owners=people[:2],
            stakeholders=people[1:],
            followers=people[index % 3 :],
            contributing_teams=squads[-2:],
            department_id=department.id,
        )
        key_result = make.key_result(objective, "Only", owners=people[:2])
        make.checkin(objective, admin, values={key_result: 50.0})
        oneonone = make.oneonone(admin, people[index % 3])
        make.oneonone_note(oneonone, admin, shared=True)
        make.action_item(
            oneonone,
            admin,
            assignee=people[0],
            completed=bool(index % 2),
            completed_by_id=people[0].profile.id if index % 2 else None,
            uncompleted_by_id=admin.profile.id,
        )
        # About each of the first two people by id (the admin and the first person).
        if index % 2:
            request = make.feedback_request(people[1], people[2:], subject=admin)
        else:
            request = make.feedback_request(admin, people[1:], subject=people[0])
        make.feedback(people[2], request=request)
    for index in range(3):
        cycle = make.review_cycle(
            admin, f"Cycle {index}", start_date=dt.date(2025, 1, 1 + index), state="active"
        )
        for person in people:
            make.review(cycle, person, admin)
    # The crowd's objectives come first: each has contributing departments too.
    with db.transaction() as session:
        teams = [session.get(Department, squad.id) for squad in squads[:2]]
        for objective in session.scalars(
            select(Objective).where(
                Objective.network_id == admin.profile.network_id,
                ~Objective.contributing_teams.any(),
            )
        ):
            objective.contributing_teams = teams
    return make.token(admin)


@pytest.fixture
def many(states) -> dict[str, str]:
    return states.load(build_many)


def statements(graphql, query: str) -> tuple[int, dict]:
    with counted_queries() as executed:
        answer = graphql.data(query)
    return len(executed), answer


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_nested_list_costs_the_same_over_20_parents_as_over_2(graphql, many, case):
    caller = graphql(many)
    small, small_answer = statements(caller, document(case, SMALL))
    large, large_answer = statements(caller, document(case, LARGE))
    assert len(parents(large_answer, case.path)) > len(parents(small_answer, case.path)) >= 1
    assert large == small, document(case, LARGE)


def test_every_kind_of_listed_object_has_its_lists_tried():
    tried = {case.parent for case in CASES}
    assert {"ObjectiveNode", "KeyResultNode", "TeamNode", "OneOnOneNode"} <= tried
    assert ("ObjectiveNode", "keyResults") in {(case.parent, case.field) for case in CASES}


CLI_READ = """query($pk: Int!) { profile(pk: $pk) { ownedObjectives(first: 50, closed: false) {
  edges { node { id pk url name keyResults(first: 50) { edges { node {
    id pk url name targetValue currentValue startingValue measurementType } } } } } } } }"""


def build_owner(make: builders.Builders) -> tuple[int, dict[str, str]]:
    owner = make.user(network="Owners", is_admin=True)
    for index in range(20):
        objective = make.objective(owner, f"Goal {index}")
        for name in ("First", "Second"):
            make.key_result(objective, name)
    return owner.profile.id, make.token(owner)


def test_the_legacy_cli_read_of_objectives_and_key_results_takes_four_statements(states, graphql):
    pk, headers = states.load(build_owner)
    caller = graphql(headers)
    with counted_queries() as executed:
        data = caller.data(CLI_READ, {"pk": pk})
    objectives = data["profile"]["ownedObjectives"]["edges"]
    assert len(objectives) == 20
    assert all(len(edge["node"]["keyResults"]["edges"]) == 2 for edge in objectives)
    # The token's lookup and the transaction's BEGIN come before the document is read.
    read = [s for s in executed if "oauth_access_token" not in s and s.strip() != "BEGIN"]
    assert len(read) <= 4, read


def _single(type_name: str) -> str | None:
    """The query field that reads one object of `type_name` by its `pk`, if there is one."""
    for name, field in SCHEMA.query_type.fields.items():
        if get_named_type(field.type).name == type_name and "pk" in field.args:
            return name
    return None


def _page(case: Case) -> str:
    node = _node_type(SCHEMA.type_map[case.parent].fields[case.field])
    info = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
    return f"totalCount {info} edges {{ cursor node {_selection(node)} }}"


# The first object of each list, and the second and third: after the first one's cursor.
WINDOWS = ["first: 1", 'first: 2, after: "YXJyYXljb25uZWN0aW9uOjA="']
PAGED = [
    case
    for case in CASES
    if _node_type(SCHEMA.type_map[case.parent].fields[case.field]) is not None
    and _single(case.parent) is not None
]


@pytest.mark.parametrize("window", WINDOWS, ids=["first", "after"])
@pytest.mark.parametrize("case", PAGED, ids=lambda case: case.id)
def test_each_parent_of_a_page_has_its_own_page_of_its_list(graphql, many, case, window):
    """Read for the whole page of parents at once, each parent's list is paged and counted as
    when the parent is read alone."""
    caller = graphql(many)
    inner = f"pk {case.field}({window}) {{ {_page(case)} }}"
    for name in reversed(case.path):
        inner = f"{name}(first: {LARGE}) {{ edges {{ node {{ {inner} }} }} }}"
    listed = parents(caller.data(f"{{ {inner} }}"), case.path)
    assert listed
    single = _single(case.parent)
    for parent in listed:
        alone = caller.data(
            f"{{ {single}(pk: {parent['pk']}) {{ {case.field}({window}) {{ {_page(case)} }} }} }}"
        )
        assert alone[single][case.field] == parent[case.field], parent["pk"]
    assert any(parent[case.field]["totalCount"] for parent in listed), "every list was empty"
