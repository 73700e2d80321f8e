"""The legacy names of 1-on-1s and their action items: what each field answers, and which
1-on-1s and action items each filter and ordering keeps and leaves out."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from sqlalchemy import select, update

from gaggle import db, demo
from gaggle.models.oneonone import ActionItem
from gaggle.models.people import User
from tests.graphql.conftest import API, World, nodes
from tests.handlers.test_query_counts import counted_queries

ONEONONE = """
query($pk: Int!) {
  oneonone(pk: $pk) {
    status state startTime scheduledAt endTime modified updatedTime
    completedDatetime completedTime
  }
}
"""


def test_a_oneonone_shows_its_status_code_and_when_it_was_completed(
    graphql, client, world: World, make
):
    oneonone = make.oneonone(
        world.manager, world.employee, start=dt.datetime(2026, 3, 2, 9, 45, tzinfo=dt.UTC)
    )
    employee = graphql(make.token(world.employee))
    shown = employee.data(ONEONONE, {"pk": oneonone.id})["oneonone"]
    assert (shown["status"], shown["state"]) == (1, "SCHEDULED")
    assert shown["startTime"] == shown["scheduledAt"] == "2026-03-02T09:45:00+00:00"
    assert shown["endTime"] == "2026-03-02T10:15:00+00:00"
    assert shown["updatedTime"] == shown["modified"]
    assert shown["completedDatetime"] is shown["completedTime"] is None

    url = f"{API}/oneonones/{oneonone.id}/"
    headers = make.token(world.manager)
    cancelled = client.patch(url, headers=headers, json={"status": "cancelled"}).json()
    assert cancelled["completed_at"] is None
    assert employee.data(ONEONONE, {"pk": oneonone.id})["oneonone"]["status"] == 3
    completed = client.patch(url, headers=headers, json={"status": "completed"}).json()
    assert completed["completed_at"] is not None
    shown = employee.data(ONEONONE, {"pk": oneonone.id})["oneonone"]
    assert (shown["status"], shown["state"]) == (2, "COMPLETED")
    assert shown["completedDatetime"] == shown["completedTime"] == completed["completed_at"]
    assert shown["updatedTime"] == completed["modified"]


def _filtered(caller, arguments: str) -> list[int]:
    data = caller.data(f"{{ oneonones(first: 100, {arguments}) {{ edges {{ node {{ pk }} }} }} }}")
    return [n["pk"] for n in nodes(data["oneonones"])]


@pytest.fixture
def meetings(client, world: World, make):
    """The manager's 1-on-1s: `early` facilitated with the employee (2026-01-05 09:00-09:30),
    `late` with the peer facilitating (2026-06-05 09:00-10:00), completed, and the world's
    with the admin facilitating (2026-12-01 15:00-15:30)."""
    early = make.oneonone(
        world.manager, world.employee, start=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    )
    late = make.oneonone(world.peer, world.manager, start=dt.datetime(2026, 6, 5, 9, tzinfo=dt.UTC))
    url = f"{API}/oneonones/{late.id}/"
    done = client.patch(
        url, headers=make.token(world.peer), json={"status": "completed", "duration": 60}
    )
    assert done.status_code == 200, done.text
    return {"early": early.id, "late": late.id, "world": world.oneonone.id}, done.json()


def test_oneonones_by_their_people_and_their_departments(graphql, world: World, make, meetings):
    ids, _ = meetings
    early, late, held = ids["early"], ids["late"], ids["world"]
    manager = graphql(make.token(world.manager))
    assert _filtered(manager, "") == [held, late, early]
    assert _filtered(manager, f"facilitator: {world.manager.profile.id}") == [early]
    assert _filtered(manager, f"facilitator: {world.peer.profile.id}") == [late]
    assert _filtered(manager, f"participants: [{world.employee.profile.id}]") == [early]
    admin_or_peer = f"[{world.admin.profile.id}, {world.peer.profile.id}]"
    assert _filtered(manager, f"participants: {admin_or_peer}") == [held, late]
    assert _filtered(manager, "participants: []") == []
    # Platform's member is the peer; Engineering's are the manager and the employee.
    assert _filtered(manager, f"teams: [{world.platform.id}]") == [late]
    assert _filtered(manager, f"teams: [{world.engineering.id}]") == [held, late, early]
    assert _filtered(manager, f"teams: [{world.other_department.id}]") == []


def test_oneonones_by_status_and_times(graphql, world: World, make, meetings):
    ids, completed = meetings
    early, late, held = ids["early"], ids["late"], ids["world"]
    manager = graphql(make.token(world.manager))
    assert _filtered(manager, "status: 2") == [late]
    assert _filtered(manager, "status: 1") == [held, early]
    assert _filtered(manager, "status: 3") == _filtered(manager, "status: 4") == []
    assert _filtered(manager, 'startTime: "2026-01-05T09:00:00Z"') == [early]
    assert _filtered(manager, 'startTime: "2026-01-05T09:00:01Z"') == []
    assert _filtered(manager, 'startTime: "2026-06-05"') == [late]
    assert _filtered(manager, 'endTime: "2026-01-05T09:30:00+00:00"') == [early]
    assert _filtered(manager, 'endTime: "2026-01-05T09:00:00+00:00"') == []
    assert _filtered(manager, 'endTime: "2026-06-05"') == [late]
    # The late one ends at 10:00, its duration being 60 minutes.
    assert _filtered(manager, 'endTime_Gte: "2026-06-05T10:00:00Z"') == [held, late]
    assert _filtered(manager, 'endTime_Gte: "2026-06-05T10:00:01Z"') == [held]
    assert _filtered(manager, 'endTime_Lte: "2026-06-05T10:00:00Z"') == [late, early]
    assert _filtered(manager, 'endTime_Lte: "2026-06-05T09:59:59Z"') == [early]

    at = dt.datetime.fromisoformat(completed["completed_at"])
    second = dt.timedelta(seconds=1)
    for bound, gte, lte in (
        (at, [late], [late]),
        (at + second, [], [late]),
        (at - second, [late], []),
    ):
        text = bound.isoformat()
        assert _filtered(manager, f'completedDatetime_Gte: "{text}"') == gte, text
        assert _filtered(manager, f'completedDatetime_Lte: "{text}"') == lte, text

    # The late one changed last, when it was completed; the early one before it.
    early_modified = manager.data(ONEONONE, {"pk": early})["oneonone"]["updatedTime"]
    late_modified = completed["modified"]
    assert _filtered(manager, f'updatedDatetime_Gte: "{late_modified}"') == [late]
    assert _filtered(manager, f'updatedDatetime_Lte: "{late_modified}"') == [held, late, early]
    assert _filtered(manager, f'updatedDatetime_Lte: "{early_modified}"') == [held, early]
    assert _filtered(manager, f'updatedDatetime_Gte: "{early_modified}"') == [late, early]


def test_oneonones_of_the_callers_network_only(graphql, world: World, make, meetings):
    manager = graphql(make.token(world.manager))
    network = world.manager.profile.network_id
    everything = _filtered(manager, "")
    as_global = base64.b64encode(f"NetworkNode:{network}".encode()).decode()
    assert _filtered(manager, f'network: "{as_global}"') == everything
    assert _filtered(manager, f'network: "{network}"') == everything
    assert _filtered(manager, f'network: "{world.other_user.profile.network_id}"') == []
    answer = manager(
        f'{{ oneonones(network: "{base64.b64encode(b"TeamNode:1").decode()}") {{ totalCount }} }}'
    )
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


ITEM = """
mutation($pk: Int, $item: ActionItemInput!) {
  createOrUpdateActionItem(pk: $pk, actionItem: $item) {
    actionItem {
      pk title description completed created assignedDatetime completedDatetime
      uncompletedDatetime assignedTo { pk } completedBy { pk } uncompletedBy { pk }
      participants { totalCount edges { node { pk } } } network { pk }
    }
    userErrors { field message }
  }
}
"""


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _write(caller, item: dict, pk: int | None = None) -> dict:
    payload = caller.data(ITEM, {"pk": pk, "item": item})["createOrUpdateActionItem"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["actionItem"]


def test_an_action_item_keeps_its_description_who_completed_it_and_when(
    graphql, client, world: World, make
):
    manager, admin = graphql(make.token(world.manager)), graphql(make.token(world.admin))
    added = _write(
        manager,
        {
            "createdInOneonone": world.oneonone.id,
            "title": "Book the room",
            "description": " The big one, with a screen. ",
        },
    )
    assert added["description"] == "The big one, with a screen."
    assert added["assignedTo"]["pk"] == world.manager.profile.id
    assert added["assignedDatetime"] is not None
    assert added["completedDatetime"] is added["uncompletedDatetime"] is None
    assert added["completedBy"] is added["uncompletedBy"] is None
    # Its 1-on-1's two people, the facilitator first, and the caller's network.
    people = [n["pk"] for n in nodes(added["participants"])]
    assert people == [world.admin.profile.id, world.manager.profile.id]
    assert added["participants"]["totalCount"] == 2
    assert added["network"]["pk"] == world.manager.profile.network_id

    pk = added["pk"]
    done = _write(manager, {"completed": True}, pk)
    assert done["completedBy"]["pk"] == world.manager.profile.id
    assert _time(done["completedDatetime"]) > _time(added["created"])
    assert done["description"] == added["description"]
    reopened = _write(admin, {"completed": False, "description": ""}, pk)
    assert reopened["description"] == ""
    assert reopened["completedBy"] is reopened["completedDatetime"] is None
    assert reopened["uncompletedBy"]["pk"] == world.admin.profile.id
    assert _time(reopened["uncompletedDatetime"]) > _time(done["completedDatetime"])
    again = _write(admin, {"completed": True}, pk)
    assert again["completedBy"]["pk"] == world.admin.profile.id
    assert again["uncompletedBy"]["pk"] == world.admin.profile.id

    # Given to the other person, it is assigned anew; other changes leave the time alone.
    renamed = _write(manager, {"title": "Book the big room"}, pk)
    assert renamed["assignedDatetime"] == added["assignedDatetime"]
    given = _write(manager, {"assignedTo": world.admin.profile.id}, pk)
    assert _time(given["assignedDatetime"]) > _time(added["assignedDatetime"])

    rest = client.get(
        f"{API}/oneonones/{world.oneonone.id}/actionitems/", headers=make.token(world.admin)
    ).json()["results"][0]
    assert rest["assigned_at"] == given["assignedDatetime"]
    assert rest["completed_at"] == again["completedDatetime"]
    assert rest["uncompleted_at"] == reopened["uncompletedDatetime"]
    assert rest["completed_by"].endswith(f"/userprofiles/{world.admin.profile.id}/")
    assert rest["uncompleted_by"] == rest["completed_by"]


@pytest.fixture
def items(graphql, world: World, make) -> dict[str, int]:
    """Three action items of the world's 1-on-1 (the admin's with the manager) and one of the
    manager's with the employee: `plan`, by the admin for the manager, due last, completed by
    the manager; `room`, by the manager for themselves, due first, completed and reopened by the
    admin; `notes`, by the manager for the admin, due in between, open; `review`, the
    manager's with the employee."""
    manager, admin = graphql(make.token(world.manager)), graphql(make.token(world.admin))
    held = world.oneonone.id
    other = make.oneonone(world.manager, world.employee).id
    plan = _write(
        admin,
        {
            "createdInOneonone": held,
            "title": "Plan",
            "assignedTo": world.manager.profile.id,
            "dueDate": "2026-12-20T00:00:00Z",
        },
    )["pk"]
    room = _write(
        manager, {"createdInOneonone": held, "title": "Room", "dueDate": "2026-12-10T00:00:00Z"}
    )["pk"]
    notes = _write(
        manager,
        {
            "createdInOneonone": held,
            "title": "Notes",
            "assignedTo": world.admin.profile.id,
            "dueDate": "2026-12-15T00:00:00Z",
        },
    )["pk"]
    review = _write(manager, {"createdInOneonone": other, "title": "Review"})["pk"]
    _write(admin, {"completed": True}, room)
    _write(admin, {"completed": False}, room)
    _write(manager, {"completed": True}, plan)
    return {"plan": plan, "room": room, "notes": notes, "review": review}


