"""Mutations of every area: they change what the REST API changes, by its rules, and a rule
that says no becomes the payload's `userErrors` (with the REST status as the code) while
nothing changes."""

from __future__ import annotations

from tests.graphql.conftest import API, World, nodes
from tests.graphql.fields import checks


def errors_of(payload: dict) -> list[tuple[list | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


# -- userprofile and network -----------------------------------------------------------------

UPDATE_PROFILE = """
mutation($pk: Int!, $changes: UserProfileInput, $admin: Boolean) {
  updateUserprofile(pk: $pk, userProfile: $changes, isAdmin: $admin) {
    profile { pk firstName position hireDate isAdmin }
    validationErrors { field errorMessage }
    userErrors { field message code }
  }
}
"""


@checks(
    "UserError.code",
    "UserError.message",
    "UserProfileFieldValidationErrorNode.field",
    "UserProfileFieldValidationErrorNode.errorMessage",
)
def test_a_person_changes_their_own_profile_but_not_the_admin_fields(graphql, world, make):
    gql = graphql(make.token(world.employee))
    pk = world.employee.profile.id
    payload = gql.data(UPDATE_PROFILE, {"pk": pk, "changes": {"firstName": " Elias "}})
    assert payload["updateUserprofile"]["profile"]["firstName"] == "Elias"
    assert payload["updateUserprofile"]["userErrors"] == []

    refused = gql.data(UPDATE_PROFILE, {"pk": pk, "changes": {"position": "CEO"}})
    result = refused["updateUserprofile"]
    assert errors_of(result) == [(None, "FORBIDDEN")]
    assert result["userErrors"][0]["message"] == "Only admins change position."
    assert result["validationErrors"] == [
        {"field": None, "errorMessage": "Only admins change position."}
    ]
    assert result["profile"] is None
    assert gql.data("{ currentUser { position } }") == {"currentUser": {"position": ""}}


def test_an_admin_changes_anyone_but_the_last_admin_stays_one(graphql, world, make):
    gql = graphql(make.token(world.admin))
    changed = gql.data(
        UPDATE_PROFILE,
        {
            "pk": world.employee.profile.id,
            "changes": {"position": "Engineer", "hireDate": "2024-03-01"},
        },
    )["updateUserprofile"]
    assert changed["profile"]["position"] == "Engineer"
    assert changed["profile"]["hireDate"] == "2024-03-01T00:00:00+00:00"
    last = gql.data(UPDATE_PROFILE, {"pk": world.admin.profile.id, "admin": False})
    assert errors_of(last["updateUserprofile"]) == [(None, "CONFLICT")]
    assert last["updateUserprofile"]["profile"] is None
    assert gql.data("{ currentUser { isAdmin } }") == {"currentUser": {"isAdmin": True}}


def test_another_networks_profile_is_not_found(graphql, world, make):
    payload = graphql(make.token(world.admin)).data(
        UPDATE_PROFILE, {"pk": world.other_user.profile.id, "changes": {"firstName": "X"}}
    )["updateUserprofile"]
    assert payload["profile"] is None
    assert payload["userErrors"][0]["code"] == "NOT_FOUND"


UPDATE_NETWORK = """
mutation($name: String, $length: Int) {
  updateNetwork(name: $name, businessCycleLength: $length) {
    network { name businessCycleLength } userErrors { field code }
  }
}
"""


@checks("UserError.field", "UserError.code")
def test_only_admins_change_the_network_within_the_rest_apis_limits(graphql, world, make):
    employee = graphql(make.token(world.employee)).data(UPDATE_NETWORK, {"name": "Mine"})
    assert errors_of(employee["updateNetwork"]) == [(None, "FORBIDDEN")]
    admin = graphql(make.token(world.admin))
    too_long = admin.data(UPDATE_NETWORK, {"length": 13})["updateNetwork"]
    assert errors_of(too_long) == [(["businessCycleLength"], "INVALID")]
    assert too_long["network"] is None
    assert admin.data("{ network { businessCycleLength } }") == {
        "network": {"businessCycleLength": 3}
    }
    done = admin.data(UPDATE_NETWORK, {"name": "Acme Corp", "length": 6})["updateNetwork"]
    assert done["network"] == {"name": "Acme Corp", "businessCycleLength": 6}


# -- department ------------------------------------------------------------------------------

TEAM = """
mutation($pk: Int, $name: String, $parent: Int, $add: [Int], $leaders: [Int]) {
  createOrUpdateTeam(pk: $pk, name: $name, parent: $parent, profilesToAdd: $add,
                     leadersToAdd: $leaders) {
    team { pk name fullName members { edges { node { pk } } } leaders { totalCount } }
    userErrors { field code message }
  }
}
"""


def test_departments_are_created_and_changed_by_admins_and_leaders(
    graphql, world: World, make, client
):
    admin = graphql(make.token(world.admin))
    created = admin.data(
        TEAM,
        {"name": "Design", "parent": world.engineering.id, "add": [world.peer.profile.id]},
    )["createOrUpdateTeam"]
    assert created["userErrors"] == []
    team = created["team"]
    assert team["fullName"] == "Engineering / Design"
    rest = client.get(f"{API}/departments/{team['pk']}/", headers=make.token(world.admin)).json()
    assert rest["name"] == "Design" and len(rest["members"]) == 1

    leader = graphql(make.token(world.manager))
    added = leader.data(TEAM, {"pk": world.engineering.id, "add": [world.peer.profile.id]})[
        "createOrUpdateTeam"
    ]
    assert len(nodes(added["team"]["members"])) == 3
    cycle = leader.data(TEAM, {"pk": world.engineering.id, "parent": world.platform.id})
    assert errors_of(cycle["createOrUpdateTeam"]) == [(["parent"], "INVALID")]

    employee = graphql(make.token(world.employee))
    refused = employee.data(TEAM, {"pk": world.engineering.id, "name": "Mine"})
    assert errors_of(refused["createOrUpdateTeam"]) == [(None, "FORBIDDEN")]
    assert refused["createOrUpdateTeam"]["team"] is None
    assert employee.data(
        "query($pk: Int!) { team(pk: $pk) { name } }", {"pk": world.engineering.id}
    ) == {"team": {"name": "Engineering"}}
    nameless = employee.data(TEAM, {"add": [1]})
    assert errors_of(nameless["createOrUpdateTeam"]) == [(["name"], "INVALID")]

    deleted = admin.data(
        "mutation($pk: Int!) { deleteTeam(pk: $pk) { team { name } userErrors { code } } }",
        {"pk": team["pk"]},
    )
    assert deleted["deleteTeam"] == {"team": {"name": "Design"}, "userErrors": []}
    assert admin.data("query($pk: Int!) { team(pk: $pk) { pk } }", {"pk": team["pk"]}) == {
        "team": None
    }


# -- recognition -----------------------------------------------------------------------------

GIVE = """
mutation($input: GiveRecognitionInput!) {
  giveRecognition(input: $input) {
    recognition { pk message sender { pk } recipient { pk } badge { name } canChange canDelete }
    userErrors { field code message }
  }
}
"""


def test_recognitions_are_given_by_the_rules(graphql, world: World, make, client):
    gql = graphql(make.token(world.employee))
    given = gql.data(
        GIVE,
        {
            "input": {
                "recipient": world.peer.profile.id,
                "badge": world.teamwork.id,
                "message": " Thanks! ",
            }
        },
    )["giveRecognition"]
    assert given["userErrors"] == []
    recognition = given["recognition"]
    assert recognition["message"] == "Thanks!" and recognition["canChange"] is True
    assert recognition["sender"]["pk"] == world.employee.profile.id
    rest = client.get(
        f"{API}/recognitions/{recognition['pk']}/", headers=make.token(world.employee)
    )
    assert rest.json()["message"] == "Thanks!"

    for change, field in (
        ({"recipient": world.employee.profile.id}, "recipient"),
        ({"recipient": world.other_user.profile.id}, "recipient"),
        ({"badge": world.other_badge.id}, "badge"),
        ({"message": "   "}, "message"),
    ):
        body = {"recipient": world.peer.profile.id, "badge": world.teamwork.id, "message": "Hi"}
        refused = gql.data(GIVE, {"input": {**body, **change}})["giveRecognition"]
        assert refused["recognition"] is None
        assert errors_of(refused) == [(["input", field], "INVALID")], change

    manager = graphql(make.token(world.manager))
    update = """mutation($pk: Int!) { updateRecognition(input: {pk: $pk, message: "Mine now"}) {
        recognition { message } userErrors { code } } }"""
    refused = manager.data(update, {"pk": recognition["pk"]})["updateRecognition"]
    assert refused == {"recognition": None, "userErrors": [{"code": "FORBIDDEN"}]}
    admin = graphql(make.token(world.admin))
    delete = """mutation($pk: Int!) { deleteRecognition(input: {pk: $pk}) {
        recognition { message } userErrors { code message } } }"""
    assert admin.data(delete, {"pk": recognition["pk"]})["deleteRecognition"] == {
        "recognition": {"message": "Thanks!"},
        "userErrors": [],
    }
    gone = admin.data(delete, {"pk": recognition["pk"]})["deleteRecognition"]
    missing = f"No recognition with id {recognition['pk']}."
    assert gone["userErrors"] == [{"code": "NOT_FOUND", "message": missing}]


# -- oneonone --------------------------------------------------------------------------------

ACTION_ITEM = """
mutation($pk: Int, $item: ActionItemInput!) {
  createOrUpdateActionItem(pk: $pk, actionItem: $item) {
    actionItem { pk title dueDate completed assignedTo { pk } createdInOneonone { pk } }
    userErrors { field code }
  }
}
"""


def test_action_items_notes_and_1on1s_change_by_their_rules(graphql, world: World, make):
    manager = graphql(make.token(world.manager))
    created = manager.data(
        ACTION_ITEM,
        {
            "item": {
                "createdInOneonone": world.oneonone.id,
                "title": "Draft the plan",
                "dueDate": "2026-12-24T10:00:00Z",
            }
        },
    )["createOrUpdateActionItem"]
    item = created["actionItem"]
    assert item["dueDate"] == "2026-12-24T00:00:00+00:00"
    assert item["assignedTo"]["pk"] == world.manager.profile.id
    done = manager.data(ACTION_ITEM, {"pk": item["pk"], "item": {"completed": True}})[
        "createOrUpdateActionItem"
    ]
    assert (
        done["actionItem"]["completed"] is True and done["actionItem"]["title"] == "Draft the plan"
    )
    outsider = manager.data(
        ACTION_ITEM, {"pk": item["pk"], "item": {"assignedTo": world.peer.profile.id}}
    )["createOrUpdateActionItem"]
    assert errors_of(outsider) == [(["actionItem", "assignedTo"], "INVALID")]
    elsewhere = manager.data(
        ACTION_ITEM, {"item": {"createdInOneonone": world.other_oneonone.id, "title": "Spy"}}
    )["createOrUpdateActionItem"]
    assert errors_of(elsewhere) == [(None, "NOT_FOUND")]
    # The employee is not one of the 1-on-1's people: the item does not exist for them.
    employee = graphql(make.token(world.employee))
    hidden = employee.data(
        "mutation($pk: Int!) { deleteActionItem(pk: $pk) { userErrors { code } } }",
        {"pk": item["pk"]},
    )
    assert hidden["deleteActionItem"]["userErrors"] == [{"code": "NOT_FOUND"}]

    note = make.oneonone_note(world.oneonone, world.admin, "Private thought")
    share = """mutation($pk: Int!) { updateNoteSharing(pk: $pk, shared: true) {
        note { shared } oneonone { pk } userErrors { code } } }"""
    assert manager.data(share, {"pk": note.id})["updateNoteSharing"] == {
        "note": None,
        "oneonone": None,
        "userErrors": [{"code": "NOT_FOUND"}],
    }
    admin = graphql(make.token(world.admin))
    assert admin.data(share, {"pk": note.id})["updateNoteSharing"] == {
        "note": {"shared": True},
        "oneonone": {"pk": world.oneonone.id},
        "userErrors": [],
    }
    assert manager.data("{ oneonones { edges { node { notes { totalCount } } } } }") == {
        "oneonones": {"edges": [{"node": {"notes": {"totalCount": 1}}}]}
    }

    delete = "mutation($pk: Int!) { deleteOneonone(pk: $pk) { ok userErrors { code } } }"
    assert manager.data(delete, {"pk": world.oneonone.id})["deleteOneonone"] == {
        "ok": False,
        "userErrors": [{"code": "FORBIDDEN"}],
    }
    assert admin.data(delete, {"pk": world.oneonone.id})["deleteOneonone"] == {
        "ok": True,
        "userErrors": [],
    }


# -- feedback --------------------------------------------------------------------------------

ASK = """
mutation($input: CreateFeedbackRequestInput!) {
  createFeedbackRequest(input: $input) {
    feedbackRequest { pk questions acceptingSubmissions recipient { pk } } userErrors { field code }
  }
}
"""
ANSWER = """
mutation($request: Int!, $answers: [FeedbackAnswerInput]) {
  answerFeedback(requestPk: $request, feedback: {answers: $answers}) {
    feedback { pk state answerTexts } userErrors { field code message }
  }
}
"""
SUBMIT = """mutation($pk: Int!) { submitFeedback(pk: $pk) {
    feedback { state submittedTimestamp } userErrors { code } } }"""


def test_feedback_is_asked_answered_and_submitted_by_the_rules(graphql, world: World, make):
    manager = graphql(make.token(world.manager))
    asked = manager.data(
        ASK,
        {
            "input": {
                "recipient": world.employee.profile.id,
                "responders": [world.peer.profile.id],
                "questions": ["Strengths?", "Growth?"],
            }
        },
    )["createFeedbackRequest"]
    request = asked["feedbackRequest"]
    assert request["acceptingSubmissions"] is True and request["questions"][1] == "Growth?"
    subject_asked = manager.data(
        ASK,
        {
            "input": {
                "recipient": world.employee.profile.id,
                "responders": [world.employee.profile.id],
                "questions": ["?"],
            }
        },
    )["createFeedbackRequest"]
    assert errors_of(subject_asked) == [(["input", "responders"], "INVALID")]

    peer = graphql(make.token(world.peer))
    first = peer.data(
        ANSWER, {"request": request["pk"], "answers": [{"question": 2, "answer": "Speaking up"}]}
    )
    draft = first["answerFeedback"]["feedback"]
    assert draft["state"] == 1 and draft["answerTexts"] == ["", "Speaking up"]
    incomplete = peer.data(SUBMIT, {"pk": draft["pk"]})["submitFeedback"]
    assert incomplete["userErrors"] == [{"code": "INVALID"}]
    second = peer.data(
        ANSWER, {"request": request["pk"], "answers": [{"question": 1, "answer": "Care"}]}
    )
    assert second["answerFeedback"]["feedback"]["answerTexts"] == ["Care", "Speaking up"]
    submitted = peer.data(SUBMIT, {"pk": draft["pk"]})["submitFeedback"]
    assert submitted["feedback"]["state"] == 2 and submitted["feedback"]["submittedTimestamp"]
    again = peer.data(ANSWER, {"request": request["pk"], "answers": []})["answerFeedback"]
    assert errors_of(again) == [(None, "CONFLICT")]

    # The subject sees the submitted answer; someone not asked cannot answer.
    employee = graphql(make.token(world.employee))
    assert employee.data(
        "query($pk: Int!) { feedback(pk: $pk) { state } }", {"pk": draft["pk"]}
    ) == {"feedback": {"state": 2}}
    not_asked = employee.data(ANSWER, {"request": request["pk"], "answers": []})["answerFeedback"]
    assert errors_of(not_asked) == [(None, "FORBIDDEN")]

    close = """mutation($pk: Int!) {
        updateFeedbackRequest(pk: $pk, request: {acceptingSubmissions: false}) {
        feedbackRequest { acceptingSubmissions } userErrors { code } } }"""
    assert peer.data(close, {"pk": request["pk"]})["updateFeedbackRequest"]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]
    closed = manager.data(close, {"pk": request["pk"]})["updateFeedbackRequest"]
    assert closed == {"feedbackRequest": {"acceptingSubmissions": False}, "userErrors": []}

    give = """mutation($to: Int!) {
        giveFeedback(input: {recipient: $to, text: "Great demo", submit: true}) {
        feedback { state recipient { pk } } userErrors { field code } } }"""
    assert employee.data(give, {"to": world.peer.profile.id})["giveFeedback"] == {
        "feedback": {"state": 2, "recipient": {"pk": world.peer.profile.id}},
        "userErrors": [],
    }
    self_given = employee.data(give, {"to": world.employee.profile.id})["giveFeedback"]
    assert errors_of(self_given) == [(["input", "recipient"], "INVALID")]


# -- privatenote -----------------------------------------------------------------------------


def test_private_notes_are_their_authors_alone(graphql, world: World, make):
    admin = graphql(make.token(world.admin))
    update = """mutation($pk: Int!) { updatePrivateNote(input: {pk: $pk, text: "Changed"}) {
        privateNote { text } userErrors { code message } } }"""
    assert admin.data(update, {"pk": world.admin_note.id})["updatePrivateNote"] == {
        "privateNote": {"text": "Changed"},
        "userErrors": [],
    }
    # The subject, a manager and another network's admin: the note does not exist for them.
    missing = f"No private note with id {world.admin_note.id}."
    for outsider in (world.manager, world.other_admin, world.employee):
        gql = graphql(make.token(outsider))
        assert gql.data(update, {"pk": world.admin_note.id})["updatePrivateNote"] == {
            "privateNote": None,
            "userErrors": [{"code": "NOT_FOUND", "message": missing}],
        }
    create = """mutation($about: Int!) { createPrivateNote(input: {about: $about, text: "Me"}) {
        privateNote { pk } userErrors { field code } } }"""
    assert admin.data(create, {"about": world.admin.profile.id})["createPrivateNote"] == {
        "privateNote": None,
        "userErrors": [{"field": ["input", "about"], "code": "INVALID"}],
    }
    delete = """mutation($pk: Int!) { deletePrivateNote(input: {pk: $pk}) {
        privateNote { text } userErrors { code } } }"""
    assert admin.data(delete, {"pk": world.admin_note.id})["deletePrivateNote"] == {
        "privateNote": {"text": "Changed"},
        "userErrors": [],
    }
    assert admin.data("{ privateNotes { totalCount } }") == {"privateNotes": {"totalCount": 0}}


# -- objective -------------------------------------------------------------------------------

CREATE_OBJECTIVE = """
mutation($objective: NewObjectiveInput!) {
  createObjective(objective: $objective) {
    objective { pk name objectiveType progress team { pk } parentObjectives { totalCount }
      keyResults { edges { node { pk name measurementType } } } }
    userErrors { field code message }
  }
}
"""


def test_an_objective_and_its_key_results_are_created_all_or_nothing(graphql, world: World, make):
    gql = graphql(make.token(world.manager))
    objective = {
        "name": "Faster builds",
        "objectiveType": 2,
        "departments": [world.engineering.id],
        "parentObjective": {"objective": world.company.id},
        "keyResults": [
            {"name": "Minutes", "startingValue": 30, "targetValue": 10, "measurementType": 3},
            {"name": "Done", "startingValue": 0, "targetValue": 1, "measurementType": 7},
        ],
    }
    created = gql.data(CREATE_OBJECTIVE, {"objective": objective})["createObjective"]
    assert created["userErrors"] == []
    made = created["objective"]
    assert made["objectiveType"] == 2 and made["team"]["pk"] == world.engineering.id
    assert [n["measurementType"] for n in nodes(made["keyResults"])] == [3, 7]
    assert made["parentObjectives"]["totalCount"] == 1

    before = gql.data("{ objectives { totalCount } }")["objectives"]["totalCount"]
    broken = {
        **objective,
        "keyResults": [
            {"name": "Bad", "startingValue": 0, "targetValue": 150, "measurementType": 1}
        ],
    }
    refused = gql.data(CREATE_OBJECTIVE, {"objective": broken})["createObjective"]
    assert refused["objective"] is None
    assert errors_of(refused) == [(["objective", "keyResults"], "INVALID")]
    assert gql.data("{ objectives { totalCount } }")["objectives"]["totalCount"] == before
    no_team = gql.data(CREATE_OBJECTIVE, {"objective": {"name": "Team goal", "objectiveType": 2}})[
        "createObjective"
    ]
    assert errors_of(no_team) == [(["objective", "departments"], "INVALID")]


def test_checkins_close_objectives_and_closed_ones_refuse_changes(graphql, world: World, make):
    gql = graphql(make.token(world.employee))
    checkin = """mutation($pk: Int!, $close: Boolean) { createCheckin(objectivePk: $pk,
        message: "Shipped", assessmentStatus: 1, closeObjective: $close) {
        checkin { pk closeObjective } objective { closed } userErrors { code } } }"""
    closed = gql.data(checkin, {"pk": world.employee_objective.id, "close": True})["createCheckin"]
    assert closed["checkin"]["closeObjective"] is True and closed["objective"]["closed"] is True
    again = gql.data(checkin, {"pk": world.employee_objective.id})["createCheckin"]
    assert again["checkin"] is None and again["userErrors"] == [{"code": "CONFLICT"}]
    delete_kr = """mutation($pk: Int!) { deleteKeyResult(keyResultId: $pk) {
        objective { keyResults { totalCount } } userErrors { code } } }"""
    assert gql.data(delete_kr, {"pk": world.endpoints.id})["deleteKeyResult"]["userErrors"] == [
        {"code": "CONFLICT"}
    ]
    reopen = """mutation($pk: Int!) { updateObjective(objective: {pk: $pk, closed: false}) {
        objective { closed } userErrors { code } } }"""
    assert gql.data(reopen, {"pk": world.employee_objective.id})["updateObjective"] == {
        "objective": {"closed": False},
        "userErrors": [],
    }
    assert gql.data(delete_kr, {"pk": world.endpoints.id})["deleteKeyResult"] == {
        "objective": {"keyResults": {"totalCount": 1}},
        "userErrors": [],
    }
    # A stranger's key result, and another network's objective, do not exist for the caller.
    elsewhere = gql.data(checkin, {"pk": world.other_objective.id})["createCheckin"]
    assert elsewhere["userErrors"] == [{"code": "INVALID"}]
    delete = """mutation($pk: Int!) { deleteObjective(input: {pk: $pk}) { objective { name }
        userErrors { code } } }"""
    assert gql.data(delete, {"pk": world.company.id})["deleteObjective"]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]


