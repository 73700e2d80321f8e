"""The legacy names of the people area that Gaggle answers from its own data: the `profiles`
filters, a person's activation state, teammates, related people, chain of managers, business
cycle and objectives around it, and a page of people's managers and departments.

The world: the admin manages the manager, who manages the employee and the peer; the manager
and the employee are members of Engineering, the peer of Platform (under Engineering)."""

from __future__ import annotations

import datetime as dt

import pytest

from gaggle.graph.relay import global_id
from tests.graphql.conftest import nodes
from tests.graphql.fields import checks

PROFILES = """
query Profiles(
  $sgnetwork: ID, $email: String, $employeeId: String, $username: String, $usernames: [String],
  $isAdmin: Boolean, $adminsOnly: Boolean, $hasTeam: Boolean, $teams: [Int],
  $hasManager: Boolean, $hasSkipManager: Boolean, $tree: Int, $hasEmployeeId: Boolean,
  $hasHireDate: Boolean, $hireDate: String, $hiredFrom: String, $hiredUntil: String,
  $reviewed: Int, $notReviewed: Int, $related: Boolean
) {
  profiles(
    first: 50, sgnetwork: $sgnetwork, user_Email: $email, employeeId: $employeeId,
    username: $username, username_In: $usernames, isAdmin: $isAdmin, adminsOnly: $adminsOnly,
    hasTeam: $hasTeam, teams: $teams, hasManager: $hasManager, hasSkipManager: $hasSkipManager,
    hasManagerInManagementTree: $tree, hasEmployeeId: $hasEmployeeId, hasHireDate: $hasHireDate,
    hireDate: $hireDate, hireDate_Gte: $hiredFrom, hireDate_Lte: $hiredUntil,
    hasSnapshotInGroup: $reviewed, noSnapshotInGroup: $notReviewed, related: $related
  ) { edges { node { pk } } }
}
"""


def _pks(graphql, make, user, **variables) -> list[int]:
    data = graphql(make.token(user)).data(PROFILES, variables)
    return [node["pk"] for node in nodes(data["profiles"])]


@pytest.fixture
def hired(world, make):
    """Two more people of Acme: one hired in 2024 with an employee id, one in 2025."""
    early = make.user(
        email="early@acme.example",
        reports_to=world.employee,
        hire_date=dt.date(2024, 3, 1),
        employee_id="E-7",
    )
    late = make.user(email="late@acme.example", hire_date=dt.date(2025, 1, 15))
    return early, late


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"email": "MANAGER@acme.example"}, ["manager"]),
        ({"username": "Peer@Acme.Example"}, ["peer"]),
        (
            {"usernames": ["peer@acme.example", "ADMIN@acme.example", "nobody@x.example"]},
            ["admin", "peer"],
        ),
        ({"employeeId": "E-7"}, ["early"]),
        ({"isAdmin": True}, ["admin"]),
        ({"adminsOnly": True}, ["admin"]),
        ({"isAdmin": False}, ["manager", "employee", "peer", "early", "late"]),
        ({"hasTeam": True}, ["manager", "employee", "peer"]),
        ({"hasTeam": False}, ["admin", "early", "late"]),
        ({"teams": ["platform"]}, ["peer"]),
        ({"teams": ["engineering", "platform"]}, ["manager", "employee", "peer"]),
        ({"hasManager": False}, ["admin", "late"]),
        ({"hasSkipManager": True}, ["employee", "peer", "early"]),
        ({"hasSkipManager": False}, ["admin", "manager", "late"]),
        ({"tree": "manager"}, ["employee", "peer", "early"]),
        ({"tree": "early"}, []),
        ({"hasEmployeeId": True}, ["early"]),
        ({"hasHireDate": True}, ["early", "late"]),
        ({"hasHireDate": False, "hasManager": True}, ["manager", "employee", "peer"]),
        ({"hireDate": "2024-03-01"}, ["early"]),
        ({"hiredFrom": "2024-03-02"}, ["late"]),
        ({"hiredUntil": "2025-01-15T08:00:00Z"}, ["early", "late"]),
        ({"hiredFrom": "2024-01-01", "hiredUntil": "2024-12-31"}, ["early"]),
        ({"sgnetwork": "acme"}, ["admin", "manager", "employee", "peer", "early", "late"]),
        ({"sgnetwork": "globex"}, []),
    ],
)
def test_the_legacy_filters_of_profiles(graphql, world, make, hired, variables, expected):
    early, late = hired
    people = {name: getattr(world, name).profile.id for name in ("admin", "manager", "peer")}
    people |= {"employee": world.employee.profile.id}
    people |= {"early": early.profile.id, "late": late.profile.id}
    teams = {"engineering": world.engineering.id, "platform": world.platform.id}
    networks = {
        "acme": global_id("NetworkNode", world.admin.profile.network_id),
        "globex": str(world.other_admin.profile.network_id),
    }
    given = dict(variables)
    if "teams" in given:
        given["teams"] = [teams[name] for name in given["teams"]]
    if "tree" in given:
        given["tree"] = people[given["tree"]]
    if "sgnetwork" in given:
        given["sgnetwork"] = networks[given["sgnetwork"]]
    assert _pks(graphql, make, world.employee, **given) == sorted(people[n] for n in expected)


