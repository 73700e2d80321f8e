"""A token only ever reaches its own network: another network's objects are 404, never 403."""

from __future__ import annotations

import re

import pytest

from gaggle import spec
from tests.answers import assert_problem
from tests.contract.conftest import METHODS
from tests.handlers.conftest import API

# operationId -> (method, path, body) naming objects of the *other* network.
FOREIGN = {
    "getUser": ("GET", "/users/{other_user}/", None),
    "getUserProfile": ("GET", "/userprofiles/{other_profile}/", None),
    "updateUserProfile": ("PATCH", "/userprofiles/{other_profile}/", {"about": "x"}),
    "getNetwork": ("GET", "/networks/{other_network}/", None),
    "updateNetwork": ("PATCH", "/networks/{other_network}/", {"name": "Taken over"}),
    "getDepartment": ("GET", "/departments/{other_department}/", None),
    "updateDepartment": ("PATCH", "/departments/{other_department}/", {"name": "Mine"}),
    "deleteDepartment": ("DELETE", "/departments/{other_department}/", None),
    "listDepartmentMembers": ("GET", "/departments/{other_department}/members/", None),
    "addDepartmentMember": ("POST", "/departments/{other_department}/members/", {"member": 1}),
    "removeDepartmentMember": (
        "DELETE",
        "/departments/{other_department}/members/{other_profile}/",
        None,
    ),
    "getObjective": ("GET", "/objectives/{other_objective}/", None),
    "updateObjective": ("PATCH", "/objectives/{other_objective}/", {"name": "Mine"}),
    "deleteObjective": ("DELETE", "/objectives/{other_objective}/", None),
    "getKeyResult": ("GET", "/keyresults/{other_key_result}/", None),
    "updateKeyResult": ("PATCH", "/keyresults/{other_key_result}/", {"current_value": 5}),
    "deleteKeyResult": ("DELETE", "/keyresults/{other_key_result}/", None),
    "getObjectiveCheckin": ("GET", "/objectivecheckins/{other_checkin}/", None),
    "getReviewCycle": ("GET", "/reviewcycles/{other_cycle}/", None),
    "updateReviewCycle": ("PATCH", "/reviewcycles/{other_cycle}/", {"name": "Mine"}),
    "deleteReviewCycle": ("DELETE", "/reviewcycles/{other_cycle}/", None),
    "getReview": ("GET", "/reviews/{other_review}/", None),
    "updateReview": ("PATCH", "/reviews/{other_review}/", {"self_answers": ["x"]}),
    "submitReview": ("POST", "/reviews/{other_review}/submit/", None),
    "shareReview": ("POST", "/reviews/{other_review}/share/", None),
    "getBadge": ("GET", "/badges/{other_badge}/", None),
    "updateBadge": ("PATCH", "/badges/{other_badge}/", {"active": False}),
    "getRecognition": ("GET", "/recognitions/{other_recognition}/", None),
    "updateRecognition": ("PATCH", "/recognitions/{other_recognition}/", {"message": "Mine"}),
    "deleteRecognition": ("DELETE", "/recognitions/{other_recognition}/", None),
    "listRecognitionComments": ("GET", "/recognitions/{other_recognition}/comments/", None),
    "addRecognitionComment": (
        "POST",
        "/recognitions/{other_recognition}/comments/",
        {"text": "Hello"},
    ),
    "deleteRecognitionComment": (
        "DELETE",
        "/recognitions/{other_recognition}/comments/{other_comment}/",
        None,
    ),
    "listRecognitionLikes": ("GET", "/recognitions/{other_recognition}/likes/", None),
    "likeRecognition": ("POST", "/recognitions/{other_recognition}/like/", None),
    "unlikeRecognition": ("DELETE", "/recognitions/{other_recognition}/like/", None),
    "followObjective": ("POST", "/objectives/{other_objective}/follow/", None),
    "unfollowObjective": ("DELETE", "/objectives/{other_objective}/follow/", None),
    "getPrivateNote": ("GET", "/privatenotes/{other_note}/", None),
    "updatePrivateNote": ("PATCH", "/privatenotes/{other_note}/", {"text": "Mine"}),
    "deletePrivateNote": ("DELETE", "/privatenotes/{other_note}/", None),
    "getFeedbackRequest": ("GET", "/feedbackrequests/{other_feedback_request}/", None),
    "updateFeedbackRequest": (
        "PATCH",
        "/feedbackrequests/{other_feedback_request}/",
        {"state": "closed"},
    ),
    "deleteFeedbackRequest": ("DELETE", "/feedbackrequests/{other_feedback_request}/", None),
    "getFeedback": ("GET", "/feedback/{other_feedback}/", None),
    "updateFeedback": ("PATCH", "/feedback/{other_feedback}/", {"text": "Mine"}),
    "deleteFeedback": ("DELETE", "/feedback/{other_feedback}/", None),
    "getOneOnOne": ("GET", "/oneonones/{other_oneonone}/", None),
    "updateOneOnOne": ("PATCH", "/oneonones/{other_oneonone}/", {"status": "cancelled"}),
    "deleteOneOnOne": ("DELETE", "/oneonones/{other_oneonone}/", None),
    "listOneOnOneNotes": ("GET", "/oneonones/{other_oneonone}/notes/", None),
    "addOneOnOneNote": ("POST", "/oneonones/{other_oneonone}/notes/", {"text": "Hi"}),
    "updateOneOnOneNote": (
        "PATCH",
        "/oneonones/{other_oneonone}/notes/{other_oneonone_note}/",
        {"text": "Mine"},
    ),
    "deleteOneOnOneNote": (
        "DELETE",
        "/oneonones/{other_oneonone}/notes/{other_oneonone_note}/",
        None,
    ),
    "listOneOnOneActionItems": ("GET", "/oneonones/{other_oneonone}/actionitems/", None),
    "addOneOnOneActionItem": ("POST", "/oneonones/{other_oneonone}/actionitems/", {"title": "X"}),
    "updateOneOnOneActionItem": (
        "PATCH",
        "/oneonones/{other_oneonone}/actionitems/{other_action_item}/",
        {"completed": True},
    ),
    "deleteOneOnOneActionItem": (
        "DELETE",
        "/oneonones/{other_oneonone}/actionitems/{other_action_item}/",
        None,
    ),
}


