"""Every enum of the SDL is given alike as a literal and as a variable, wherever a field takes
one: `query($v: OneOnOneState) { oneonones(state: $v) { totalCount } }` with `{"v": "SCHEDULED"}`
answers as `oneonones(state: SCHEDULED)` does."""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, Undefined, get_named_type

from tests.graphql import walk

GRAPH = walk.compiled()
ENUM_PLACES = [
    (place, value)
    for place in walk.places(GRAPH)
    if isinstance(get_named_type(place.type), GraphQLEnumType)
    for value in get_named_type(place.type).values
]


def test_every_enum_taken_as_input_is_walked():
    taken = {get_named_type(place.type).name for place, _ in ENUM_PLACES}
    assert taken >= {"OneOnOneState", "ReviewCycleState"}


@pytest.mark.parametrize(("place", "value"), ENUM_PLACES, ids=lambda p: str(p))
def test_an_enum_variable_answers_as_its_literal(graphql, world, make, place, value):
    # A mutation is only read, not run: its answer would be another object each time.
    skip = " @skip(if: true)" if place.operation == "mutation" else ""
    caller = graphql(make.token(world.admin))

    def answer(selection: str, definitions: str = "", variables: dict | None = None) -> dict:
        query = f"{place.operation}{definitions} {{ {place.before}{selection}{place.after} }}"
        return caller.data(query, variables)

    literal = answer(place.selection(value, skip))
    variable = answer(place.selection("$v", skip), f"($v: {place.type})", {"v": value})
    assert variable == literal


@pytest.mark.parametrize(
    ("enum", "field", "counts"),
    [
        ("OneOnOneState", "oneonones(state: $v)", [1, 0, 0]),
        ("ReviewCycleState", "snapshotGroups(cycleState: $v)", [0, 1, 0]),
    ],
)
def test_each_value_of_an_enum_variable_chooses_its_own_objects(
    graphql, world, make, enum, field, counts
):
    """The world's admin has one scheduled 1-on-1 and one active review cycle."""
    caller = graphql(make.token(world.admin))
    query = f"query($v: {enum}) {{ found: {field} {{ totalCount }} }}"
    found = [
        caller.data(query, {"v": v})["found"]["totalCount"] for v in GRAPH.get_type(enum).values
    ]
    assert found == counts


def test_no_argument_defaults_to_an_input_object():
    """graphql-core parses such a default again as it runs, which the enums' parse (by name,
    gaggle.graph.schema) would refuse: none of the SDL's arguments has one."""
    defaulted = [
        str(a)
        for a in walk.arguments(GRAPH)
        if isinstance(get_named_type(a.argument.type), GraphQLInputObjectType)
        and a.argument.default_value is not Undefined
    ]
    assert defaulted == []