def _items(caller, arguments: str) -> list[int]:
    data = caller.data(
        f"{{ actionItems(first: 100{', ' if arguments else ''}{arguments}) "
        "{ edges { node { pk } } } }"
    )
    return [n["pk"] for n in nodes(data["actionItems"])]


def test_action_items_by_their_people(graphql, world: World, make, items):
    plan, room, notes, review = items["plan"], items["room"], items["notes"], items["review"]
    manager = graphql(make.token(world.manager))
    admin, employee = world.admin.profile.id, world.employee.profile.id
    mine = world.manager.profile.id
    assert _items(manager, "") == [plan, room, notes, review]
    assert _items(manager, f"creator: {admin}") == [plan]
    assert _items(manager, f"creator: {mine}") == [room, notes, review]
    assert _items(manager, f"assignedTo: {admin}") == [notes]
    assert _items(manager, f"assignedTo: {mine}") == [plan, room, review]
    assert _items(manager, f"completedBy: {mine}") == [plan]
    assert _items(manager, f"completedBy: {admin}") == []
    assert _items(manager, f"uncompletedBy: {admin}") == [room]
    assert _items(manager, f"uncompletedBy: {mine}") == []
    assert _items(manager, f"participants: [{employee}]") == [review]
    assert _items(manager, f"participants: [{admin}, {employee}]") == [plan, room, notes, review]
    assert _items(manager, f"participants: [{world.peer.profile.id}]") == []
    # The employee is not one of the admin's 1-on-1 people: only their own item is theirs.
    assert _items(graphql(make.token(world.employee)), f"participants: [{admin}]") == []


