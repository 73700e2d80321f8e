"""The absolute URL of every object the API serves: one function per collection.

Renderers and handlers build URLs only here, so a collection's path is written once.
"""

from __future__ import annotations

from collections.abc import Callable

from gaggle.requests import api_url


def optional(link: Callable[[int], str], object_id: int | None) -> str | None:
    """`link(object_id)`, or None for a relation that is not set."""
    return link(object_id) if object_id else None


def user(user_id: int) -> str:
    return api_url(f"/users/{user_id}/")


def userprofile(profile_id: int) -> str:
    return api_url(f"/userprofiles/{profile_id}/")


def network(network_id: int) -> str:
    return api_url(f"/networks/{network_id}/")


def department(department_id: int) -> str:
    return api_url(f"/departments/{department_id}/")


def badge(badge_id: int) -> str:
    return api_url(f"/badges/{badge_id}/")


def recognition(recognition_id: int) -> str:
    return api_url(f"/recognitions/{recognition_id}/")


def recognition_comment(recognition_id: int, comment_id: int) -> str:
    return f"{recognition(recognition_id)}comments/{comment_id}/"


def oneonone(oneonone_id: int) -> str:
    return api_url(f"/oneonones/{oneonone_id}/")


def oneonone_notes(oneonone_id: int) -> str:
    return f"{oneonone(oneonone_id)}notes/"


def oneonone_note(oneonone_id: int, note_id: int) -> str:
    return f"{oneonone_notes(oneonone_id)}{note_id}/"


def oneonone_action_items(oneonone_id: int) -> str:
    return f"{oneonone(oneonone_id)}actionitems/"


def oneonone_action_item(oneonone_id: int, item_id: int) -> str:
    return f"{oneonone_action_items(oneonone_id)}{item_id}/"


def feedbackrequest(request_id: int) -> str:
    return api_url(f"/feedbackrequests/{request_id}/")


def feedback(feedback_id: int) -> str:
    return api_url(f"/feedback/{feedback_id}/")


def privatenote(note_id: int) -> str:
    return api_url(f"/privatenotes/{note_id}/")


def objective(objective_id: int) -> str:
    return api_url(f"/objectives/{objective_id}/")


def keyresult(key_result_id: int) -> str:
    return api_url(f"/keyresults/{key_result_id}/")


def objectivecheckin(checkin_id: int) -> str:
    return api_url(f"/objectivecheckins/{checkin_id}/")


def reviewcycle(cycle_id: int) -> str:
    return api_url(f"/reviewcycles/{cycle_id}/")


def review(review_id: int) -> str:
    return api_url(f"/reviews/{review_id}/")