def test_profiles_with_a_review_in_a_cycle_the_caller_may_see(graphql, world, make):
    # The world's active cycle has the employee's review, with the manager as reviewer.
    make.review(world.cycle, world.peer, world.admin)
    cycle = world.cycle.id
    acme = [world.admin, world.manager, world.employee, world.peer]
    assert _pks(graphql, make, world.admin, reviewed=cycle) == sorted(
        u.profile.id for u in (world.employee, world.peer)
    )
    # The manager sees the review they write, not the peer's.
    assert _pks(graphql, make, world.manager, reviewed=cycle) == [world.employee.profile.id]
    assert _pks(graphql, make, world.manager, notReviewed=cycle) == sorted(
        u.profile.id for u in acme if u is not world.employee
    )
    # Another network's cycle has no review the caller may see.
    assert _pks(graphql, make, world.admin, reviewed=world.other_cycle.id) == []


def test_profiles_related_to_the_caller(graphql, world, make):
    outsider = make.user(email="outsider@acme.example")
    pks = {u: u.profile.id for u in (world.admin, world.manager, world.employee, world.peer)}
    # The employee's manager, the other report of that manager, and the teammate (the manager).
    assert _pks(graphql, make, world.employee, related=True) == sorted(
        [pks[world.manager], pks[world.peer]]
    )
    assert _pks(graphql, make, world.employee, related=False) == sorted(
        [pks[world.admin], pks[world.employee], outsider.profile.id]
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"sgnetwork": "Tm9wZTox"}, "sgnetwork: 'Tm9wZTox' is not the id of a NetworkNode."),
        ({"hireDate": "March 1st"}, "hireDate"),
        ({"hiredFrom": "2024-02-30"}, "hireDate_Gte"),
        ({"usernames": ["x" * 201]}, "username_In: at most 200 characters, not 201."),
        ({"usernames": ["a@b.example"] * 1001}, "username_In: at most 1000 names, not 1001."),
    ],
)
def test_a_bad_profiles_filter_is_the_callers_error(graphql, world, make, variables, message):
    answer = graphql(make.token(world.employee))(PROFILES, variables)
    assert answer["data"]["profiles"] is None
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert message in error["message"]


AROUND = """
query Around($pk: Int!, $reversed: Boolean) {
  profile(pk: $pk) {
    activationState profileUrl url
    teammates(first: 10) { totalCount edges { node { pk } } }
    relatedProfiles(first: 10) { totalCount edges { node { pk } } }
    userManagementTree(first: 10, reversed: $reversed) { totalCount edges { node { pk } } }
  }
}
"""