def test_action_items_in_order(graphql, world: World, make, items):
    plan, room, notes, review = items["plan"], items["room"], items["notes"], items["review"]
    manager = graphql(make.token(world.manager))
    assert _items(manager, 'orderBy: "-pk"') == [review, notes, room, plan]
    assert _items(manager, 'orderBy: "-created"') == [review, notes, room, plan]
    # The review has no due date; the rest by their due days.
    dated = [pk for pk in _items(manager, 'orderBy: "dueDate"') if pk != review]
    assert dated == [room, notes, plan]
    assert _items(manager, 'orderBy: "-modified"')[0] == plan
    assert _items(manager, 'completed: true, orderBy: "completedDatetime"') == [plan]
    refused = manager('{ actionItems(orderBy: "title") { totalCount } }')
    assert "cannot sort by 'title'" in refused["errors"][0]["message"]

    # A 1-on-1's own lists take the same filters and orderings.
    query = """query($pk: Int!) { oneonone(pk: $pk) {
      actionItems(orderBy: "-dueDate", assignedTo: %d) { edges { node { pk } } }
      createdActionItems(completed: false, orderBy: "dueDate") { edges { node { pk } } } } }"""
    found = manager.data(query % world.manager.profile.id, {"pk": world.oneonone.id})["oneonone"]
    assert [n["pk"] for n in nodes(found["actionItems"])] == [plan, room]
    assert [n["pk"] for n in nodes(found["createdActionItems"])] == [room, notes]


