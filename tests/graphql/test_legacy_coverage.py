"""How much of the legacy GraphQL schema's names Gaggle answers, for the parts both share.

The measure: the legacy fields of every object type both schemas declare, and the legacy
arguments of every root query both declare. One unknown name refuses a whole legacy document,
so each missing name is a legacy query that fails. The figure is printed (`pytest -s`) and may
only grow: ANSWERED is raised as names are added.
"""

from __future__ import annotations

from graphql import GraphQLObjectType

from gaggle.graph.schema import schema
from tests.graphql import legacy

# The legacy names Gaggle answers, at least; the measure may not fall below it.
ANSWERED = 439


def coverage() -> tuple[list[str], list[str]]:
    """(names Gaggle answers, names it does not), as `Type.field` and `Query.field(argument)`."""
    dump = legacy.introspection()
    ours = schema().graphql
    roots = {dump["queryType"]["name"], dump["mutationType"]["name"]}
    answered, missing = [], []
    for legacy_type in dump["types"]:
        name = legacy_type["name"]
        own = ours.type_map.get(name)
        if legacy_type["kind"] != "OBJECT" or name.startswith("__") or name in roots:
            continue
        if not isinstance(own, GraphQLObjectType):
            continue
        for field in legacy_type["fields"]:
            (answered if field["name"] in own.fields else missing).append(f"{name}.{field['name']}")
    query = next(t for t in dump["types"] if t["name"] == dump["queryType"]["name"])
    for field in query["fields"]:
        own = ours.query_type.fields.get(field["name"])
        if own is None:
            continue
        for argument in field["args"]:
            named = f"Query.{field['name']}({argument['name']})"
            (answered if argument["name"] in own.args else missing).append(named)
    return answered, missing


def test_the_legacy_names_gaggle_answers_do_not_fall():
    answered, missing = coverage()
    total = len(answered) + len(missing)
    print(
        f"\nLegacy GraphQL names answered: {len(answered)} of {total} "
        f"({100 * len(answered) / total:.1f}%); missing: {len(missing)}"
    )
    assert len(answered) >= ANSWERED, sorted(missing)