def test_every_operation_on_one_object_is_listed_here():
    with_ids = {
        operation["operationId"]
        for path, item in spec.api_document()["paths"].items()
        if "{" in path
        for method in METHODS
        if (operation := item.get(method))
    }
    assert with_ids == set(FOREIGN)


@pytest.mark.parametrize("operation_id", sorted(FOREIGN))
def test_other_networks_objects_are_not_found_even_for_admins(client, make, world, operation_id):
    method, path, body = FOREIGN[operation_id]
    other_comment = client.post(
        f"{API}/recognitions/{world.other_recognition.id}/comments/",
        headers=make.token(world.other_user),
        json={"text": "Globex only"},
    ).json()["id"]
    url = API + path.format(
        other_user=world.other_user.id,
        other_profile=world.other_user.profile.id,
        other_network=world.other_user.profile.network_id,
        other_department=world.other_department.id,
        other_objective=world.other_objective.id,
        other_key_result=world.other_key_result.id,
        other_checkin=world.other_checkin.id,
        other_cycle=world.other_cycle.id,
        other_review=world.other_review.id,
        other_badge=world.other_badge.id,
        other_recognition=world.other_recognition.id,
        other_comment=other_comment,
        other_note=world.other_note.id,
        other_feedback_request=world.other_feedback_request.id,
        other_feedback=world.other_feedback.id,
        other_oneonone=world.other_oneonone.id,
        other_oneonone_note=world.other_oneonone_note.id,
        other_action_item=world.other_action_item.id,
    )
    response = client.request(method, url, headers=make.token(world.admin), json=body)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_adding_a_member_from_another_network_is_refused(client, make, world):
    response = client.post(
        f"{API}/departments/{world.engineering.id}/members/",
        headers=make.token(world.admin),
        json={"member": world.other_user.profile.id},
    )
    assert_problem(response, 422, "member: no user profile with id")


def test_relations_to_another_network_are_refused(client, make, world):
    token = make.token(world.admin)
    response = client.patch(
        f"{API}/userprofiles/{world.peer.profile.id}/",
        headers=token,
        json={"reports_to": world.other_admin.profile.id},
    )
    assert_problem(response, 422, "reports_to: no user profile with id")
    created = client.post(
        f"{API}/departments/",
        headers=token,
        json={"name": "X", "parent": world.other_department.id},
    )
    assert_problem(created, 422, "parent: no department with id")


@pytest.mark.parametrize("path", list(spec.collections().values()))
def test_lists_never_show_another_network(client, make, world, path):
    body = client.get(f"{API}{path}?limit=500", headers=make.token(world.admin)).text
    foreign = {
        f"/users/{world.other_user.id}/",
        f"/users/{world.other_admin.id}/",
        f"/userprofiles/{world.other_user.profile.id}/",
        f"/networks/{world.other_user.profile.network_id}/",
        f"/departments/{world.other_department.id}/",
        f"/objectives/{world.other_objective.id}/",
        f"/keyresults/{world.other_key_result.id}/",
        f"/objectivecheckins/{world.other_checkin.id}/",
        f"/reviewcycles/{world.other_cycle.id}/",
        f"/reviews/{world.other_review.id}/",
        f"/badges/{world.other_badge.id}/",
        f"/recognitions/{world.other_recognition.id}/",
        f"/privatenotes/{world.other_note.id}/",
        f"/feedbackrequests/{world.other_feedback_request.id}/",
        f"/feedback/{world.other_feedback.id}/",
        f"/oneonones/{world.other_oneonone.id}/",
    }
    urls = set(re.findall(r"/api/v/2\.0(/[a-z]+/\d+/)", body))
    assert urls and not urls & foreign
