"""The legacy names of the objective area that Gaggle answers from its own data: the legacy
filters of `objectives`, an objective's grade, latest assessment and progress step, a key
result's place, and a person's check-ins."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.graphql.conftest import nodes
from tests.graphql.fields import checks

OBJECTIVES = """
query Objectives(
  $owner: Float, $name: String, $due: String, $startsBy: String, $types: [Int],
  $aligned: Boolean, $draft: Boolean, $parents: [Int], $range: [String]
) {
  objectives(
    first: 50, owner: $owner, name: $name, dueDatetime: $due, startDateLte: $startsBy,
    objectiveType_In: $types, aligned: $aligned, isDraft: $draft, parentObjective_In: $parents,
    validInDateRange: $range
  ) { edges { node { pk } } }
}
"""


@pytest.fixture
def peers(world, make):
    """The peer's objectives: one aligned to the company's, a draft, a private one and one
    without days."""
    utc = dt.UTC
    return {
        "aligned": make.objective(
            world.peer,
            "Q3 launch",
            start_date=dt.date(2026, 7, 1),
            due_date=dt.date(2026, 9, 30),
            parent_id=world.company.id,
        ),
        "draft": make.objective(
            world.peer,
            "Draft plan",
            draft=True,
            due_date=dt.date(2026, 9, 30),
            created=dt.datetime(2026, 11, 1, tzinfo=utc),
        ),
        "private": make.objective(
            world.peer, "Hidden", private=True, start_date=dt.date(2026, 1, 1)
        ),
        "someday": make.objective(
            world.peer, "Someday", created=dt.datetime(2026, 1, 10, 12, tzinfo=utc)
        ),
    }


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"name": "Q3 launch"}, ["aligned"]),
        ({"name": "q3 launch"}, []),
        ({"due": "2026-09-30"}, ["aligned", "draft"]),
        ({"due": "2026-09-30T23:00:00Z"}, ["aligned", "draft"]),
        ({"startsBy": "2026-07-01"}, ["aligned"]),
        ({"startsBy": "2026-06-30"}, []),
        ({"types": [1, 2]}, ["aligned", "draft", "someday"]),
        ({"types": [3]}, []),
        ({"aligned": True}, ["aligned"]),
        ({"aligned": False}, ["draft", "someday"]),
        ({"draft": True}, ["draft"]),
        ({"draft": False}, ["aligned", "someday"]),
        ({"parents": ["company"]}, ["aligned"]),
        ({"range": ["2026-08-01", "2026-08-31"]}, ["aligned", "someday"]),
        ({"range": ["2025-01-01", "2026-01-09"]}, []),
        ({"range": ["2026-10-01", "2026-12-31"]}, ["someday"]),
        ({"range": ["2026-02-01", "2026-07-01T10:00:00Z"]}, ["aligned", "someday"]),
    ],
)
def test_the_legacy_filters_of_objectives(graphql, world, make, peers, variables, expected):
    given = {"owner": world.peer.profile.id, **variables}
    if "parents" in given:
        given["parents"] = [world.company.id]
    data = graphql(make.token(world.employee)).data(OBJECTIVES, given)
    found = [node["pk"] for node in nodes(data["objectives"])]
    assert found == sorted(peers[name].id for name in expected)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"range": ["2026-01-01"]}, "validInDateRange: two days"),
        ({"range": ["2026-01-01", None]}, "validInDateRange: two days"),
        ({"range": ["2026-01-01", "soon"]}, "validInDateRange"),
        ({"due": "2026-02-30"}, "dueDatetime"),
        ({"startsBy": "yesterday"}, "startDateLte"),
        ({"types": [1] * 1001}, "objectiveType_In: at most 1000 ids"),
    ],
)
def test_a_bad_objectives_filter_is_the_callers_error(graphql, world, make, variables, message):
    answer = graphql(make.token(world.employee))(OBJECTIVES, variables)
    assert answer["data"]["objectives"] is None
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert message in error["message"]


OBJECTIVE = """
query Objective($pk: Int!) {
  objective(pk: $pk) { url objectiveUrl grade overallAssessmentStatus progressDelta progress }
}
"""


@checks(
    "ObjectiveNode.grade",
    "ObjectiveNode.overallAssessmentStatus",
    "ObjectiveNode.progressDelta",
    "ObjectiveNode.objectiveUrl",
)
def test_an_objectives_grade_latest_assessment_and_progress_step(graphql, world, make):
    ship = make.objective(world.employee, "Ship the docs")
    pages = make.key_result(ship, "Pages", measurement_type=1, target_value=100.0)

    def seen() -> dict:
        return graphql(make.token(world.peer)).data(OBJECTIVE, {"pk": ship.id})["objective"]

    before = seen()
    assert before["objectiveUrl"] == before["url"]
    assert [before[k] for k in ("grade", "overallAssessmentStatus", "progressDelta")] == [None] * 3
    make.checkin(ship, world.employee, "Started", values={pages: 40.0}, assessment_status=1)
    assert [seen()[k] for k in ("grade", "overallAssessmentStatus", "progressDelta")] == [
        None,
        1,
        40.0,
    ]
    make.checkin(ship, world.employee, "Rewrote", values={pages: 30.0}, assessment_status=2)
    assert [seen()[k] for k in ("grade", "overallAssessmentStatus", "progressDelta")] == [
        None,
        2,
        -10.0,
    ]
    make.checkin(
        ship,
        world.employee,
        "Done",
        values={pages: 80.0},
        close_objective=True,
        final_assessment=75.0,
    )
    closed = seen()
    assert [closed[k] for k in ("grade", "overallAssessmentStatus", "progressDelta")] == [
        75.0,
        None,
        50.0,
    ]
    assert closed["progress"] == 80.0


KEY_RESULT = "query KeyResult($pk: Int!) { keyResult(pk: $pk) { order } }"


@checks("KeyResultNode.order")
def test_a_key_results_place_among_its_objectives(graphql, world, make):
    third = make.key_result(world.employee_objective, "Docs")
    places = [
        graphql(make.token(world.employee)).data(KEY_RESULT, {"pk": kr.id})["keyResult"]["order"]
        for kr in (world.endpoints, world.launch, third)
    ]
    assert places == [0, 1, 2]


CHECKINS = """
query Checkins($pk: Int!) {
  profile(pk: $pk) { checkins(first: 10) { totalCount edges { node { pk } } } }
}
"""


@checks("UserProfileNode.checkins")
def test_the_checkins_a_person_made_on_objectives_the_caller_sees(graphql, world, make):
    secret = make.objective(world.employee, "Secret", private=True)
    hidden = make.checkin(secret, world.employee, "Quietly")
    later = make.checkin(world.employee_objective, world.employee, "Later")
    make.checkin(world.employee_objective, world.peer, "Mine", values={world.launch: 1.0})

    def checkins(caller) -> list[int]:
        variables = {"pk": world.employee.profile.id}
        page = graphql(make.token(caller)).data(CHECKINS, variables)["profile"]["checkins"]
        assert page["totalCount"] == len(page["edges"])
        return [node["pk"] for node in nodes(page)]

    assert checkins(world.employee) == [later.id, hidden.id, world.checkin.id]
    assert checkins(world.peer) == [later.id, world.checkin.id]


SUMMARY_FIELDS = (
    "owned stakeholder draft nonDraft aligned unaligned private checkins noStatus onTrack "
    "offTrack avgProgress"
)
SUMMARIES = f"""
query Summaries($pk: Int!, $from: Date, $until: Date, $team: Float) {{
  profile(pk: $pk) {{ objectiveSummary(fromDate: $from, untilDate: $until) {{ {SUMMARY_FIELDS} }} }}
  profiles(first: 1, teamId: $team) {{
    objectiveSummary(fromDate: $from, untilDate: $until) {{ {SUMMARY_FIELDS} }}
  }}
}}
"""


@checks(
    "UserProfileNode.objectiveSummary",
    "UserProfileConnection.objectiveSummary",
    *(f"ObjectiveSummaryNode.{name}" for name in SUMMARY_FIELDS.split()),
)
def test_counts_over_the_objectives_people_own(graphql, world, make, peers):
    # The peer's: aligned (due in September), a draft, a private one and one without days;
    # the aligned one is on track at 50%, the private one off track, the draft checked in
    # without an assessment.
    ship = make.key_result(peers["aligned"], "Ship", measurement_type=1, target_value=100.0)
    make.checkin(peers["aligned"], world.peer, "Off", assessment_status=2)
    make.checkin(peers["aligned"], world.peer, "Half", values={ship: 50.0}, assessment_status=1)
    make.checkin(peers["private"], world.peer, "Stuck", assessment_status=2)
    make.checkin(peers["draft"], world.peer, "Started")
    # The manager and the peer own the engineering objective together.
    make.objective(
        world.manager,
        "Shared",
        owners=[world.manager, world.peer],
        created=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    # The peer has a stake in the employee's objective, and in the admin's private one.
    make.objective(world.employee, "Staked", stakeholders=[world.peer])
    make.objective(world.admin, "Staked, private", private=True, stakeholders=[world.peer])

    def summaries(caller, **variables) -> tuple[dict, dict]:
        variables = {"pk": world.peer.profile.id, **variables}
        data = graphql(make.token(caller)).data(SUMMARIES, variables)
        return data["profile"]["objectiveSummary"], data["profiles"]["objectiveSummary"]

    mine, _ = summaries(world.peer)
    assert mine == {
        "owned": 5,
        "stakeholder": 1,  # the private one of the admin's is hidden from the peer
        "draft": 1,
        "nonDraft": 4,
        "aligned": 1,
        "unaligned": 4,
        "private": 1,
        "checkins": 4,
        "noStatus": 3,
        "onTrack": 1,
        "offTrack": 1,
        "avgProgress": 10.0,
    }
    # The employee does not see the private one.
    seen, _ = summaries(world.employee)
    assert (seen["owned"], seen["private"], seen["checkins"], seen["offTrack"]) == (4, 0, 3, 0)
    assert seen["avgProgress"] == 12.5
    # Between August and October: the aligned one and the three without a due day that began
    # by then; not the draft, made in November.
    window, _ = summaries(world.peer, **{"from": "2026-08-01", "until": "2026-10-31"})
    assert (window["owned"], window["draft"], window["aligned"]) == (4, 0, 1)
    # Platform's one member is the peer; all of Acme owns every objective of the world's too.
    _, platform = summaries(world.employee, team=world.platform.id)
    assert platform == seen
    _, everyone = summaries(world.employee)
    # The company's, engineering's, and the employee's two.
    assert everyone["owned"] == 4 + 4
    # Objectives without a due day have no end; none of the peer's began in 2025.
    later, _ = summaries(world.peer, **{"from": "2030-01-01"})
    assert later["owned"] == 3
    nobody, _ = summaries(world.peer, until="2025-12-31")
    assert nobody["owned"] == 0 and nobody["avgProgress"] is None


CREATE = """
mutation Create($objective: NewObjectiveInput!) {
  createObjective(objective: $objective) {
    objective { keyResults(first: 5) { edges { node { name description creator { pk } } } } }
    userErrors { message }
  }
}
"""


def test_a_key_result_created_with_its_objective_keeps_its_description(graphql, world, make):
    key_result = {
        "name": "Pages",
        "description": "Every guide page.",
        "startingValue": 0,
        "targetValue": 10,
        "measurementType": 3,
    }
    objective = {"name": "Write the guide", "objectiveType": 1, "keyResults": [key_result]}
    answer = graphql(make.token(world.peer)).data(CREATE, {"objective": objective})
    created = answer["createObjective"]
    assert created["userErrors"] == []
    assert nodes(created["objective"]["keyResults"]) == [
        {
            "name": "Pages",
            "description": "Every guide page.",
            "creator": {"pk": world.peer.profile.id},
        }
    ]


STAKES = """
query Stakes($stakeholder: Float, $either: Float) {
  objectives(first: 50, stakeholder: $stakeholder, ownerOrStakeholder: $either) {
    edges { node { pk stakeholders(first: 5) { edges { node { pk } } } } }
  }
}
"""


def test_objectives_by_their_stakeholders(graphql, world, make):
    staked = make.objective(world.employee, "Staked", stakeholders=[world.peer, world.manager])
    hidden = make.objective(world.admin, "Private", private=True, stakeholders=[world.peer])
    peer = world.peer.profile.id

    def found(caller, **variables) -> dict[int, list[int]]:
        data = graphql(make.token(caller)).data(STAKES, variables)["objectives"]
        return {n["pk"]: [s["pk"] for s in nodes(n["stakeholders"])] for n in nodes(data)}

    both = sorted([world.manager.profile.id, peer])
    assert found(world.employee, stakeholder=peer) == {staked.id: both}
    # A stake shows no private objective to its stakeholder.
    assert found(world.peer, stakeholder=peer) == {staked.id: both}
    assert found(world.admin, stakeholder=peer) == {staked.id: both, hidden.id: [peer]}
    # The peer owns none of the world's objectives but has a key result of the employee's.
    mine = make.objective(world.peer, "Mine")
    assert sorted(found(world.employee, either=peer)) == [staked.id, mine.id]


CREATE_STAKED = """
mutation Create($objective: NewObjectiveInput!) {
  createObjective(objective: $objective) {
    objective { pk stakeholders(first: 5) { edges { node { pk } } } }
    userErrors { field message }
  }
}
"""


def test_an_objective_is_created_with_its_stakeholders(graphql, world, make):
    objective = {"name": "Hire", "objectiveType": 1, "stakeholders": [world.admin.profile.id]}
    created = graphql(make.token(world.manager)).data(CREATE_STAKED, {"objective": objective})
    answer = created["createObjective"]
    assert answer["userErrors"] == []
    assert nodes(answer["objective"]["stakeholders"]) == [{"pk": world.admin.profile.id}]
    outsider = {"name": "Hire", "objectiveType": 1, "stakeholders": [world.other_user.profile.id]}
    refused = graphql(make.token(world.manager)).data(CREATE_STAKED, {"objective": outsider})
    [error] = refused["createObjective"]["userErrors"]
    assert error["field"] == ["objective", "stakeholders"], error


WEIGHTS = """
query Weights($pk: Int!) {
  objective(pk: $pk) {
    weight childObjectivesWeightedProgress childObjectivesHaveNoWeight
    childObjectives(first: 10) { edges { node { pk weight } } }
  }
}
"""


@checks(
    "ObjectiveNode.weight",
    "ObjectiveNode.childObjectivesWeightedProgress",
    "ObjectiveNode.childObjectivesHaveNoWeight",
)
def test_the_weighted_progress_of_the_objectives_aligned_to_one(graphql, world, make):
    parent = make.objective(world.manager, "Grow")
    quarter = make.objective(world.manager, "Quarter done", parent_id=parent.id)
    make.key_result(quarter, "Part", measurement_type=3, target_value=100.0, current_value=25.0)
    half = make.objective(world.employee, "Half done", parent_id=parent.id)
    make.key_result(half, "Part", measurement_type=3, target_value=100.0, current_value=50.0)

    def weights(caller) -> dict:
        return graphql(make.token(caller)).data(WEIGHTS, {"pk": parent.id})["objective"]

    even = weights(world.manager)
    assert even["weight"] == 1
    assert even["childObjectivesWeightedProgress"] == 37.5
    assert even["childObjectivesHaveNoWeight"] is True
    # Weighted 3 to 1, the half done objective counts three times as much.
    changed = graphql(make.token(world.employee)).data(
        UPDATE_WEIGHT, {"objective": {"pk": half.id, "weight": 3}}
    )["updateObjective"]
    assert changed == {"objective": {"weight": 3}, "userErrors": []}
    weighted = weights(world.manager)
    assert weighted["childObjectivesWeightedProgress"] == 43.75
    assert weighted["childObjectivesHaveNoWeight"] is False
    assert sorted(n["weight"] for n in nodes(weighted["childObjectives"])) == [1, 3]
    # A child the caller does not see counts for nothing.
    hidden = make.objective(world.admin, "Hidden", private=True, parent_id=parent.id, weight=5)
    make.key_result(hidden, "Part", measurement_type=3, target_value=100.0, current_value=100.0)
    assert weights(world.manager)["childObjectivesWeightedProgress"] == 43.75
    # (25 + 3 × 50 + 5 × 100) / 9
    assert weights(world.admin)["childObjectivesWeightedProgress"] == 75.0
    alone = graphql(make.token(world.manager)).data(WEIGHTS, {"pk": quarter.id})["objective"]
    assert alone["childObjectivesWeightedProgress"] is None
    assert alone["childObjectivesHaveNoWeight"] is True


UPDATE_WEIGHT = """
mutation Update($objective: ExistingObjectiveInput!) {
  updateObjective(objective: $objective) { objective { weight } userErrors { field message } }
}
"""


def test_a_weight_out_of_bounds_is_refused(graphql, world, make):
    objective = make.objective(world.manager, "Grow")
    refused = graphql(make.token(world.manager)).data(
        UPDATE_WEIGHT, {"objective": {"pk": objective.id, "weight": 101}}
    )["updateObjective"]
    [error] = refused["userErrors"]
    assert error["field"] == ["objective", "weight"], error


FOLLOWERS = """
query Followed($follower: Float, $pk: Int!) {
  objectives(first: 50, follower: $follower) {
    edges { node { pk followers(first: 5) { edges { node { pk } } } } }
  }
  profile(pk: $pk) { objectiveSummary { following } }
}
"""

FOLLOW = """
mutation Follow($pk: Int!) {
  followObjective(objective: $pk) {
    objective { pk followers(first: 5) { edges { node { pk } } } }
    userErrors { field message }
  }
}
"""

UNFOLLOW = """
mutation Unfollow($pk: Int!) {
  unfollowObjective(objective: $pk) {
    objective { followers(first: 5) { edges { node { pk } } } }
    userErrors { field message }
  }
}
"""


@checks(
    "ObjectiveNode.followers",
    "ObjectiveSummaryNode.following",
    "Mutation.followObjective",
    "Mutation.unfollowObjective",
    "FollowObjective.objective",
    "FollowObjective.userErrors",
    "UnfollowObjective.objective",
    "UnfollowObjective.userErrors",
)
def test_people_follow_objectives_they_see(graphql, world, make):
    followed = make.objective(world.employee, "Followed", followers=[world.manager])
    hidden = make.objective(world.admin, "Private", private=True, followers=[world.peer])
    peer, manager = world.peer.profile.id, world.manager.profile.id

    def found(caller, follower: int) -> tuple[dict[int, list[int]], int]:
        data = graphql(make.token(caller)).data(FOLLOWERS, {"follower": follower, "pk": follower})
        objectives = data["objectives"]
        following = data["profile"]["objectiveSummary"]["following"]
        return {n["pk"]: [f["pk"] for f in nodes(n["followers"])] for n in nodes(objectives)}, (
            following
        )

    assert found(world.employee, manager) == ({followed.id: [manager]}, 1)
    # Following shows no private objective to its follower, nor counts it to anyone else.
    assert found(world.peer, peer) == ({}, 0)
    assert found(world.admin, peer) == ({hidden.id: [peer]}, 1)

    peer_graphql = graphql(make.token(world.peer))
    answer = peer_graphql.data(FOLLOW, {"pk": followed.id})["followObjective"]
    assert answer["userErrors"] == []
    assert [f["pk"] for f in nodes(answer["objective"]["followers"])] == sorted([manager, peer])
    # Following twice changes nothing, and says so.
    again = peer_graphql.data(FOLLOW, {"pk": followed.id})["followObjective"]
    assert again["userErrors"][0]["message"].startswith("Nothing to change"), again
    assert found(world.employee, peer) == ({followed.id: sorted([manager, peer])}, 1)
    gone = peer_graphql.data(UNFOLLOW, {"pk": followed.id})["unfollowObjective"]
    assert gone["userErrors"] == []
    assert nodes(gone["objective"]["followers"]) == [{"pk": manager}]
    twice = peer_graphql.data(UNFOLLOW, {"pk": followed.id})["unfollowObjective"]
    assert twice["objective"] is None
    assert twice["userErrors"][0]["message"].startswith("Nothing to change"), twice
    # An objective the caller does not see cannot be followed.
    refused = graphql(make.token(world.employee)).data(FOLLOW, {"pk": hidden.id})
    [error] = refused["followObjective"]["userErrors"]
    assert error == {"field": None, "message": f"No objective with id {hidden.id}."}
    assert refused["followObjective"]["objective"] is None


PARTICIPANTS = """
query Participants($pk: Int!) {
  objective(pk: $pk) { participants(first: 10) { edges { node { pk } } } }
}
"""


@checks("ObjectiveNode.participants")
def test_everyone_who_takes_part_in_an_objective_once(graphql, world, make):
    objective = make.objective(
        world.employee,
        "Shared",
        owners=[world.employee, world.manager],
        stakeholders=[world.manager, world.peer],
        followers=[world.peer, world.admin],
    )
    data = graphql(make.token(world.peer)).data(PARTICIPANTS, {"pk": objective.id})
    found = [node["pk"] for node in nodes(data["objective"]["participants"])]
    people = (world.employee, world.manager, world.peer, world.admin)
    assert found == sorted(person.profile.id for person in people)
    alone = make.objective(world.peer, "Alone")
    data = graphql(make.token(world.peer)).data(PARTICIPANTS, {"pk": alone.id})
    assert nodes(data["objective"]["participants"]) == [{"pk": world.peer.profile.id}]


CONTRIBUTING = """
query Contributing($pk: Int!) {
  objective(pk: $pk) { contributingTeams(first: 10) { edges { node { pk name } } } }
}
"""


@checks("ObjectiveNode.contributingTeams")
def test_the_departments_that_contribute_to_an_objective_by_name(graphql, world, make):
    sales = make.department(world.admin, "Sales")
    objective = make.objective(
        world.employee, "Shared", contributing_teams=[sales, world.engineering]
    )
    data = graphql(make.token(world.peer)).data(CONTRIBUTING, {"pk": objective.id})
    assert nodes(data["objective"]["contributingTeams"]) == [
        {"pk": world.engineering.id, "name": "Engineering"},
        {"pk": sales.id, "name": "Sales"},
    ]
    alone = make.objective(world.employee, "Alone")
    data = graphql(make.token(world.peer)).data(CONTRIBUTING, {"pk": alone.id})
    assert nodes(data["objective"]["contributingTeams"]) == []