# -- review ----------------------------------------------------------------------------------


def test_a_review_moves_on_and_its_subject_sees_the_reviewer_only_once_shared(
    graphql, world: World, make
):
    admin = graphql(make.token(world.admin))
    cycle = admin.data(
        """mutation { createReviewCycle(input: {name: "2027 H1", startDate: "2027-01-01",
            endDate: "2027-06-30", questions: ["Wins?", "Next?"], cycleState: ACTIVE}) {
            snapshotGroup { pk cycleState state questions } userErrors { code } } }"""
    )["createReviewCycle"]
    assert cycle["snapshotGroup"]["cycleState"] == "ACTIVE" and cycle["snapshotGroup"]["state"] == 1
    employee = graphql(make.token(world.employee))
    refused = employee.data(
        """mutation { createReviewCycle(input: {name: "Mine", startDate: "2027-01-01",
            endDate: "2027-06-30"}) { snapshotGroup { pk } userErrors { code } } }"""
    )["createReviewCycle"]
    assert refused == {"snapshotGroup": None, "userErrors": [{"code": "FORBIDDEN"}]}
    review = admin.data(
        """mutation($cycle: Int!, $who: Int!) { createReview(input: {snapshotGroup: $cycle,
            forUser: $who}) { snapshot { pk state manager { pk } } userErrors { code } } }""",
        {"cycle": cycle["snapshotGroup"]["pk"], "who": world.employee.profile.id},
    )["createReview"]["snapshot"]
    assert review["state"] == 0 and review["manager"]["pk"] == world.manager.profile.id

    answer = """mutation($pk: Int!, $answers: [SnapshotAnswerInput]!) {
        answerSnapshot(pk: $pk, answers: $answers) {
        snapshot { selfAnswers reviewerAnswers } userErrors { code } } }"""
    move = """mutation($pk: Int!) { transitionSnapshotToNextState(pk: $pk) {
        snapshot { state nextState } userErrors { code } } }"""
    mine = employee.data(answer, {"pk": review["pk"], "answers": [{"item": 2, "answer": "Lead"}]})
    assert mine["answerSnapshot"]["snapshot"]["selfAnswers"] == ["", "Lead"]
    manager = graphql(make.token(world.manager))
    early = manager.data(move, {"pk": review["pk"]})["transitionSnapshotToNextState"]
    assert early["userErrors"] == [{"code": "FORBIDDEN"}]
    assert employee.data(move, {"pk": review["pk"]})["transitionSnapshotToNextState"] == {
        "snapshot": {"state": 1, "nextState": 4},
        "userErrors": [],
    }
    theirs = manager.data(answer, {"pk": review["pk"], "answers": [{"item": 1, "answer": "Solid"}]})
    assert theirs["answerSnapshot"]["snapshot"]["reviewerAnswers"] == ["Solid"]
    hidden = employee.data(
        "query($pk: Int!) { snapshot(pk: $pk) { reviewerAnswers } }", {"pk": review["pk"]}
    )
    assert hidden == {"snapshot": {"reviewerAnswers": None}}
    wrong_state = manager.data(
        "mutation($pk: Int!) { transitionSnapshot(pk: $pk, state: 0) { userErrors { code } } }",
        {"pk": review["pk"]},
    )
    assert wrong_state["transitionSnapshot"]["userErrors"] == [{"code": "CONFLICT"}]
    shared = manager.data(
        "mutation($pk: Int!) { transitionSnapshot(pk: $pk, state: 4) { snapshot { state } } }",
        {"pk": review["pk"]},
    )
    assert shared["transitionSnapshot"]["snapshot"]["state"] == 4
    assert employee.data(
        "query($pk: Int!) { snapshot(pk: $pk) { reviewerAnswers } }", {"pk": review["pk"]}
    ) == {"snapshot": {"reviewerAnswers": ["Solid"]}}

    draft = admin.data(
        """mutation { createReviewCycle(input: {name: "Draft", startDate: "2027-07-01",
            endDate: "2027-12-31"}) { snapshotGroup { pk } } }"""
    )["createReviewCycle"]["snapshotGroup"]["pk"]
    remaining = admin.data(
        """mutation($pk: Int!) { deleteSnapshotGroup(pk: $pk) {
            snapshotGroups { edges { node { pk } } } userErrors { code } } }""",
        {"pk": draft},
    )["deleteSnapshotGroup"]
    assert remaining["userErrors"] == []
    assert draft not in [n["pk"] for n in nodes(remaining["snapshotGroups"])]
    started = admin.data(
        "mutation($pk: Int!) { deleteSnapshotGroup(pk: $pk) { userErrors { code } } }",
        {"pk": cycle["snapshotGroup"]["pk"]},
    )
    assert started["deleteSnapshotGroup"]["userErrors"] == [{"code": "CONFLICT"}]


