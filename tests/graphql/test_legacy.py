"""Queries written the way clients of the legacy platform's GraphQL API wrote them (its names,
arguments and shapes for Gaggle's nine areas) run unchanged against Gaggle.

Each document is valid against Gaggle's schema and answers without errors, and is checked
against the legacy schema (tests/graphql/legacy.py finds it), proving it is a query the legacy
API took.
"""

from __future__ import annotations

import pytest
from graphql import build_schema, parse, validate

from gaggle.graph import sdl
from gaggle.graph.limits import MAX_COST
from tests.graphql import legacy
from tests.graphql.conftest import API, nodes

CURRENT_USER = """
query CurrentUser {
  currentUser {
    id pk url username position phoneNumber isManager isAdmin canChange canDelete
    user { id pk firstName lastName email }
    reportsTo { pk user { firstName lastName } }
    profileImageUrl(size: 100)
    ownedObjectives(first: 5, closed: false) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { pk name progress dueDatetime keyResults(first: 10) {
        edges { node { pk name measurementType startingValue targetValue currentValue
          progress canCheckin } } } } }
    }
  }
  __cost
}
"""
PROFILES = """
query People($pk: Int!, $manager: ID) {
  profile(pk: $pk) { pk fullName isManager user { email } }
  profiles(first: 10, offset: 0, reportsTo: $manager, isManager: false, orderBy: "lastName") {
    totalCount
    edges { node { ... on DRFNode { pk url } ... on Node { id } username } }
  }
}
"""
NETWORK_AND_TEAMS = """
query Org($team: Int!) {
  network { pk name businessCycleLength businessCycleStartMonth }
  team(pk: $team) {
    pk name fullName parent { pk name }
    members(first: 20) { edges { node { pk } } }
    leaders { edges { node { pk } } }
    subDepartments { edges { node { pk name } } }
  }
  teams(hasParent: false, orderBy: "name") { edges { node { pk name fullName } } }
}
"""
RECOGNITIONS = """
query Wall($recipient: Int) {
  recognitions(first: 20, recipientId: $recipient, awardedDate_Gte: "2000-01-01",
               orderBy: "-awardedDate") {
    edges { node {
      pk message awardedDate recognitionWebViewUrl
      sender { pk user { firstName } } recipient { pk } badge { pk name active }
    } }
  }
  badges(offset: 0, first: 50) { edges { node { pk name active } } }
}
"""
ONEONONES = """
query Meetings($pk: Int!, $item: Int!, $participant: Float) {
  oneonone(pk: $pk) {
    pk name startTime endTime canComplete
    facilitator { pk } participant { pk } scheduledBy { pk }
    actionItems(first: 10) { edges { node { pk title completed } } }
  }
  oneonones(participant: $participant, startTime_Gte: "2000-01-01T00:00:00+00:00") {
    edges { node { pk name } }
  }
  actionItem(pk: $item) { pk title dueDate completed creator { pk } assignedTo { pk }
    createdInOneonone { pk } }
  actionItems(completed: false, oneonone: $pk) { edges { node { pk title } } }
}
"""
ONEONONE_HISTORY = """
query History($me: Int, $facilitator: Float, $since: String) {
  oneonones(status: 2, facilitator: $facilitator, participants: [$me],
             completedDatetime_Gte: $since, endTime_Lte: "2100-01-01T00:00:00+00:00",
             orderBy: "-startTime", first: 10) {
    totalCount
    edges { node {
      pk status scheduledAt startTime endTime updatedTime completedDatetime completedTime
      createdActionItems(orderBy: "-dueDate", completed: true) { edges { node { pk } } }
    } }
  }
  actionItems(assignedTo: $me, completedBy: $me, orderBy: "-completedDatetime", first: 20) {
    edges { node {
      pk title description dueDate completed completedDatetime assignedDatetime
      uncompletedDatetime completedBy { pk } uncompletedBy { pk } assignedTo { pk }
      network { pk } participants { edges { node { pk } } }
      createdInOneonone { pk completedDatetime }
    } }
  }
}
"""
FEEDBACK = """
query Feedback($feedback: Int!, $request: Int!) {
  feedback(pk: $feedback) { pk state submittedTimestamp feedbackRequest { pk } }
  feedbacks(first: 10, orderBy: "-created") { edges { node { pk state } } }
  feedbackRequest(pk: $request) {
    pk dueDatetime created state acceptingSubmissions sentDate numResponsesSubmitted
    creator { pk } recipient { pk }
    allResponders { edges { node { pk } } }
    feedbacks { edges { node { pk state } } }
  }
  feedbackRequests(first: 10) { edges { node { pk } } }
}
"""
FEEDBACK_REQUESTS = """
query Requests($me: Int, $since: String) {
  feedbackRequests(
    first: 10, orderBy: "-sentDate", sentDateGte: $since, state: 1, myReports: false,
    profileRelevance: {profile: $me, includeFromProfile: true, includeForProfile: true,
                       includeSharedWithProfile: false}
  ) {
    edges { node {
      pk title description dueDatetime enforceDueDatetime publishedDatetime type
      acceptingSubmissions currentUserManagesCreator canViewResponses canViewAllResponses
      responders(first: 20) { totalCount edges { node {
        state modified profile { pk } feedback { pk submittedTimestamp } feedbackRequest { pk }
      } } }
      feedbacks { edges { node { pk responder { state profile { pk } } } } }
    } }
  }
}
"""
ORGANIZATION = """
query Organization($team: Int!, $day: String) {
  network {
    pk name networkLogoImg networkLogoImgUrl(width: 120, height: 40)
    cycle(forDate: $day) { startDate endDate cycleLengthMonths cycleStartMonth }
    objectivesCountForCyclePagination(cycleStartDate: "2026-01-01", cycleEndDate: "2026-03-31") {
      before after
    }
  }
  team(pk: $team) {
    pk fullName
    allSubDepartments(first: 50) { edges { node { pk fullName } } }
    allMembers(first: 50) { totalCount edges { node { pk } } }
    cycle(forDate: $day) { startDate endDate }
    objectivesCountForCyclePagination { before after }
    snapshots(includeSubdepartments: true, first: 10) { edges { node { pk state } } }
  }
  teams(name: "Platform", fullName: "Engineering / Platform") { edges { node { pk } } }
}
"""
OBJECTIVES = """
query Goals($pk: Int!, $keyResult: Int!, $owner: Float) {
  objective(pk: $pk) {
    pk name description closed draft private startDate dueDatetime objectiveType progress
    creator { pk }
    owners { edges { node { pk } } }
    parentObjectives { edges { node { pk } } }
    childObjectives { edges { node { pk } } }
    keyResults(first: 10) { edges { node { pk name weight measurementType } } }
    checkins { edges { node { pk message status } } }
    lastCheckin { pk }
  }
  objectives(owner: $owner, closed: false, orderBy: "-dueDatetime", first: 20) {
    totalCount edges { node { pk name } }
  }
  keyResult(pk: $keyResult) { pk name startingValue targetValue currentValue updated owners {
    edges { node { pk } } } }
}
"""
SNAPSHOTS = """
query Reviews($subject: Int, $manager: Int) {
  snapshots(forUser: $subject, first: 10) {
    edges { node {
      pk state nextState showManagerAnswers employeeAnswersDue managerAnswersDue
      canTransitionToNextState forUser { pk } manager { pk }
      snapshotGroup { pk title startDate endDate state }
    } }
  }
  myTeam: snapshots(forUserReportsTo: $manager, forUserHasTeam: true, stateNeq: 4,
                    orderBy: "-pk", first: 10) {
    totalCount stateSummary currentStateSummary
    edges { node {
      pk position canViewAnswers creator { pk }
      assignedToProfiles(first: 1) { edges { node { pk } } }
      snapshotGroup { pk creator { pk } isComplete }
    } }
  }
  snapshotGroups(published: true, searchTitle: "h2", orderBy: "-startDate", first: 5) {
    edges { node { pk title } }
  }
}
"""
CHECKIN = """
mutation CheckIn($objective: Int!, $keyResults: [KeyResultInputNode]) {
  createCheckin(objectivePk: $objective, message: "Halfway there", assessmentStatus: 1,
                closeObjective: false, keyResults: $keyResults) {
    checkin { pk message status }
    objective { pk progress keyResults { edges { node { pk currentValue progress } } } }
  }
}
"""

