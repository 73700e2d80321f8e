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
