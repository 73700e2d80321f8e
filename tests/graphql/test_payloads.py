"""A mutation shows a token with only its `:write` scope what the REST API answers the same
write with, and nothing more, for every mutation of the SDL and every field of its payload:

- refused, it answers its user errors and no object at all, as REST answers a refused write
  with a problem and nothing else;
- done, every field it shows is one the REST answer to the same write holds for the same
  token (a field beyond it needs its `:read` scope and answers null, with an error saying so);
- asked to change nothing, it is refused.

The payload selections are generated from the SDL (every field a write-only token may reach),
and every mutation of the Mutation type needs its case below, so a new mutation fails here
until it has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type, is_non_null_type

from gaggle import db
from gaggle.graph.schema import schema
from gaggle.models.objectives import Objective
from gaggle.models.people import UserProfile
from tests.graphql.conftest import API, World
from tests.graphql.fields import (
    EMBEDDED,
    KINDS,
    TABLE,
    VALUE,
    Seen,
    check_connection,
    checks,
    compare,
    connection_selection,
    people_of,
)
from tests.graphql.fields import (
    selection as table_selection,
)
from tests.graphql.test_scopes import path_to
from tests.handlers.conftest import build_world

COMPILED = schema()
# What a payload says about a refusal: the fields a refused mutation answers.
ERRORS = {"userErrors", "validationErrors"}
MUTATIONS = {
    name: scope
    for (type_name, name), scope in COMPILED.scopes.items()
    if type_name == "Mutation" and scope.endswith(":write")
}

# Where the REST answer holds a GraphQL field that it does not name as snake_case of the field
# ("Type.field", or the field on every type); a field read from another (a state's flags) names
# the REST field it is read from.
REST_NAMES = {
    "pk": "id",
    "id": "id",
    "UserProfileNode.username": "user.username",
    "UserProfileNode.fullName": "user.first_name",
    "UserProfileNode.firstName": "user.first_name",
    "UserProfileNode.lastName": "user.last_name",
    "UserProfileNode.profileImageUrl": "profile_img",
    "UserProfileNode.activationState": "activated",
    "UserProfileNode.profileUrl": "url",
    "BadgeRecipientNode.awardedDate": "created",
    "BadgeRecipientNode.recognitionWebViewUrl": "recognition_url",
    "OneOnOneNoteNode.content": "text",
    "ActionItemNode.assignedDatetime": "assigned_at",
    "ActionItemNode.completedDatetime": "completed_at",
    "ActionItemNode.uncompletedDatetime": "uncompleted_at",
    "FeedbackNode.submittedTimestamp": "submitted",
    "FeedbackNode.answerTexts": "answers",
    "FeedbackRequestV2Node.dueDatetime": "due_date",
    "FeedbackRequestV2Node.sentDate": "created",
    "FeedbackRequestV2Node.acceptingSubmissions": "state",
    "FeedbackRequestV2Node.enforceDueDatetime": "enforce_due_date",
    "FeedbackRequestV2Node.publishedDatetime": "created",
    "FeedbackRequestV2Node.type": "subject",
    "NetworkNode.networkLogoImg": "logo_img",
    "NetworkNode.networkLogoImgUrl": "logo_img",
    "ObjectiveNode.dueDatetime": "due_date",
    "ObjectiveNode.objectiveUrl": "url",
    "ObjectiveNode.completedDatetime": "closed_at",
    "ObjectiveNode.progressDelta": "progress",
    "ObjectiveNode.childObjectivesHaveNoWeight": "children",
    "ObjectiveNode.childObjectivesWeightedProgress": "children",
    "CheckinNode.updated": "created",
    "CheckinNode.status": "assessment_status",
    "CheckinNode.keyResultValues": "key_results",
    "SnapshotNode.nextState": "state",
    "SnapshotNode.showManagerAnswers": "state",
    "SnapshotNode.employeeAnswersDue": "state",
    "SnapshotNode.managerAnswersDue": "state",
    "SnapshotNode.submittedDatetime": "submitted",
    "SnapshotNode.sharedDatetime": "shared",
    "SnapshotGroupNode.title": "name",
    "SnapshotGroupNode.cycleState": "state",
}

Ids = dict[str, int]


@dataclass(frozen=True)
class Case:
    """One mutation: `caller` does it with `arguments`, which the REST API does as `rest`
    (method, path, body) and answers with what the payload field `written` holds (None: with
    nothing); `refuser` is refused the same arguments (or `refused`, when given). `prepare`
    makes what the arguments name beyond the world."""

    caller: str
    arguments: Callable[[World, Ids], str]
    rest: Callable[[World, Ids], tuple[str, str, dict | None]]
    written: str | None
    refuser: str
    refused: Callable[[World, Ids], str] | None = None
    prepare: Callable[[World, Any], Ids] = field(default=lambda world, make: {})


def _profile(world: World, name: str) -> int:
    return getattr(world, name).profile.id


def _deactivated(world: World, make) -> Ids:
    with db.transaction() as session:
        session.get(UserProfile, world.employee.profile.id).activated = False
    return {}


def _followed(world: World) -> Ids:
    """The employee follows their objective."""
    with db.transaction() as session:
        objective = session.get(Objective, world.employee_objective.id)
        objective.followers.append(session.get(UserProfile, world.employee.profile.id))
    return {}


def _action_item(world: World, make) -> Ids:
    item = make.action_item(world.oneonone, world.admin, "Follow up", assignee=world.manager)
    return {"item": item.id}


def _note(world: World, make) -> Ids:
    return {"note": make.oneonone_note(world.oneonone, world.admin, "Private thought").id}


def _asking_peer(world: World, make) -> Ids:
    request = make.feedback_request(world.admin, [world.peer], subject=world.manager)
    return {"request": request.id}


def _peer_draft(world: World, make) -> Ids:
    request = make.feedback_request(world.admin, [world.peer], subject=world.manager)
    draft = make.feedback(world.peer, request=request, submitted=False)
    return {"request": request.id, "draft": draft.id}


def _draft_cycle(world: World, make) -> Ids:
    return {"cycle": make.review_cycle(world.admin, "Next year", state="draft").id}


CASES = {
    # -- userprofile and network
    "updateUserprofile": Case(
        "employee",
        lambda w, ids: f'pk: {_profile(w, "employee")}, userProfile: {{firstName: "Eliza"}}',
        lambda w, ids: (
            "PATCH",
            f"/userprofiles/{_profile(w, 'employee')}/",
            {"first_name": "Eliza"},
        ),
        "profile",
        "peer",
    ),
    "deactivateUserprofile": Case(
        "admin",
        lambda w, ids: f"pk: {_profile(w, 'employee')}",
        lambda w, ids: ("PATCH", f"/userprofiles/{_profile(w, 'employee')}/", {"activated": False}),
        "profile",
        "manager",
    ),
    "reactivateUserprofile": Case(
        "admin",
        lambda w, ids: f"pk: {_profile(w, 'employee')}",
        lambda w, ids: ("PATCH", f"/userprofiles/{_profile(w, 'employee')}/", {"activated": True}),
        "profile",
        "manager",
        prepare=_deactivated,
    ),
    "updateNetwork": Case(
        "admin",
        lambda w, ids: 'name: "Acme Inc"',
        lambda w, ids: ("PATCH", f"/networks/{w.admin.profile.network_id}/", {"name": "Acme Inc"}),
        "network",
        "employee",
    ),
    # -- department
    "createOrUpdateTeam": Case(
        "admin",
        lambda w, ids: 'name: "Design"',
        lambda w, ids: ("POST", "/departments/", {"name": "Design"}),
        "team",
        "employee",
        refused=lambda w, ids: f'pk: {w.engineering.id}, name: "Mine"',
    ),
    "deleteTeam": Case(
        "admin",
        lambda w, ids: f"pk: {w.platform.id}",
        lambda w, ids: ("DELETE", f"/departments/{w.platform.id}/", None),
        None,
        "employee",
    ),
    # -- recognition
    "giveRecognition": Case(
        "employee",
        lambda w, ids: (
            f"input: {{recipient: {_profile(w, 'peer')}, badge: {w.teamwork.id}, "
            'message: "Thanks"}'
        ),
        lambda w, ids: (
            "POST",
            "/recognitions/",
            {"recipient": _profile(w, "peer"), "badge": w.teamwork.id, "message": "Thanks"},
        ),
        "recognition",
        "employee",
        refused=lambda w, ids: (
            f"input: {{recipient: {_profile(w, 'employee')}, badge: {w.teamwork.id}, "
            'message: "Me"}'
        ),
    ),
    "updateRecognition": Case(
        "manager",
        lambda w, ids: f'input: {{pk: {w.recognition.id}, message: "Well done"}}',
        lambda w, ids: ("PATCH", f"/recognitions/{w.recognition.id}/", {"message": "Well done"}),
        "recognition",
        "employee",
    ),
    "deleteRecognition": Case(
        "manager",
        lambda w, ids: f"input: {{pk: {w.recognition.id}}}",
        lambda w, ids: ("DELETE", f"/recognitions/{w.recognition.id}/", None),
        None,
        "employee",
    ),
    # -- oneonone (the admin facilitates world.oneonone, the manager takes part)
    "createOrUpdateActionItem": Case(
        "manager",
        lambda w, ids: f'actionItem: {{createdInOneonone: {w.oneonone.id}, title: "Book a room"}}',
        lambda w, ids: (
            "POST",
            f"/oneonones/{w.oneonone.id}/actionitems/",
            {"title": "Book a room"},
        ),
        "actionItem",
        "manager",
        refused=lambda w, ids: (
            f"pk: {ids['item']}, actionItem: {{assignedTo: {_profile(w, 'peer')}}}"
        ),
        prepare=_action_item,
    ),
    "deleteActionItem": Case(
        "manager",
        lambda w, ids: f"pk: {ids['item']}",
        lambda w, ids: ("DELETE", f"/oneonones/{w.oneonone.id}/actionitems/{ids['item']}/", None),
        None,
        "employee",
        prepare=_action_item,
    ),
    "deleteOneonone": Case(
        "admin",
        lambda w, ids: f"pk: {w.oneonone.id}",
        lambda w, ids: ("DELETE", f"/oneonones/{w.oneonone.id}/", None),
        None,
        "manager",
    ),
    "updateNoteSharing": Case(
        "admin",
        lambda w, ids: f"pk: {ids['note']}, shared: true",
        lambda w, ids: (
            "PATCH",
            f"/oneonones/{w.oneonone.id}/notes/{ids['note']}/",
            {"shared": True},
        ),
        "note",
        "manager",
        prepare=_note,
    ),
    # -- feedback (the admin asked the employee about the manager; the employee answered)
    "answerFeedback": Case(
        "peer",
        lambda w, ids: (
            f"requestPk: {ids['request']}, "
            'feedback: {answers: [{question: 1, answer: "Clear"}]}'
        ),
        lambda w, ids: ("POST", "/feedback/", {"request": ids["request"], "answers": ["Clear"]}),
        "feedback",
        "employee",
        refused=lambda w, ids: f"requestPk: {w.feedback_request.id}, feedback: {{answers: []}}",
        prepare=_asking_peer,
    ),
    "submitFeedback": Case(
        "peer",
        lambda w, ids: f"pk: {ids['draft']}",
        lambda w, ids: ("PATCH", f"/feedback/{ids['draft']}/", {"state": "submitted"}),
        "feedback",
        "employee",
        prepare=_peer_draft,
    ),
    "updateFeedbackRequest": Case(
        "admin",
        lambda w, ids: f"pk: {w.feedback_request.id}, request: {{acceptingSubmissions: false}}",
        lambda w, ids: (
            "PATCH",
            f"/feedbackrequests/{w.feedback_request.id}/",
            {"state": "closed"},
        ),
        "feedbackRequest",
        "employee",
    ),
    "deleteFeedbackRequest": Case(
        "admin",
        lambda w, ids: f"pk: {w.feedback_request.id}",
        lambda w, ids: ("DELETE", f"/feedbackrequests/{w.feedback_request.id}/", None),
        None,
        "employee",
    ),
    "createFeedbackRequest": Case(
        "manager",
        lambda w, ids: (
            f"input: {{recipient: {_profile(w, 'employee')}, responders: [{_profile(w, 'peer')}],"
            ' questions: ["Strengths?"]}'
        ),
        lambda w, ids: (
            "POST",
            "/feedbackrequests/",
            {
                "subject": _profile(w, "employee"),
                "responders": [_profile(w, "peer")],
                "questions": ["Strengths?"],
            },
        ),
        "feedbackRequest",
        "manager",
        refused=lambda w, ids: (
            f"input: {{recipient: {_profile(w, 'employee')}, "
            f'responders: [{_profile(w, "employee")}], questions: ["Strengths?"]}}'
        ),
    ),
    "giveFeedback": Case(
        "employee",
        lambda w, ids: f'input: {{recipient: {_profile(w, "peer")}, text: "Great demo"}}',
        lambda w, ids: (
            "POST",
            "/feedback/",
            {"recipient": _profile(w, "peer"), "text": "Great demo"},
        ),
        "feedback",
        "employee",
        refused=lambda w, ids: f'input: {{recipient: {_profile(w, "employee")}, text: "Me"}}',
    ),
    # -- privatenote (the admin's note about the manager)
    "createPrivateNote": Case(
        "admin",
        lambda w, ids: f'input: {{about: {_profile(w, "employee")}, text: "Mentor"}}',
        lambda w, ids: (
            "POST",
            "/privatenotes/",
            {"about": _profile(w, "employee"), "text": "Mentor"},
        ),
        "privateNote",
        "admin",
        refused=lambda w, ids: f'input: {{about: {_profile(w, "admin")}, text: "Me"}}',
    ),
    "updatePrivateNote": Case(
        "admin",
        lambda w, ids: f'input: {{pk: {w.admin_note.id}, text: "Changed"}}',
        lambda w, ids: ("PATCH", f"/privatenotes/{w.admin_note.id}/", {"text": "Changed"}),
        "privateNote",
        "manager",
    ),
    "deletePrivateNote": Case(
        "admin",
        lambda w, ids: f"input: {{pk: {w.admin_note.id}}}",
        lambda w, ids: ("DELETE", f"/privatenotes/{w.admin_note.id}/", None),
        None,
        "manager",
    ),
    # -- objective (the employee's objective, with two key results, one the peer owns)
    "createObjective": Case(
        "employee",
        lambda w, ids: 'objective: {name: "Learn Rust", objectiveType: 1}',
        lambda w, ids: (
            "POST",
            "/objectives/",
            {"name": "Learn Rust", "objective_type": "individual"},
        ),
        "objective",
        "employee",
        refused=lambda w, ids: 'objective: {name: "Team goal", objectiveType: 2}',
    ),
    "updateObjective": Case(
        "employee",
        lambda w, ids: f'objective: {{pk: {w.employee_objective.id}, name: "Serve more"}}',
        lambda w, ids: ("PATCH", f"/objectives/{w.employee_objective.id}/", {"name": "Serve more"}),
        "objective",
        "manager",
    ),
    "deleteKeyResult": Case(
        "employee",
        lambda w, ids: f"keyResultId: {w.endpoints.id}",
        lambda w, ids: ("DELETE", f"/keyresults/{w.endpoints.id}/", None),
        None,
        "manager",
    ),
    "createCheckin": Case(
        "employee",
        lambda w, ids: (
            f'objectivePk: {w.employee_objective.id}, message: "Halfway", '
            f"keyResults: [{{pk: {w.endpoints.id}, currentValue: 5}}]"
        ),
        lambda w, ids: (
            "POST",
            "/objectivecheckins/",
            {
                "objective": w.employee_objective.id,
                "message": "Halfway",
                "key_results": [{"key_result": w.endpoints.id, "current_value": 5}],
            },
        ),
        "checkin",
        "manager",
    ),
    "followObjective": Case(
        "employee",
        lambda w, ids: f"objective: {w.employee_objective.id}",
        lambda w, ids: ("POST", f"/objectives/{w.employee_objective.id}/follow/", None),
        "objective",
        "other_user",
    ),
    "unfollowObjective": Case(
        "employee",
        lambda w, ids: f"objective: {w.employee_objective.id}",
        lambda w, ids: ("DELETE", f"/objectives/{w.employee_objective.id}/follow/", None),
        None,
        "other_user",
        prepare=lambda w, make: _followed(w),
    ),
    "deleteObjective": Case(
        "employee",
        lambda w, ids: f"input: {{pk: {w.employee_objective.id}}}",
        lambda w, ids: ("DELETE", f"/objectives/{w.employee_objective.id}/", None),
        None,
        "manager",
    ),
    # -- review (the employee's review in the active cycle, by the manager)
    "answerSnapshot": Case(
        "employee",
        lambda w, ids: f'pk: {w.review.id}, answers: [{{item: 1, answer: "Shipped"}}]',
        lambda w, ids: ("PATCH", f"/reviews/{w.review.id}/", {"self_answers": ["Shipped"]}),
        "snapshot",
        "manager",
    ),
    "transitionSnapshotToNextState": Case(
        "employee",
        lambda w, ids: f"pk: {w.review.id}",
        lambda w, ids: ("POST", f"/reviews/{w.review.id}/submit/", None),
        "snapshot",
        "manager",
    ),
    "transitionSnapshot": Case(
        "employee",
        lambda w, ids: f"pk: {w.review.id}, state: 1",
        lambda w, ids: ("POST", f"/reviews/{w.review.id}/submit/", None),
        "snapshot",
        "manager",
    ),
    "updateSnapshotManagers": Case(
        "admin",
        lambda w, ids: f"pk: {w.review.id}, manager: {_profile(w, 'admin')}",
        lambda w, ids: ("PATCH", f"/reviews/{w.review.id}/", {"reviewer": _profile(w, "admin")}),
        "snapshot",
        "manager",
    ),
    "deleteSnapshotGroup": Case(
        "admin",
        lambda w, ids: f"pk: {ids['cycle']}",
        lambda w, ids: ("DELETE", f"/reviewcycles/{ids['cycle']}/", None),
        None,
        "employee",
        refused=lambda w, ids: f"pk: {w.cycle.id}",
        prepare=_draft_cycle,
    ),
    "createReviewCycle": Case(
        "admin",
        lambda w, ids: 'input: {name: "2027", startDate: "2027-01-01", endDate: "2027-12-31"}',
        lambda w, ids: (
            "POST",
            "/reviewcycles/",
            {"name": "2027", "start_date": "2027-01-01", "end_date": "2027-12-31"},
        ),
        "snapshotGroup",
        "employee",
    ),
    "updateReviewCycle": Case(
        "admin",
        lambda w, ids: f'input: {{pk: {w.cycle.id}, name: "Renamed"}}',
        lambda w, ids: ("PATCH", f"/reviewcycles/{w.cycle.id}/", {"name": "Renamed"}),
        "snapshotGroup",
        "employee",
    ),
    "createReview": Case(
        "admin",
        lambda w, ids: f"input: {{snapshotGroup: {w.cycle.id}, forUser: {_profile(w, 'peer')}}}",
        lambda w, ids: (
            "POST",
            "/reviews/",
            {"cycle": w.cycle.id, "subject": _profile(w, "peer")},
        ),
        "snapshot",
        "employee",
    ),
}

# A call of each mutation that asks for no change, or only for values the object has, with
# what it needs beyond the world; CHANGES_ALWAYS cannot change nothing: each adds or deletes
# an object or moves one to its next state (or is refused).
NOTHING = {
    "updateUserprofile": ("employee", lambda w, ids: f"pk: {_profile(w, 'employee')}", None),
    "deactivateUserprofile": (
        "admin",
        lambda w, ids: f"pk: {_profile(w, 'employee')}",
        _deactivated,
    ),
    "reactivateUserprofile": ("admin", lambda w, ids: f"pk: {_profile(w, 'employee')}", None),
    "updateNetwork": ("admin", lambda w, ids: 'name: "Acme"', None),
    "createOrUpdateTeam": (
        "manager",
        lambda w, ids: f"pk: {w.engineering.id}, profilesToAdd: [{_profile(w, 'employee')}]",
        None,
    ),
    "updateRecognition": (
        "manager",
        lambda w, ids: f'input: {{pk: {w.recognition.id}, message: "Great release work."}}',
        None,
    ),
    "createOrUpdateActionItem": (
        "manager",
        lambda w, ids: f"pk: {ids['item']}, actionItem: {{}}",
        _action_item,
    ),
    "updateNoteSharing": ("admin", lambda w, ids: f"pk: {ids['note']}, shared: false", _note),
    "answerFeedback": (
        "peer",
        lambda w, ids: f"requestPk: {ids['request']}, feedback: {{}}",
        _peer_draft,
    ),
    "updateFeedbackRequest": (
        "admin",
        lambda w, ids: f"pk: {w.feedback_request.id}, request: {{acceptingSubmissions: true}}",
        None,
    ),
    "updatePrivateNote": ("admin", lambda w, ids: f"input: {{pk: {w.admin_note.id}}}", None),
    "updateObjective": (
        "employee",
        lambda w, ids: f"objective: {{pk: {w.employee_objective.id}}}",
        None,
    ),
    "followObjective": (
        "employee",
        lambda w, ids: f"objective: {w.employee_objective.id}",
        lambda w, make: _followed(w),
    ),
    "unfollowObjective": ("employee", lambda w, ids: f"objective: {w.employee_objective.id}", None),
    "answerSnapshot": ("employee", lambda w, ids: f"pk: {w.review.id}, answers: []", None),
    "updateSnapshotManagers": ("admin", lambda w, ids: f"pk: {w.review.id}", None),
    "updateReviewCycle": ("admin", lambda w, ids: f"input: {{pk: {w.cycle.id}}}", None),
}
CHANGES_ALWAYS = {
    "deleteTeam",
    "giveRecognition",
    "deleteRecognition",
    "deleteActionItem",
    "deleteOneonone",
    "submitFeedback",
    "deleteFeedbackRequest",
    "createFeedbackRequest",
    "giveFeedback",
    "createPrivateNote",
    "deletePrivateNote",
    "createObjective",
    "deleteKeyResult",
    "createCheckin",
    "deleteObjective",
    "transitionSnapshotToNextState",
    "transitionSnapshot",
    "deleteSnapshotGroup",
    "createReviewCycle",
    "createReview",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def selection(
    object_type: GraphQLObjectType, scope: str, marked: set | None = None, depth: int = 0
) -> str:
    """Every field of `object_type` a token with only `scope` may reach: a field that needs
    another scope is asked for its `__typename` alone (it answers null), and added to
    `marked` as (type, field)."""
    assert depth < 6, f"{object_type.name}: a payload reaches this deep without a scope"
    parts = []
    for name, graphql_field in object_type.fields.items():
        assert not any(is_non_null_type(a.type) for a in graphql_field.args.values()), name
        named = get_named_type(graphql_field.type)
        needs = COMPILED.scopes.get((object_type.name, name))
        if needs not in (None, scope) and marked is not None:
            marked.add((object_type.name, name))
        if not isinstance(named, GraphQLObjectType):
            parts.append(name)
        elif needs not in (None, scope):
            parts.append(f"{name} {{ __typename }}")
        else:
            parts.append(f"{name} {{ {selection(named, scope, marked, depth + 1)} }}")
    return " ".join(parts)


def document(name: str, arguments: str) -> str:
    payload = get_named_type(COMPILED.graphql.mutation_type.fields[name].type)
    return f"mutation {{ {name}({arguments}) {{ {selection(payload, MUTATIONS[name])} }} }}"


def _rest_value(rest: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(rest, dict) or part not in rest:
            return None
        rest = rest[part]
    return rest


def beyond_rest(value: Any, rest: Any, object_type, path: list) -> tuple[list, list]:
    """(what `value`, an object of `object_type` as the payload shows it, holds that `rest`, the
    REST answer, does not; the paths of the fields refused for their scope)."""
    extra, refused = [], []
    for name, graphql_field in object_type.fields.items():
        shown = value[name]
        here = [*path, name]
        if (object_type.name, name) in COMPILED.scopes:
            assert shown is None, here
            refused.append(here)
            continue
        if shown is None:
            continue
        key = REST_NAMES.get(f"{object_type.name}.{name}", REST_NAMES.get(name, _snake(name)))
        held = _rest_value(rest, key)
        if held is None:
            extra.append(".".join(map(str, here)))
            continue
        named = get_named_type(graphql_field.type)
        if isinstance(named, GraphQLObjectType):
            pairs = zip(shown, held, strict=True) if isinstance(shown, list) else [(shown, held)]
            for index, (item, held_item) in enumerate(pairs):
                item_path = [*here, index] if isinstance(shown, list) else here
                more, also = beyond_rest(item, held_item, named, item_path)
                extra += more
                refused += also
    return extra, refused


def test_every_mutation_has_a_case():
    assert set(MUTATIONS) == set(CASES)
    assert set(MUTATIONS) == set(NOTHING) | CHANGES_ALWAYS
    assert not set(NOTHING) & CHANGES_ALWAYS
    for name in MUTATIONS:
        payload = get_named_type(COMPILED.graphql.mutation_type.fields[name].type)
        assert "userErrors" in payload.fields, name
        for part, graphql_field in payload.fields.items():
            assert part in ERRORS or not is_non_null_type(graphql_field.type), (name, part)


def test_every_scope_only_a_payload_reaches_without_it_is_asked_for():
    """The marked fields that test_scopes cannot reach by a query without their scope are
    each in the selection of a payload, where a write-only token is refused them."""
    marked: set = set()
    for name, scope in MUTATIONS.items():
        selection(get_named_type(COMPILED.graphql.mutation_type.fields[name].type), scope, marked)
    unqueried = {
        field
        for field, scope in COMPILED.scopes.items()
        if field[0] != "Mutation" and path_to(field[0], scope) is None
    }
    assert unqueried and unqueried <= marked, unqueried - marked


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_refused_mutation_shows_nothing(graphql, world, make, name):
    case = CASES[name]
    ids = case.prepare(world, make)
    query = document(name, (case.refused or case.arguments)(world, ids))
    refuser = getattr(world, case.refuser)
    for scope in (MUTATIONS[name], "all"):
        answer = graphql(make.token(refuser, scope))(query)
        assert "errors" not in answer, answer["errors"]
        payload = answer["data"][name]
        assert payload["userErrors"], (scope, payload)
        shown = {part: value for part, value in payload.items() if part not in ERRORS and value}
        assert shown == {}, scope


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_mutation_shows_no_more_than_rest(graphql, client, states, world, make, name):
    case = CASES[name]
    scope = MUTATIONS[name]
    ids = case.prepare(world, make)
    answer = graphql(make.token(getattr(world, case.caller), scope))(
        document(name, case.arguments(world, ids))
    )
    payload = answer["data"][name]
    assert payload["userErrors"] == [], payload["userErrors"]

    # The same write through the REST API, with the same scope, from the same world.
    world = states.load(build_world)
    ids = case.prepare(world, make)
    method, path, body = case.rest(world, ids)
    response = client.request(
        method, f"{API}{path}", json=body, headers=make.token(getattr(world, case.caller), scope)
    )
    assert response.status_code in (200, 201, 204), response.text
    rest = response.json() if response.status_code != 204 else None
    assert (rest is None) == (case.written is None)

    payload_type = get_named_type(COMPILED.graphql.mutation_type.fields[name].type)
    extra, refused = [], []
    for part, graphql_field in payload_type.fields.items():
        here = [name, part]
        if (payload_type.name, part) in COMPILED.scopes:
            assert payload[part] is None, here
            refused.append(here)
        elif part in ERRORS or payload[part] is None:
            continue
        elif part == case.written:
            more, also = beyond_rest(payload[part], rest, get_named_type(graphql_field.type), here)
            extra += more
            refused += also
        elif isinstance(get_named_type(graphql_field.type), GraphQLObjectType):
            extra.append(part)  # the REST answer holds the object written alone
    assert extra == [], f"{name} shows what the REST answer does not: {extra}"
    assert case.written is None or payload[case.written], payload
    errors = answer.get("errors", [])
    assert sorted(e["path"] for e in errors) == sorted(refused)
    assert all(e["extensions"]["code"] == "INSUFFICIENT_SCOPE" for e in errors)


@pytest.mark.parametrize("name", sorted(NOTHING))
def test_a_mutation_that_changes_nothing_is_refused(graphql, world, make, name):
    caller, arguments, prepare = NOTHING[name]
    ids = prepare(world, make) if prepare else {}
    query = document(name, arguments(world, ids))
    answer = graphql(make.token(getattr(world, caller), MUTATIONS[name]))(query)
    payload = answer["data"][name]
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID"], payload["userErrors"]
    assert {part: value for part, value in payload.items() if part not in ERRORS and value} == {}


# The payload fields that show another object than the one written, by the REST path of that
# object; in a delete, every other field that holds an object shows the object deleted.
SHOWN = {
    "UpdateNoteSharing.oneonone": lambda w, ids: f"/oneonones/{w.oneonone.id}/",
    "CreateCheckin.objective": lambda w, ids: f"/objectives/{w.employee_objective.id}/",
    "DeleteKeyResult.objective": lambda w, ids: f"/objectives/{w.employee_objective.id}/",
    "UnfollowObjective.objective": lambda w, ids: f"/objectives/{w.employee_objective.id}/",
}
# What a payload holds beside objects: a list as the REST API lists the same objects after the
# write (what a delete left, the reviews after a move), whether it was done.
REMAINING = {
    "DeleteSnapshotGroup.snapshotGroups": "/reviewcycles/",
    "TransitionSnapshotToNextState.snapshots": "/reviews/",
}
DONE = {"DeleteOneonone.ok"}


def _payload_type(name: str) -> GraphQLObjectType:
    return get_named_type(COMPILED.graphql.mutation_type.fields[name].type)


def _target(client, headers, method: str, path: str) -> tuple[str | None, set[int]]:
    """The REST path of the object the write changes or deletes (None when it creates one) and,
    for a create, the ids the collection holds before it."""
    *_, last = path.strip("/").split("/")
    if last.isdigit():
        return path, set()
    if method == "POST" and last in ("submit", "share") or last == "follow":
        return path.removesuffix(f"{last}/"), set()
    listed = client.get(f"{API}{path}?limit=500", headers=headers).json()["results"]
    return None, {item["id"] for item in listed}


def _registered(test):
    """Registers `test` as asserting every mutation of CASES and every field of its payload."""
    fields = [f"Mutation.{name}" for name in CASES]
    fields += [f"{_payload_type(n).name}.{part}" for n in CASES for part in _payload_type(n).fields]
    return checks(*fields)(test)


@_registered
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_mutation_answers_what_it_did(client, graphql, world, make, name):
    """Done with every scope, every field of the payload has its value: no user errors; the
    object written as the REST API then shows it to the caller, field by field (the table of
    tests/graphql/fields.py); a deleted object as the REST API showed it before; the rest as
    SHOWN, REMAINING and DONE say."""
    case = CASES[name]
    ids = case.prepare(world, make)
    headers = make.token(getattr(world, case.caller))
    people = people_of(world)
    method, path, _ = case.rest(world, ids)
    target, before = _target(client, headers, method, path)
    seen = Seen(client, headers, people)
    deleted = None
    if method == "DELETE" and target == path:  # the object itself, not a part of it
        deleted = seen.object(target)
        seen = Seen(client, headers, people)  # read anew after the delete
        seen.private_note_authors()  # with the author of a note the delete removes

    payload_type = _payload_type(name)
    parts = []
    for part, graphql_field in payload_type.fields.items():
        named = get_named_type(graphql_field.type)
        key = f"{payload_type.name}.{part}"
        if part in ERRORS or key in DONE:
            parts.append(f"{part} {{ {' '.join(named.fields)} }}" if part in ERRORS else part)
        elif key in REMAINING:
            node = get_named_type(named.fields["edges"].type).fields["node"].type
            nodes = table_selection(get_named_type(node).name, people)
            parts.append(connection_selection(part, "(first: 50)", nodes))
        else:
            # A deleted object shows its own values; what it led to went with it.
            kinds = (VALUE, EMBEDDED) if deleted and key not in SHOWN else KINDS
            parts.append(f"{part} {{ {table_selection(named.name, people, kinds)} }}")
    answer = graphql(headers).data(
        f"mutation {{ {name}({case.arguments(world, ids)}) {{ {' '.join(parts)} }} }}"
    )
    payload = answer[name]

    problems = []
    for part, graphql_field in payload_type.fields.items():
        key = f"{payload_type.name}.{part}"
        named = get_named_type(graphql_field.type)
        got = payload[part]
        if part in ERRORS:
            assert got == [], (key, got)
        elif key in DONE:
            assert got is True, key
            assert client.get(f"{API}{target}", headers=headers).status_code == 404
        elif key in REMAINING:
            node_type = get_named_type(
                get_named_type(named.fields["edges"].type).fields["node"].type
            )
            items = seen.items(REMAINING[key].strip("/"))
            problems += check_connection(key, got, [i["id"] for i in items], 0, 50)
            by_id = {item["id"]: item for item in items}
            for edge in got["edges"]:
                node = edge["node"]
                problems += compare(node_type.name, node, by_id[node["pk"]], seen, key)
        else:
            assert named.name in TABLE, f"{key}: no expectation for this payload field"
            if key in SHOWN:
                item = seen.object(SHOWN[key](world, ids))
            elif deleted is not None:
                item = deleted
            else:
                assert part == case.written, f"{key}: no expectation for this payload field"
                if target is None:
                    listed = seen.get(f"{path}?limit=500")["results"]
                    (new,) = {i["id"] for i in listed} - before
                    item = seen.object(f"{path}{new}/")
                else:
                    item = seen.object(target)
            assert got is not None, key
            problems += compare(named.name, got, item, seen, key)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
