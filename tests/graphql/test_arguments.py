"""No argument ends in a server error: every bounded argument the SDL has (graphql/common.graphql)
refuses a value out of its bounds with BAD_USER_INPUT on its field, as the REST API bounds its
parameters, and answers the extremes within them; text too long for a statement is the caller's
error, never an outage of the database."""

from __future__ import annotations

import logging

import pytest
from graphql import get_named_type

from gaggle import runtime
from gaggle.graph.arguments import MAX_TEXT
from gaggle.relations import MAX_ID
from tests.graphql import walk
from tests.test_metrics import sample

GRAPH = walk.compiled()
BOUNDED = [a for a in walk.arguments(GRAPH) if walk.unusable(GRAPH, a)]

# Objects that only a mutation's payload leads to, and the mutation that leads the world's
# admin to one, or a connection with fields of its own beside its page, and a query of one:
# (operation, selection set before and after the selection on it).
THROUGH_MUTATIONS = {
    "UserProfileConnection": lambda make, world: ("query", "profiles(first: 2) { ", " }"),
    "DeleteSnapshotGroup": lambda make, world: (
        "mutation",
        f"deleteSnapshotGroup(pk: {make.review_cycle(world.admin, state='draft').id}) {{ ",
        " }",
    ),
    "TransitionSnapshotToNextState": lambda make, world: (
        "mutation",
        "transitionSnapshotToNextState("
        f"pk: {make.review(world.cycle, world.admin, world.manager).id}) {{ ",
        " }",
    ),
}


# Objects of which the world's admin sees none, and how to make one, so that a query reaches
# their fields.
MADE = {"ActionItemNode": lambda make, world: make.action_item(world.oneonone, world.admin)}


def way_to(argument: walk.Argument, make, world) -> tuple[str, str, str]:
    """(operation, before, after): a document's selection set around the field's selection."""
    if argument.owner.name in THROUGH_MUTATIONS:
        return THROUGH_MUTATIONS[argument.owner.name](make, world)
    if argument.owner.name in MADE:
        MADE[argument.owner.name](make, world)
    found = walk.reach(GRAPH, argument.owner)
    assert found is not None, f"nothing leads to {argument.owner.name}: add it to THROUGH_MUTATIONS"
    return ("query", *found)


CURSORS = ("after", "before")


def extreme(argument: walk.Argument) -> object:
    """The last value within the argument's bounds: the largest id, the last cursor position,
    the longest text."""
    if argument.name in CURSORS:
        return walk.cursor(str(MAX_ID))
    named = get_named_type(argument.argument.type).name
    return {"Float": MAX_ID, "ID": str(MAX_ID)}.get(named, "x" * MAX_TEXT)


@pytest.mark.parametrize("argument", BOUNDED, ids=str)
def test_a_value_out_of_an_arguments_bounds_is_the_callers_error(graphql, world, make, argument):
    """Each value out of the bounds is refused on its field; the last value within them is
    not: an id or a cursor is answered, a text is not refused for its length (another rule may
    refuse it: `orderBy: "xxx"`)."""
    values = walk.unusable(GRAPH, argument)
    last = f"a{len(values)}"
    query = walk.document(argument, len(values) + 1, *way_to(argument, make, world))
    variables = {f"v{i}": v for i, v in enumerate([*values, extreme(argument)])}
    answer = graphql(make.token(world.admin))(query, variables)
    assert "data" in answer, answer
    refused = walk.refusals(answer, len(values) + 1)
    del refused[last]
    assert refused == {alias: {"BAD_USER_INPUT"} for alias in refused}, (query, values, answer)
    within = [e["message"] for e in answer.get("errors", []) if last in e["path"]]
    if get_named_type(argument.argument.type).name == "String" and argument.name not in CURSORS:
        within = [message for message in within if "characters" in message]
    assert within == [], answer


TEXTS = [a for a in BOUNDED if a.name in walk.HUGE]
DATABASE_ERRORS = "gaggle_database_errors_total"


@pytest.mark.parametrize("argument", TEXTS, ids=str)
def test_a_huge_search_or_order_is_refused_before_the_database_sees_it(
    graphql, world, make, argument, caplog
):
    metrics = runtime.current().metrics
    errors_before = sample(metrics.exposition().decode(), DATABASE_ERRORS)
    answer = graphql(make.token(world.admin))(
        walk.document(argument, 1, *way_to(argument, make, world)), {"v0": walk.HUGE[argument.name]}
    )
    assert walk.refusals(answer, 1) == {"a0": {"BAD_USER_INPUT"}}, answer
    assert f"at most {MAX_TEXT} characters" in answer["errors"][0]["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert sample(metrics.exposition().decode(), DATABASE_ERRORS) == errors_before


@pytest.mark.parametrize("argument", TEXTS, ids=str)
def test_the_bound_of_a_search_or_order_is_in_its_description(argument):
    assert f"At most {MAX_TEXT} characters." in argument.argument.description