def _around(graphql, make, caller, user, reversed: bool = False) -> dict:
    variables = {"pk": user.profile.id, "reversed": reversed}
    profile = graphql(make.token(caller)).data(AROUND, variables)["profile"]
    for name in ("teammates", "relatedProfiles", "userManagementTree"):
        page = profile[name]
        profile[name] = [node["pk"] for node in nodes(page)]
        assert page["totalCount"] == len(profile[name])
    return profile


@checks(
    "UserProfileNode.activationState",
    "UserProfileNode.profileUrl",
    "UserProfileNode.teammates",
    "UserProfileNode.relatedProfiles",
    "UserProfileNode.userManagementTree",
)
def test_the_people_around_a_person(graphql, world, make):
    intern = make.user(email="intern@acme.example", reports_to=world.employee, activated=False)
    make.department(world.admin, "Guild", members=[world.employee, world.peer, intern])
    pks = {u: u.profile.id for u in (world.admin, world.manager, world.employee, world.peer)}
    employee = _around(graphql, make, world.peer, world.employee)
    assert employee["activationState"] == "activated"
    assert employee["profileUrl"] == employee["url"]
    # Engineering with the manager, the Guild with the peer and the intern.
    assert employee["teammates"] == sorted([pks[world.manager], pks[world.peer], intern.profile.id])
    assert employee["relatedProfiles"] == sorted(
        [pks[world.manager], pks[world.peer], intern.profile.id]
    )
    assert employee["userManagementTree"] == [pks[world.admin], pks[world.manager]]
    upward = _around(graphql, make, world.peer, world.employee, reversed=True)
    assert upward["userManagementTree"] == [pks[world.manager], pks[world.admin]]
    deactivated = _around(graphql, make, world.admin, intern)
    assert deactivated["activationState"] == "deactivated"
    assert deactivated["userManagementTree"] == [
        pks[world.admin],
        pks[world.manager],
        pks[world.employee],
    ]
    top = _around(graphql, make, world.admin, world.admin)
    assert top["userManagementTree"] == [] and top["teammates"] == []
    # The admin's one report.
    assert top["relatedProfiles"] == [pks[world.manager]]


CYCLE = """
query Cycle($pk: Int!, $day: String, $start: String, $end: String) {
  profile(pk: $pk) {
    cycle(forDate: $day) { startDate endDate }
    ownedObjectivesCountForCyclePagination(cycleStartDate: $start, cycleEndDate: $end) {
      before after
    }
  }
}
"""


@checks("UserProfileNode.cycle", "UserProfileNode.ownedObjectivesCountForCyclePagination")
def test_a_persons_business_cycle_and_objectives_around_it(graphql, world, make):
    for day in ("2025-12-31", "2026-01-01", "2026-04-01", "2026-05-01"):
        make.objective(world.peer, f"Due {day}", due_date=dt.date.fromisoformat(day))
    make.objective(world.peer, "Hidden", due_date=dt.date(2025, 1, 1), private=True)
    make.objective(world.employee, "Not the peer's", due_date=dt.date(2025, 1, 1))
    variables = {"pk": world.peer.profile.id, "day": "2026-05-10"}
    variables |= {"start": "2026-01-01", "end": "2026-03-31"}
    profile = graphql(make.token(world.employee)).data(CYCLE, variables)["profile"]
    # The network's cycles are three months long from January.
    assert (profile["cycle"]["startDate"][:10], profile["cycle"]["endDate"][:10]) == (
        "2026-04-01",
        "2026-06-30",
    )
    assert profile["ownedObjectivesCountForCyclePagination"] == {"before": 1, "after": 2}


PAGE_OF_PEOPLE = """
query Page($team: Float) {
  profiles(first: 1, teamId: $team) {
    managers(first: 10) { totalCount edges { node { pk } } }
    teams(first: 10) { totalCount edges { node { pk } } }
  }
}
"""