def test_answers_to_questions_that_do_not_exist_are_refused_at_once(graphql, world, make):
    # A question number is a position among the request's or the cycle's questions: one far
    # beyond them is refused, without building the answers up to it.
    employee = graphql(make.token(world.employee))
    far = 2**31 - 1
    answer = employee.data(
        ANSWER,
        {"request": world.feedback_request.id, "answers": [{"question": far, "answer": "x"}]},
    )
    assert answer["answerFeedback"]["userErrors"][0]["code"] in ("INVALID", "CONFLICT")
    review = """mutation($pk: Int!, $item: Int!) { answerSnapshot(pk: $pk,
        answers: [{item: $item, answer: "x"}]) { userErrors { field code } } }"""
    refused = employee.data(review, {"pk": world.review.id, "item": far})["answerSnapshot"]
    assert refused["userErrors"] == [{"field": ["answers"], "code": "INVALID"}]
    asked = graphql(make.token(world.admin)).data(
        ASK,
        {
            "input": {
                "recipient": world.peer.profile.id,
                "responders": [world.employee.profile.id],
                "questions": ["One?"],
            }
        },
    )["createFeedbackRequest"]["feedbackRequest"]
    fresh = employee.data(
        ANSWER, {"request": asked["pk"], "answers": [{"question": 2, "answer": "x"}]}
    )
    assert fresh["answerFeedback"]["userErrors"][0]["code"] == "INVALID"
    assert "there are 1" in fresh["answerFeedback"]["userErrors"][0]["message"]


def test_an_objective_changes_its_key_results_alone(graphql, world: World, make):
    gql = graphql(make.token(world.employee))
    changed = gql.data(
        """mutation($pk: Int!, $kr: Int!) { updateObjective(objective: {pk: $pk, keyResults: [
            {pk: $kr, name: "Endpoints served", startingValue: 0, targetValue: 12,
             measurementType: 3}]}) {
            objective { keyResults { edges { node { name targetValue } } } }
            userErrors { field message } } }""",
        {"pk": world.employee_objective.id, "kr": world.endpoints.id},
    )["updateObjective"]
    assert changed["userErrors"] == []
    assert {"name": "Endpoints served", "targetValue": 12.0} in nodes(
        changed["objective"]["keyResults"]
    )
