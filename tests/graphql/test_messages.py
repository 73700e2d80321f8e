"""No GraphQL error message shows a Python name, path or traceback, whatever the document and the
variables: wrong types, unknown enum values, huge numbers, nested nulls, bad DateTime, Date,
JSONObject and GenericScalar values, variables of the wrong shape, documents that do not parse or
validate. Every input type of the SDL gets each wrong value, as a variable and as a literal."""

from __future__ import annotations

import builtins
import json
import re

import pytest
from graphql import get_named_type

from tests.graphql import walk
from tests.graphql.conftest import GRAPHQL

GRAPH = walk.compiled()

# What only Python says: its exception and type names, its reprs, its frames and files.
EXCEPTIONS = sorted(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
PYTHON = re.compile(
    "|".join(
        [
            r"<locals>",
            r"Traceback",
            r"\.py\b",
            r"object at 0x",
            r"<class ",
            r"<function ",
            r"NoneType",
            r"\bdatetime\.",
            r"timedelta",
            r"isoformat",
            r"positional argument",
            r"unhashable",
            r"'\w+' object",
            *(rf"\b{name}\b" for name in EXCEPTIONS),
        ]
    )
)

WRONG: list[object] = [
    *("NOPE", "", "x" * 41, "\u0661", "\u00b2"),
    *(0, -1, 2**31, 2**70, 1.5, 1e308, -1e308, True, False),
    *([], [1], [None], [[1]], {}, {"a": 1}, {"a": None}, {"a": {"b": [None]}}),
    *("2026-13-45", "2026-02-30", "2026-10-01T25:00:00Z", "2026-10-01T14:30:00+99:00"),
    *("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-10-01T14:30:00.5.5Z"),
    None,
]


def python_in(response) -> list[str]:
    """The messages of an answer (its errors', or a problem's detail) that show Python."""
    assert response.status_code < 500, response.text
    body = response.json()
    messages = [error["message"] for error in body.get("errors", [])]
    messages += [body["detail"]] if "detail" in body else []
    return [message for message in messages if PYTHON.search(message)]


def literal(value: object) -> str:
    """`value` written as a GraphQL literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    return json.dumps(value)


def _first_places() -> dict[str, walk.Place]:
    """One place of each input type, by the type's name."""
    found: dict[str, walk.Place] = {}
    for place in walk.places(GRAPH):
        found.setdefault(get_named_type(place.type).name, place)
    return found


PLACES = _first_places()


def test_every_scalar_and_enum_of_the_sdl_is_walked():
    assert set(PLACES) >= {"DateTime", "Date", "GenericScalar", "OneOnOneState", "Float", "ID"}


@pytest.mark.parametrize("place", PLACES.values(), ids=str)
def test_wrong_values_of_an_input_type_are_refused_in_plain_words(client, world, make, place):
    token = make.token(world.admin)
    skipped = " @skip(if: true)"  # a value that happens to be right runs nothing

    def ask(selections: list[str], definitions: str = "", variables: dict | None = None):
        fields = " ".join(f"a{i}: {selection}" for i, selection in enumerate(selections))
        query = f"{place.operation}{definitions} {{ {place.before}{fields}{place.after} }}"
        return client.post(GRAPHQL, json={"query": query, "variables": variables}, headers=token)

    as_variables = ask(
        [place.selection(f"$v{i}", skipped) for i in range(len(WRONG))],
        "(" + ", ".join(f"$v{i}: {place.type}" for i in range(len(WRONG))) + ")",
        {f"v{i}": value for i, value in enumerate(WRONG)},
    )
    as_literals = ask([place.selection(literal(value), skipped) for value in WRONG])
    assert python_in(as_variables) == []
    assert python_in(as_literals) == []


DOCUMENTS = [
    "{",
    "{ currentUser { pk }",
    "\u0000",
    "{ nope }",
    "mutation { nope }",
    "subscription { nope }",
    "{ currentUser { nope } }",
    "{ currentUser { pk(x: 1) } }",
    "{ currentUser { ... on TeamNode { pk } } }",
    "{ profile { pk } }",
    '{ profile(pk: "1") { pk } }',
    "{ profile(pk: 1.5) { pk } }",
    "{ profile(pk: 99999999999999999999) { pk } }",
    "{ profiles(pk: 1e400) { totalCount } }",
    "{ profiles(pk: 99999999999999999999999) { totalCount } }",
    "{ profiles(first: 99999999999999999999) { totalCount } }",
    "{ profiles(pk_In: [[1]]) { totalCount } }",
    "{ oneonones(state: NOPE) { totalCount } }",
    '{ oneonones(state: "SCHEDULED") { totalCount } }',
    "{ oneonones(state: scheduled) { totalCount } }",
    "{ a: profile(pk: 1) { pk } a: profile(pk: 2) { pk } }",
    "{ __type(name: 1) { name } }",
    "{ currentUser { canChange(changedFields: [null, {newValue: {a: [null, {b: null}]}}]) } }",
    "fragment A on Query { ...A } { ...A }",
    "fragment A on Nope { pk } { ...A }",
    "query Same { currentUser { pk } } query Same { currentUser { pk } }",
    "{ currentUser { pk } } { currentUser { pk } }",
    "query($v: Nope) { currentUser { pk } }",
    'query($v: Int = "a") { profile(pk: $v) { pk } }',
    "query($v: Int) { profile(pk: $v) { pk } }",
    "query($v: JSONObject) { profiles(search: $v) { totalCount } }",
    "query($v: [Int!]!) { profiles(pk_In: $v) { totalCount } }",
    "query($v: Int, $v: Int) { profile(pk: $v) { pk } }",
    "{ currentUser { " + "reportsTo { " * 20 + "pk" + " }" * 21,
]


@pytest.mark.parametrize("query", DOCUMENTS)
def test_a_malformed_document_is_refused_in_plain_words(client, world, make, query):
    response = client.post(GRAPHQL, json={"query": query}, headers=make.token(world.admin))
    assert python_in(response) == []


@pytest.mark.parametrize(
    "body",
    [
        {"query": "query($v: Int!) { profile(pk: $v) { pk } }", "variables": {}},
        {"query": "query($v: Int!) { profile(pk: $v) { pk } }", "variables": {"v": {"v": 1}}},
        {"query": "query($v: [Int]) { profiles(pk_In: $v) { totalCount } }", "variables": {"v": 1}},
        {"query": "{ currentUser { pk } }", "variables": {"unknown": [1, {"a": None}]}},
        {
            "query": "query($v: String) { profiles(search: $v) { totalCount } }",
            "variables": {"v": "\u0000"},
        },
        {"query": "{ currentUser { pk } }", "variables": [1]},
        {"query": "{ currentUser { pk } }", "variables": "v"},
        {"query": "{ currentUser { pk } }", "operationName": 1},
        {"query": "query A { currentUser { pk } }", "operationName": "B"},
        {"query": ["{ currentUser { pk } }"]},
        {"query": None},
    ],
)
def test_variables_of_the_wrong_shape_are_refused_in_plain_words(client, world, make, body):
    response = client.post(GRAPHQL, json=body, headers=make.token(world.admin))
    assert python_in(response) == []
