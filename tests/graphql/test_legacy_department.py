"""The legacy names of departments (legacy: teams) that Gaggle answers from its own data: the
`teams` filters by name, full name and reviews in a cycle, and a department's departments and
members at every depth, business cycle, objectives around a cycle and reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.graphql.conftest import nodes
from tests.graphql.fields import checks

TEAMS = """
query Teams($name: String, $fullName: String, $cycle: Int) {
  teams(name: $name, fullName: $fullName, hasSnapshotInGroup: $cycle) { edges { node { name } } }
}
"""


def _team_names(graphql, make, user, **variables) -> list[str]:
    data = graphql(make.token(user)).data(TEAMS, variables)
    return [n["name"] for n in nodes(data["teams"])]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"name": "Platform"}, ["Platform"]),
        ({"name": "platform"}, []),
        ({"name": "Engineering / Platform"}, []),
        ({"fullName": "Engineering / Platform"}, ["Platform"]),
        ({"fullName": "Engineering"}, ["Engineering"]),
        ({"fullName": "Platform"}, []),
    ],
)
def test_teams_by_name_and_full_name(graphql, world, make, variables, expected):
    assert _team_names(graphql, make, world.employee, **variables) == expected


def test_teams_with_a_review_in_a_cycle_the_caller_may_see(graphql, world, make):
    # The world's cycle reviews the employee (Engineering); now the peer (Platform) too.
    make.review(world.cycle, world.peer, world.manager)
    cycle = world.cycle.id
    assert _team_names(graphql, make, world.admin, cycle=cycle) == ["Engineering", "Platform"]
    # The employee sees their own review alone, the peer theirs.
    assert _team_names(graphql, make, world.employee, cycle=cycle) == ["Engineering"]
    assert _team_names(graphql, make, world.peer, cycle=cycle) == ["Platform"]
    later = make.review_cycle(world.admin, "2027 H1")
    assert _team_names(graphql, make, world.admin, cycle=later.id) == []
    assert _team_names(graphql, make, world.admin, cycle=world.other_cycle.id) == []


TEAM = """
query Team($pk: Int!, $deep: Boolean) {
  team(pk: $pk) {
    allSubDepartments { totalCount edges { node { name } } }
    allMembers { totalCount edges { node { pk } } }
    members { edges { node { pk } } }
    snapshots(includeSubdepartments: $deep) { edges { node { pk } } }
  }
}
"""


@checks("TeamNode.allSubDepartments", "TeamNode.allMembers")
def test_departments_and_members_at_every_depth(graphql, world, make):
    newcomer = make.user(network="Acme", email="newcomer@acme.example")
    infra = make.department(world.admin, "Infra", parent=world.platform, members=[newcomer])
    make.department(world.admin, "Apps", parent=world.engineering, members=[world.employee])
    graph = graphql(make.token(world.employee))

    def team(department) -> dict:
        return graph.data(TEAM, {"pk": department.id})["team"]

    engineering = team(world.engineering)
    assert [n["name"] for n in nodes(engineering["allSubDepartments"])] == [
        "Apps",
        "Infra",
        "Platform",
    ]
    # Each person once, though the employee belongs to Engineering and Apps.
    people = [world.manager, world.employee, world.peer, newcomer]
    assert [n["pk"] for n in nodes(engineering["allMembers"])] == sorted(
        u.profile.id for u in people
    )
    assert engineering["allMembers"]["totalCount"] == 4
    assert sorted(n["pk"] for n in nodes(engineering["members"])) == sorted(
        u.profile.id for u in (world.manager, world.employee)
    )
    platform = team(world.platform)
    assert [n["name"] for n in nodes(platform["allSubDepartments"])] == ["Infra"]
    assert [n["pk"] for n in nodes(platform["allMembers"])] == sorted(
        u.profile.id for u in (world.peer, newcomer)
    )
    assert team(infra)["allSubDepartments"]["totalCount"] == 0


@checks("TeamNode.snapshots")
def test_the_reviews_of_a_departments_members(graphql, world, make):
    peer_review = make.review(world.cycle, world.peer, world.manager)

    def reviews(user, department, deep=None) -> list[int]:
        variables = {"pk": department.id} | ({"deep": deep} if deep is not None else {})
        data = graphql(make.token(user)).data(TEAM, variables)
        return [n["pk"] for n in nodes(data["team"]["snapshots"])]

    assert reviews(world.admin, world.engineering) == [world.review.id]
    assert reviews(world.admin, world.engineering, deep=False) == [world.review.id]
    assert reviews(world.admin, world.engineering, deep=True) == [world.review.id, peer_review.id]
    assert reviews(world.admin, world.platform) == [peer_review.id]
    # The employee sees their own review, not the peer's.
    assert reviews(world.employee, world.engineering, deep=True) == [world.review.id]


CYCLE = """
query Cycle($pk: Int!, $day: String, $start: String, $end: String) {
  team(pk: $pk) {
    cycle(forDate: $day) { startDate endDate cycleLengthMonths cycleStartMonth }
    objectivesCountForCyclePagination(cycleStartDate: $start, cycleEndDate: $end) {
      before after
    }
  }
}
"""


@checks("TeamNode.cycle")
def test_a_departments_business_cycle(graphql, world, make):
    graph = graphql(make.token(world.employee))
    # Acme keeps the default: cycles of 3 months from January.
    data = graph.data(CYCLE, {"pk": world.engineering.id, "day": "2026-05-10"})
    assert data["team"]["cycle"] == {
        "startDate": "2026-04-01T00:00:00+00:00",
        "endDate": "2026-06-30T00:00:00+00:00",
        "cycleLengthMonths": 3,
        "cycleStartMonth": 1,
    }
    today = dt.datetime.now(dt.UTC).date()
    cycle = graph.data(CYCLE, {"pk": world.engineering.id})["team"]["cycle"]
    # Either side of the day the server read, so that the test holds across a midnight.
    assert cycle["startDate"][:10] <= str(today + dt.timedelta(days=1))
    assert cycle["endDate"][:10] >= str(today - dt.timedelta(days=1))


@checks("TeamNode.objectivesCountForCyclePagination")
def test_a_departments_objectives_before_and_after_a_cycle(graphql, world, make):
    def due(day: str, department=world.engineering, **fields):
        make.objective(
            world.manager,
            f"Due {day}",
            department_id=department.id,
            due_date=dt.date.fromisoformat(day),
            **fields,
        )

    for day in ("2026-03-31", "2026-04-01", "2026-06-30", "2026-07-01", "2026-09-01"):
        due(day)
    due("2026-01-05", department=world.platform)
    due("2026-10-05", private=True)
    make.objective(world.manager, "Undated", department_id=world.engineering.id)
    window = {"start": "2026-04-01", "end": "2026-06-30"}

    def counts(user) -> dict:
        data = graphql(make.token(user)).data(CYCLE, {"pk": world.engineering.id} | window)
        return data["team"]["objectivesCountForCyclePagination"]

    assert counts(world.manager) == {"before": 1, "after": 3}
    # The private objective is the manager's: the employee does not count it.
    assert counts(world.employee) == {"before": 1, "after": 2}
