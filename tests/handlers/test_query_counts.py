"""A list answers with the same number of SQL queries whatever the page size, and a page's
work does not grow with the collection."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from gaggle import db, spec
from tests import builders
from tests.handlers.conftest import API


@contextlib.contextmanager
def before_each_statement(callback):
    """Call `callback` with SQLAlchemy's before_cursor_execute arguments within the block."""
    engine = db.current().engine
    event.listen(engine, "before_cursor_execute", callback)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", callback)


@contextlib.contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with before_each_statement(count):
        yield statements


@pytest.fixture
def crowd(states) -> dict[str, str]:
    return states.load(build_crowd)


def build_crowd(make: builders.Builders) -> dict[str, str]:
    admin = make.user(network="Crowd", is_admin=True)
    people = [make.user(network="Crowd", reports_to=admin) for _ in range(24)]
    parent = None
    cycle = make.review_cycle(admin, state="active")
    for index in range(12):
        department = make.department(
            admin,
            f"Team {index}",
            leaders=people[index : index + 2],
            members=people[index : index + 6],
        )
        objective = make.objective(
            people[index],
            f"Goal {index}",
            owners=people[index : index + 3],
            department_id=department.id,
            parent_id=parent.id if parent else None,
            private=index % 3 == 0,
        )
        for name in ("First", "Second"):
            make.key_result(objective, name, owners=people[index : index + 2])
        make.checkin(objective, people[index])
        make.review(cycle, people[index], admin)
        parent = objective
    badge = make.badge(admin, "Crowd Pleaser")
    for index in range(24):
        make.recognition(people[index], people[(index + 1) % 24], badge)
        make.private_note(admin, people[index])
        request = make.feedback_request(admin, people[index : index + 3], subject=people[index - 1])
        make.feedback(people[index], request=request)
        make.oneonone(admin, people[index])
    return make.token(admin)


@pytest.mark.parametrize("path", list(spec.collections().values()))
def test_page_size_does_not_change_the_query_count(client, crowd, path):
    counts = []
    for limit in (2, 20):
        with counted_queries() as statements:
            response = client.get(f"{API}{path}?limit={limit}", headers=crowd)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("path", list(spec.collections().values()))
def test_an_object_costs_one_query_fewer_than_a_page_of_them(client, crowd, path):
    # A page picks its ids (and their count) in one query, then reads them as one object is
    # read: the visibility check is part of the object's one statement, not a query of its own.
    with counted_queries() as listing:
        first = client.get(f"{API}{path}?limit=1", headers=crowd).json()["results"][0]
    with counted_queries() as showing:
        response = client.get(first["url"], headers=crowd)
    assert response.status_code == 200
    assert response.json() == first
    assert len(showing) == len(listing) - 1, (showing, listing)


@contextlib.contextmanager
def sqlite_instructions():
    """How many virtual-machine instructions SQLite runs for the statements in the block."""
    executed = [0]
    watched = set()

    def step() -> int:
        executed[0] += 1
        return 0  # go on

    def watch(conn, cursor, statement, parameters, context, executemany):
        connection = conn.connection.dbapi_connection
        connection.set_progress_handler(step, 1)
        watched.add(connection)

    try:
        with before_each_statement(watch):
            yield executed
    finally:
        for connection in watched:
            connection.set_progress_handler(None, 1)


def test_a_page_of_recognitions_costs_no_more_in_a_bigger_network(client, make):
    # A database sorts every matching row before LIMIT applies: what a page computes per row
    # (both people, their accounts, like and comment counts) must be computed for the page's
    # rows only, or every page costs as much as the whole collection.
    if db.current().engine.dialect.name != "sqlite":
        pytest.skip("counts SQLite's instructions")
    admin = make.user(network="Busy", is_admin=True)
    people = [make.user(network="Busy") for _ in range(4)]
    badge = make.badge(admin, "Busy Bee")
    token = make.token(admin)
    cost = []
    for added in (20, 400):
        for _ in range(added):
            make.recognition(people[0], people[1], badge)
        with sqlite_instructions() as executed:
            response = client.get(f"{API}/recognitions/?limit=5", headers=token)
        assert response.status_code == 200
        cost.append(executed[0])
    # Finding the page's ids takes a few instructions per recognition (about 15); computing
    # every recognition's people and counts before the sort took about 140.
    per_recognition = (cost[1] - cost[0]) / 400
    assert per_recognition < 50, cost