@checks("UserProfileConnection.managers", "UserProfileConnection.teams")
def test_the_managers_and_departments_of_a_page_of_people(graphql, world, make):
    make.department(world.admin, "Guild", members=[world.employee])
    guild_id = graphql(make.token(world.admin)).data(
        '{ teams(name: "Guild") { edges { node { pk } } } }'
    )["teams"]["edges"][0]["node"]["pk"]
    everyone = graphql(make.token(world.employee)).data(PAGE_OF_PEOPLE)["profiles"]
    # Over all pages, not the first only.
    assert [n["pk"] for n in nodes(everyone["managers"])] == sorted(
        [world.admin.profile.id, world.manager.profile.id]
    )
    assert [n["pk"] for n in nodes(everyone["teams"])] == [
        world.engineering.id,
        guild_id,
        world.platform.id,
    ]
    engineering = graphql(make.token(world.employee)).data(
        PAGE_OF_PEOPLE, {"team": world.engineering.id}
    )["profiles"]
    assert [n["pk"] for n in nodes(engineering["managers"])] == sorted(
        [world.admin.profile.id, world.manager.profile.id]
    )
    assert engineering["teams"]["totalCount"] == 2


ACTION_ITEMS = """
query Items($pk: Int!, $completed: Boolean) {
  profile(pk: $pk) {
    createdActionItems(first: 10, completed: $completed) { totalCount edges { node { pk } } }
    assignedActionItems(first: 10, orderBy: "-pk") { totalCount edges { node { pk } } }
    completedActionItems(first: 10) { totalCount edges { node { pk } } }
    uncompletedActionItems(first: 10) { totalCount edges { node { pk } } }
  }
}
"""


@checks(
    "UserProfileNode.createdActionItems",
    "UserProfileNode.assignedActionItems",
    "UserProfileNode.completedActionItems",
    "UserProfileNode.uncompletedActionItems",
)
def test_a_persons_action_items_among_the_callers(graphql, world, make):
    weekly = make.oneonone(world.manager, world.employee)
    mine = make.oneonone(world.manager, world.peer)
    written = make.action_item(weekly, world.manager, "Write tests", assignee=world.employee)
    done = make.action_item(
        weekly,
        world.manager,
        "Read the docs",
        assignee=world.employee,
        completed=True,
        completed_by_id=world.employee.profile.id,
        uncompleted_by_id=world.manager.profile.id,
    )
    # In the manager's 1-on-1 with the peer: the employee never sees it.
    make.action_item(mine, world.manager, "Plan", assignee=world.manager)

    def items(caller, person, **variables) -> dict[str, list[int]]:
        variables["pk"] = person.profile.id
        found = graphql(make.token(caller)).data(ACTION_ITEMS, variables)["profile"]
        return {name: [node["pk"] for node in nodes(page)] for name, page in found.items()}

    assert items(world.employee, world.manager) == {
        "createdActionItems": [written.id, done.id],
        "assignedActionItems": [],
        "completedActionItems": [],
        "uncompletedActionItems": [done.id],
    }
    assert items(world.employee, world.employee) == {
        "createdActionItems": [],
        "assignedActionItems": [done.id, written.id],
        "completedActionItems": [done.id],
        "uncompletedActionItems": [],
    }
    assert items(world.employee, world.manager, completed=False)["createdActionItems"] == [
        written.id
    ]
    # The peer is in neither 1-on-1 of the employee's.
    assert items(world.peer, world.employee)["assignedActionItems"] == []


COUNTS = """
query Counts($pk: Int!) {
  profile(pk: $pk) {
    count360FeedbackRequestsReceivedAsRecipient count360FeedbackRequestsCreated
    count360FeedbackRequestsReceivedAsResponder count360FeedbackRequestsResponded
    count360FeedbackRequestsNotResponded
  }
}
"""


def _counts(graphql, make, caller, person) -> list[int]:
    found = graphql(make.token(caller)).data(COUNTS, {"pk": person.profile.id})["profile"]
    return list(found.values())


