"""A profile's objectives and their key results read as labelled rows (gaggle.projection) when
the document selects only what their own columns answer: every such field is answered as the
ORM objects answer it, which a rule field such as canChange still reads."""

from __future__ import annotations

import datetime as dt

from gaggle.graph.areas.objective import ROW_FIELDS

OBJECTIVE = """id pk url name description closed draft private startDate dueDatetime
  objectiveType created modified completedDatetime objectiveUrl"""
KEY_RESULT = "id pk url name startingValue targetValue currentValue measurementType created updated"
DOCUMENT = """query($pk: Int!) { profile(pk: $pk) { ownedObjectives(first: 3, offset: 1) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { __typename %s%s keyResults(first: 2) { totalCount
    pageInfo { hasNextPage endCursor } edges { cursor node { __typename %s%s } } } } } } } }"""


def _answer(caller, pk: int, rule: str) -> dict:
    return caller.data(DOCUMENT % (OBJECTIVE, rule, KEY_RESULT, rule), {"pk": pk})


def _without(answer, name: str):
    if isinstance(answer, dict):
        return {key: _without(value, name) for key, value in answer.items() if key != name}
    if isinstance(answer, list):
        return [_without(value, name) for value in answer]
    return answer


def test_rows_answer_what_the_orm_objects_answer(make, graphql):
    owner = make.user(network="Acme", first_name="Olga")
    for number in range(5):
        objective = make.objective(
            owner,
            f"Goal {number}",
            closed=number == 2,
            start_date=dt.date(2026, 1, 1 + number),
            due_date=dt.date(2026, 6, 1) if number % 2 else None,
        )
        for result in range(number % 4):
            make.key_result(
                objective,
                f"Result {number}.{result}",
                starting_value=0,
                target_value=10 + result,
                current_value=2.5 * result,
                measurement_type=1 + result,
            )
    caller = graphql(make.token(owner))
    rows = _answer(caller, owner.profile.id, "")
    orm = _answer(caller, owner.profile.id, " canChange")
    assert _without(orm, "canChange") == rows
    page = rows["profile"]["ownedObjectives"]
    assert page["totalCount"] == 5 and len(page["edges"]) == 3
    assert any(edge["node"]["keyResults"]["edges"] for edge in page["edges"])
    assert {"canChange", "canCheckin", "progress", "owners"}.isdisjoint(ROW_FIELDS)