DOCUMENTS = {
    "currentUser": CURRENT_USER,
    "profiles": PROFILES,
    "networkAndTeams": NETWORK_AND_TEAMS,
    "recognitions": RECOGNITIONS,
    "oneonones": ONEONONES,
    "oneononeHistory": ONEONONE_HISTORY,
    "feedback": FEEDBACK,
    "feedbackRequests": FEEDBACK_REQUESTS,
    "organization": ORGANIZATION,
    "objectives": OBJECTIVES,
    "snapshots": SNAPSHOTS,
    "createCheckin": CHECKIN,
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_document_is_valid_against_gaggles_schema(name):
    from gaggle.graph.schema import schema

    document = parse(DOCUMENTS[name].replace("__cost", "__cost: queryCost"))
    assert validate(schema().graphql, document) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_document_is_valid_against_the_legacy_schema(name):
    # The dump declares `__cost` on Query, a name GraphQL reserves: read it as `legacyCost`.
    text = legacy.sdl().replace("__cost", "legacyCost")
    document = DOCUMENTS[name].replace("__cost", "__cost: legacyCost")
    assert validate(build_schema(text), parse(document)) == []


def test_the_sdl_is_gaggles_own(world):
    # Served from the package, not a copy of the legacy dump (which has hundreds of types).
    assert "snapshotGroup" in sdl.text() and "growthPlan" not in sdl.text()


def test_current_user_with_owned_objectives_and_their_key_results(graphql, world, make):
    data = graphql(make.token(world.employee)).data(CURRENT_USER)
    me = data["currentUser"]
    assert me["pk"] == world.employee.profile.id
    assert me["user"]["email"] == "employee@acme.example"
    assert me["reportsTo"]["pk"] == world.manager.profile.id
    assert me["canChange"] is True and me["canDelete"] is False
    [objective] = nodes(me["ownedObjectives"])
    assert objective["pk"] == world.employee_objective.id
    key_results = nodes(objective["keyResults"])
    assert [kr["name"] for kr in key_results] == ["Endpoints", "Launched"]
    assert key_results[0]["measurementType"] == 3 and key_results[1]["measurementType"] == 7
    assert data["__cost"]["maximumAvailable"] == MAX_COST


def test_profiles_and_one_profile(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        PROFILES, {"pk": world.peer.profile.id, "manager": str(world.manager.profile.id)}
    )
    assert data["profile"]["fullName"] == "Pat Peer"
    assert sorted(n["pk"] for n in nodes(data["profiles"])) == sorted(
        [world.employee.profile.id, world.peer.profile.id]
    )


def test_network_and_teams(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        NETWORK_AND_TEAMS, {"team": world.engineering.id}
    )
    assert data["network"]["name"] == "Acme"
    assert data["team"]["subDepartments"]["edges"][0]["node"]["name"] == "Platform"
    assert [n["pk"] for n in nodes(data["team"]["leaders"])] == [world.manager.profile.id]
    assert [n["name"] for n in nodes(data["teams"])] == ["Engineering"]


def test_recognitions_and_badges(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        RECOGNITIONS, {"recipient": world.employee.profile.id}
    )
    [recognition] = nodes(data["recognitions"])
    assert recognition["message"] == "Great release work."
    assert recognition["sender"]["user"]["firstName"] == "Mia"
    assert recognition["badge"]["name"] == "Teamwork"
    assert [b["name"] for b in nodes(data["badges"])] == ["Teamwork"]


def test_oneonones_and_action_items(graphql, world, make):
    item = make.action_item(world.oneonone, world.admin, "Write the plan")
    data = graphql(make.token(world.manager)).data(
        ONEONONES,
        {"pk": world.oneonone.id, "item": item.id, "participant": world.admin.profile.id},
    )
    assert data["oneonone"]["facilitator"]["pk"] == world.admin.profile.id
    assert [n["title"] for n in nodes(data["oneonone"]["actionItems"])] == ["Write the plan"]
    assert data["actionItem"]["createdInOneonone"]["pk"] == world.oneonone.id
    assert [n["pk"] for n in nodes(data["oneonones"])] == [world.oneonone.id]
    assert [n["pk"] for n in nodes(data["actionItems"])] == [item.id]


def test_completed_oneonones_and_what_came_out_of_them(graphql, client, world, make):
    manager = make.token(world.manager)
    item = make.action_item(world.oneonone, world.admin, "Write the plan", assignee=world.manager)
    base = f"{API}/oneonones/{world.oneonone.id}/"
    done = client.patch(f"{base}actionitems/{item.id}/", headers=manager, json={"completed": True})
    assert done.status_code == 200, done.text
    held = client.patch(base, headers=manager, json={"status": "completed"}).json()
    data = graphql(manager).data(
        ONEONONE_HISTORY,
        {
            "me": world.manager.profile.id,
            "facilitator": world.admin.profile.id,
            "since": done.json()["completed_at"],
        },
    )
    [oneonone] = nodes(data["oneonones"])
    assert (oneonone["pk"], oneonone["status"]) == (world.oneonone.id, 2)
    assert oneonone["completedDatetime"] == oneonone["completedTime"] == held["completed_at"]
    assert oneonone["scheduledAt"] == oneonone["startTime"] == held["scheduled_start"]
    assert oneonone["updatedTime"] == held["modified"]
    assert [n["pk"] for n in nodes(oneonone["createdActionItems"])] == [item.id]
    [action] = nodes(data["actionItems"])
    assert action["completedBy"]["pk"] == action["assignedTo"]["pk"] == world.manager.profile.id
    assert action["completedDatetime"] == done.json()["completed_at"]
    assert action["uncompletedBy"] is action["uncompletedDatetime"] is None
    assert [n["pk"] for n in nodes(action["participants"])] == [
        world.admin.profile.id,
        world.manager.profile.id,
    ]
    assert action["network"]["pk"] == world.manager.profile.network_id
    assert action["createdInOneonone"]["completedDatetime"] == held["completed_at"]


def test_feedback_and_requests(graphql, world, make):
    data = graphql(make.token(world.admin)).data(
        FEEDBACK, {"feedback": world.feedback.id, "request": world.feedback_request.id}
    )
    assert data["feedback"]["state"] == 2
    assert data["feedbackRequest"]["recipient"]["pk"] == world.manager.profile.id
    assert data["feedbackRequest"]["numResponsesSubmitted"] == 1
    assert [n["pk"] for n in nodes(data["feedbackRequest"]["allResponders"])] == [
        world.employee.profile.id
    ]


def test_feedback_requests_with_their_responders(graphql, world, make):
    mine = make.feedback_request(
        world.admin, [world.employee, world.peer], subject=world.manager, title="Mia's year"
    )
    data = graphql(make.token(world.admin)).data(
        FEEDBACK_REQUESTS, {"me": world.admin.profile.id, "since": "2000-01-01"}
    )
    requests = {n["pk"]: n for n in nodes(data["feedbackRequests"])}
    assert list(requests) == [mine.id, world.feedback_request.id]
    request = requests[mine.id]
    assert (request["title"], request["type"], request["canViewResponses"]) == (
        "Mia's year",
        3,
        True,
    )
    assert request["publishedDatetime"] is not None and request["enforceDueDatetime"] is False
    assert [n["profile"]["pk"] for n in nodes(request["responders"])] == [
        world.employee.profile.id,
        world.peer.profile.id,
    ]
    [answer] = nodes(requests[world.feedback_request.id]["feedbacks"])
    assert answer["responder"] == {"state": 2, "profile": {"pk": world.employee.profile.id}}


def test_organization_with_cycles_and_departments_at_every_depth(graphql, world, make):
    data = graphql(make.token(world.admin)).data(
        ORGANIZATION, {"team": world.engineering.id, "day": "2026-02-14"}
    )
    network, team = data["network"], data["team"]
    assert network["networkLogoImg"] is None
    assert (network["cycle"]["startDate"], network["cycle"]["endDate"]) == (
        "2026-01-01T00:00:00+00:00",
        "2026-03-31T00:00:00+00:00",
    )
    assert team["cycle"] == {k: network["cycle"][k] for k in ("startDate", "endDate")}
    assert network["objectivesCountForCyclePagination"] == {"before": 0, "after": 0}
    assert [n["fullName"] for n in nodes(team["allSubDepartments"])] == ["Engineering / Platform"]
    assert team["allMembers"]["totalCount"] == 3
    assert [n["pk"] for n in nodes(team["snapshots"])] == [world.review.id]
    assert [n["pk"] for n in nodes(data["teams"])] == [world.platform.id]


def test_objectives_and_key_result(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        OBJECTIVES,
        {
            "pk": world.employee_objective.id,
            "keyResult": world.endpoints.id,
            "owner": world.employee.profile.id,
        },
    )
    objective = data["objective"]
    assert [n["pk"] for n in nodes(objective["parentObjectives"])] == [
        world.engineering_objective.id
    ]
    assert objective["lastCheckin"]["pk"] == world.checkin.id
    assert data["keyResult"]["name"] == "Endpoints"
    assert [n["pk"] for n in nodes(data["objectives"])] == [world.employee_objective.id]


def test_snapshots(graphql, world, make):
    make.review(world.cycle, world.peer, world.manager, state="manager_review")
    data = graphql(make.token(world.manager)).data(
        SNAPSHOTS, {"subject": world.employee.profile.id, "manager": world.manager.profile.id}
    )
    [review] = nodes(data["snapshots"])
    assert review["state"] == 0 and review["nextState"] == 1
    assert review["canTransitionToNextState"] is False  # the subject's turn
    assert review["manager"]["pk"] == world.manager.profile.id
    assert review["snapshotGroup"]["state"] == 1
    team = data["myTeam"]
    assert [n["pk"] for n in nodes(team)][-1] == world.review.id
    assert team["totalCount"] == 2
    assert team["currentStateSummary"] == {"0": 1, "1": 1, "4": 0}
    assert team["stateSummary"] == {"0": 2, "1": 1, "4": 0}
    [peer, employee] = nodes(team)
    assert [n["pk"] for n in nodes(peer["assignedToProfiles"])] == [world.manager.profile.id]
    assert [n["pk"] for n in nodes(employee["assignedToProfiles"])] == [world.employee.profile.id]
    assert employee["canViewAnswers"] is True and employee["snapshotGroup"]["isComplete"] is False
    assert [n["title"] for n in nodes(data["snapshotGroups"])] == ["2026 H2"]


def test_create_checkin_updates_key_results_and_progress(graphql, world, make):
    data = graphql(make.token(world.employee)).data(
        CHECKIN,
        {
            "objective": world.employee_objective.id,
            "keyResults": [{"pk": world.endpoints.id, "currentValue": 5}],
        },
    )
    assert data["createCheckin"]["checkin"]["message"] == "Halfway there"
    assert data["createCheckin"]["checkin"]["status"] == 1
    objective = data["createCheckin"]["objective"]
    values = {n["pk"]: n["currentValue"] for n in nodes(objective["keyResults"])}
    assert values[world.endpoints.id] == 5
    assert objective["progress"] == 25.0