@checks(
    "UserProfileNode.count360FeedbackRequestsReceivedAsRecipient",
    "UserProfileNode.count360FeedbackRequestsCreated",
    "UserProfileNode.count360FeedbackRequestsReceivedAsResponder",
    "UserProfileNode.count360FeedbackRequestsResponded",
    "UserProfileNode.count360FeedbackRequestsNotResponded",
)
def test_counts_of_requests_about_someone_else(graphql, world, make):
    # The world: the admin asked the employee about the manager, who answered.
    answered = make.feedback_request(
        world.manager, [world.peer, world.employee], subject=world.admin
    )
    make.feedback(world.peer, request=answered)
    make.feedback(world.employee, request=answered, submitted=False)
    make.feedback_request(world.peer, [world.employee], subject=world.peer)  # about its creator
    make.feedback(world.peer, recipient=world.employee, text="Unsolicited")
    # recipient, created, asked, responded, not responded
    assert _counts(graphql, make, world.employee, world.employee) == [0, 0, 2, 1, 1]
    assert _counts(graphql, make, world.manager, world.peer) == [0, 0, 1, 1, 0]
    # The manager is the subject of the world's request: they see its answers too.
    assert _counts(graphql, make, world.manager, world.employee) == [0, 0, 2, 1, 1]
    assert _counts(graphql, make, world.manager, world.manager) == [1, 1, 0, 0, 0]
    # The employee sees neither the peer's answer to the manager's request nor whether it is.
    assert _counts(graphql, make, world.employee, world.peer) == [0, 0, 1, 0, 0]
    assert _counts(graphql, make, world.employee, world.admin) == [1, 1, 0, 0, 0]
    # The admin made the world's request and is the subject of the manager's.
    assert _counts(graphql, make, world.admin, world.employee) == [0, 0, 2, 1, 1]


RESPONSES = """
query Responses($pk: Int!, $request: Int!) {
  profile(pk: $pk) {
    feedbackRequest(pk: $request) { pk }
    feedbackResponses(first: 10) {
      totalCount edges { node { profile { pk } feedbackRequest { pk } state feedback { pk } } }
    }
  }
}
"""


@checks("UserProfileNode.feedbackResponses", "UserProfileNode.feedbackRequest")
def test_a_persons_place_in_the_requests_that_ask_them(graphql, world, make):
    later = make.feedback_request(world.manager, [world.employee, world.peer], subject=world.peer)
    draft = make.feedback(world.employee, request=later, submitted=False)

    def responses(caller, request) -> tuple[dict | None, list[tuple]]:
        variables = {"pk": world.employee.profile.id, "request": request.id}
        found = graphql(make.token(caller)).data(RESPONSES, variables)["profile"]
        page = found["feedbackResponses"]
        listed = [
            (n["profile"]["pk"], n["feedbackRequest"]["pk"], n["state"], n["feedback"])
            for n in nodes(page)
        ]
        assert page["totalCount"] == len(listed)
        return found["feedbackRequest"], listed

    me = world.employee.profile.id
    # The employee sees their draft, and their answer to the world's request.
    request, own = responses(world.employee, later)
    assert request is None  # about the peer, not the employee
    assert own == [
        (me, later.id, 1, {"pk": draft.id}),
        (me, world.feedback_request.id, 2, {"pk": world.feedback.id}),
    ]
    # The peer (the subject of the later one) sees it not started, and no other request.
    assert responses(world.peer, later)[1] == [(me, later.id, 0, None)]
    # The manager asked about the peer: not started (a draft is its author's); the world's
    # request is about the manager, who sees the answer.
    assert responses(world.manager, later)[1] == [
        (me, later.id, 0, None),
        (me, world.feedback_request.id, 2, {"pk": world.feedback.id}),
    ]
    about_employee = make.feedback_request(world.admin, [world.peer], subject=world.employee)
    found, _ = responses(world.admin, about_employee)
    assert found == {"pk": about_employee.id}