def test_the_rest_list_of_action_items_takes_the_same_ordering(client, world: World, make, items):
    url = f"{API}/oneonones/{world.oneonone.id}/actionitems/"
    headers = make.token(world.manager)

    def ids(ordering: str) -> list[int]:
        response = client.get(f"{url}?ordering={ordering}", headers=headers)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["results"]]

    assert ids("-due_date") == [items["plan"], items["notes"], items["room"]]
    assert ids("-id") == [items["notes"], items["room"], items["plan"]]
    assert client.get(f"{url}?ordering=title", headers=headers).status_code == 400


def test_the_demo_shows_a_completed_oneonone_and_who_did_its_action_item(graphql, make):
    with db.transaction() as session:
        demo.seed(session)
    with db.reading() as session:
        eli = session.scalar(select(User).where(User.email == "eli@demo.gaggle.test"))
        eli.profile  # noqa: B018 - load it before the session closes
    data = graphql(make.token(eli)).data(
        """{ oneonones(orderBy: "startTime") { edges { node {
          status startTime endTime completedDatetime
          actionItems { edges { node { title description completed completedBy { pk }
            completedDatetime assignedDatetime created } } } } } } }"""
    )
    held, upcoming = nodes(data["oneonones"])
    assert (held["status"], upcoming["status"]) == (2, 1)
    assert held["completedDatetime"] == held["endTime"]
    assert upcoming["completedDatetime"] is None
    [done] = nodes(held["actionItems"])
    assert done["completed"] and done["completedBy"]["pk"] == eli.profile.id
    assert done["assignedDatetime"] == done["created"] < done["completedDatetime"]
    [open_item] = nodes(upcoming["actionItems"])
    assert open_item["description"] and open_item["completedBy"] is None


PAGE = """
query($first: Int) {
  actionItems(first: $first) { edges { node {
    pk creator { pk } assignedTo { pk } completedBy { pk firstName }
    uncompletedBy { pk firstName } network { name } createdInOneonone { pk }
    participants { edges { node { pk firstName } } }
  } } }
}
"""


def test_the_statements_of_a_page_of_action_items_do_not_grow_with_its_size(
    graphql, world: World, make
):
    # The manager's 1-on-1s with 20 people, each with an action item the other person
    # completed and reopened: every item leads to people no other item leads to.
    for n in range(20):
        person = make.user(network="Acme", email=f"person{n}@acme.example", first_name=f"P{n}")
        item = make.action_item(make.oneonone(world.manager, person), world.manager)
        with db.transaction() as session:
            session.execute(
                update(ActionItem)
                .where(ActionItem.id == item.id)
                .values(completed_by_id=person.profile.id, uncompleted_by_id=person.profile.id)
            )
    manager = graphql(make.token(world.manager))
    counts = []
    for first in (2, 20):
        with counted_queries() as statements:
            page = nodes(manager.data(PAGE, {"first": first})["actionItems"])
        assert len(page) == first
        for item in page:
            other = nodes(item["participants"])[1]
            assert item["completedBy"] == item["uncompletedBy"] == other
        assert {item["network"]["name"] for item in page} == {"Acme"}
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
