"""Every field whose resolver reads the database carries a `@cost` in the SDL, priced by how it
reads (gaggle/graph/limits.py): the statements each field runs are counted while it resolves,
field by field, on the varied world through /graphql.

Each field of each object type the Query root leads to is asked for once in a query of its
own, under the first few objects of each connection on the way, as the admin of the varied
world (who sees the most). A field that ran an SQL statement must carry a `@cost` of at least
limits.STATEMENT per statement it ran each time it resolved, on average: its `complexity`, or a
connection's `perCall`. A field without a `@cost` must have been resolved at least once and run
no statement: a new field that the test data does not reach needs a `@cost` or data that
reaches it. Every mutation carries a `@cost`.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator

import pytest
from graphql import GraphQLObjectType, GraphQLSchema, default_field_resolver, get_named_type

from gaggle.graph import fast, limits
from gaggle.graph.schema import schema
from tests.graphql.walk import literal, required
from tests.handlers.test_query_counts import before_each_statement

FEW = 3


def _arguments(field, page: bool) -> str:
    given = [f"{name}: {literal(argument.type)}" for name, argument in required(field).items()]
    if page and "first" in field.args:
        given.append(f"first: {FEW}")
    return f"({', '.join(given)})" if given else ""


def ways(graphql: GraphQLSchema) -> dict[str, tuple[str, str]]:
    """Each object type the Query root leads to, with the text of a query before and after a
    selection on its objects: from the root's connections where they lead to it (so that a
    field resolves on several objects), else through fields without required arguments where
    there is such a way, else through the others (their arguments well formed)."""
    root = graphql.query_type
    found: dict[str, tuple[str, str]] = {root.name: ("", "")}
    for step in ("pages", "plain", "required"):
        queue = deque(graphql.type_map[name] for name in list(found))
        while queue:
            current = queue.popleft()
            before, after = found[current.name]
            for name, field in current.fields.items():
                named = get_named_type(field.type)
                if not isinstance(named, GraphQLObjectType) or named.name in found:
                    continue
                if required(field) and step != "required":
                    continue
                if current is root and step == "pages" and "first" not in field.args:
                    continue
                found[named.name] = (f"{before}{name}{_arguments(field, True)} {{ ", f" }}{after}")
                queue.append(named)
    return found


class Counted:
    """Per field ("Type.field"): how often it resolved, and the statements it ran meanwhile."""

    def __init__(self) -> None:
        self.resolved: Counter[str] = Counter()
        self.statements: Counter[str] = Counter()
        self.each_time: dict[str, bool] = {}
        self.running = 0

    def wrap(self, key: str, resolve):
        def counting(source, info, **args):
            before = self.running
            try:
                return resolve(source, info, **args)
            finally:
                ran = self.running - before
                self.resolved[key] += 1
                self.statements[key] += ran
                self.each_time[key] = self.each_time.get(key, True) and ran > 0

        return counting


@pytest.fixture
def counted(monkeypatch) -> Iterator[Counted]:
    """Every field's resolver of the served schema, counting; the quick path's plans are
    forgotten before and after, so that it calls them."""
    found = Counted()
    graphql = schema().graphql
    for type_name, graphql_type in graphql.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__"):
            for field_name, field in graphql_type.fields.items():
                resolve = found.wrap(
                    f"{type_name}.{field_name}", field.resolve or default_field_resolver
                )
                monkeypatch.setattr(field, "resolve", resolve)

    def count(*_):
        found.running += 1

    fast._PLANS.clear()
    try:
        with before_each_statement(count):
            yield found
    finally:
        fast._PLANS.clear()


def _selection(field) -> str:
    named = get_named_type(field.type)
    inner = " { __typename }" if isinstance(named, GraphQLObjectType) else ""
    return f"{_arguments(field, False)}{inner}"


def test_every_field_that_reads_the_database_has_its_cost(graphql, varied, make, counted):
    gql = graphql(make.token(varied.admin))
    compiled = schema().graphql
    reached = ways(compiled)
    keys = []
    for type_name, (before, after) in sorted(reached.items()):
        for field_name, field in compiled.type_map[type_name].fields.items():
            keys.append(f"{type_name}.{field_name}")
            gql(f"{{ {before}{field_name}{_selection(field)}{after} }}")
    unpriced, underpriced, unreached = [], [], []
    for key in keys:
        type_name, field_name = key.split(".")
        field = compiled.type_map[type_name].fields[field_name]
        declared = limits.price(field)
        ran, times = counted.statements[key], counted.resolved[key]
        if declared is None:
            if ran:
                unpriced.append(f"{key} ({ran} statements in {times} resolutions)")
            elif not times:
                unreached.append(key)
            continue
        charged = declared.per_call if declared.multipliers else declared.complexity
        floor = -(-limits.STATEMENT * ran // times) if times else 0
        if charged < floor:
            underpriced.append(f"{key} ({ran} statements in {times} resolutions: {charged})")
    assert unpriced == [], f"fields that read the database without a @cost: {unpriced}"
    assert underpriced == [], f"fields priced below what they read: {underpriced}"
    assert unreached == [], (
        f"fields without a @cost that the varied world never resolved: give them a @cost or "
        f"make the test data reach them: {unreached}"
    )


def test_every_mutation_has_its_cost():
    mutation = schema().graphql.mutation_type
    unpriced = [
        name
        for name, field in mutation.fields.items()
        if name != "requiredScopes" and (limits.price(field) or limits.Price(0)).complexity < 1
    ]
    assert unpriced == []


def test_the_walk_reaches_every_type_a_query_may_reach():
    # The types no query reaches are those of the mutations' answers.
    compiled = schema().graphql
    reached = set(ways(compiled))
    mutation = compiled.mutation_type
    payloads = {get_named_type(field.type).name for field in mutation.fields.values()}
    for name, graphql_type in compiled.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        if name not in reached and name != mutation.name:
            assert name in payloads or _only_in_payloads(compiled, name, payloads), name


def _only_in_payloads(compiled: GraphQLSchema, name: str, payloads: set[str]) -> bool:
    holders = [
        t.name
        for t in compiled.type_map.values()
        if isinstance(t, GraphQLObjectType)
        and any(get_named_type(f.type).name == name for f in t.fields.values())
    ]
    return bool(holders) and all(h in payloads for h in holders)
