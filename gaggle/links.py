"""The absolute URL of every object the API serves: one method per collection.

Renderers and resolvers build URLs only here, so a collection's path is written once. A page
of results builds dozens of them, so the API's base URL is worked out once per request:
`current()` is the request's `Links`, kept in its ASGI scope.
"""

from __future__ import annotations

from collections.abc import Callable

from connexion.context import scope

from gaggle.requests import api_url

_LINKS = "gaggle.links"


def optional(link: Callable[[int], str], object_id: int | None) -> str | None:
    """`link(object_id)`, or None for a relation that is not set."""
    return link(object_id) if object_id else None


def current() -> Links:
    """The links of the request being handled."""
    # The scope itself, not through its proxy, which costs more than the rest of a link: a
    # GraphQL page asks for hundreds of them.
    current_scope = scope._get_current_object()
    found = current_scope.get(_LINKS)
    if found is None:
        found = current_scope[_LINKS] = Links(api_url(""))
    return found


class Links:
    """URLs under one API base URL (`https://host/prefix/api/v/2.0`)."""

    __slots__ = ("api",)

    def __init__(self, api: str) -> None:
        self.api = api

    def user(self, user_id: int) -> str:
        return f"{self.api}/users/{user_id}/"

    def userprofile(self, profile_id: int) -> str:
        return f"{self.api}/userprofiles/{profile_id}/"

    def network(self, network_id: int) -> str:
        return f"{self.api}/networks/{network_id}/"

    def department(self, department_id: int) -> str:
        return f"{self.api}/departments/{department_id}/"

    def badge(self, badge_id: int) -> str:
        return f"{self.api}/badges/{badge_id}/"

    def recognition(self, recognition_id: int) -> str:
        return f"{self.api}/recognitions/{recognition_id}/"

    def recognition_comment(self, recognition_id: int, comment_id: int) -> str:
        return f"{self.recognition(recognition_id)}comments/{comment_id}/"

    def oneonone(self, oneonone_id: int) -> str:
        return f"{self.api}/oneonones/{oneonone_id}/"

    def oneonone_notes(self, oneonone_id: int) -> str:
        return f"{self.oneonone(oneonone_id)}notes/"

    def oneonone_note(self, oneonone_id: int, note_id: int) -> str:
        return f"{self.oneonone_notes(oneonone_id)}{note_id}/"

    def oneonone_action_items(self, oneonone_id: int) -> str:
        return f"{self.oneonone(oneonone_id)}actionitems/"

    def oneonone_action_item(self, oneonone_id: int, item_id: int) -> str:
        return f"{self.oneonone_action_items(oneonone_id)}{item_id}/"

    def feedbackrequest(self, request_id: int) -> str:
        return f"{self.api}/feedbackrequests/{request_id}/"

    def feedback(self, feedback_id: int) -> str:
        return f"{self.api}/feedback/{feedback_id}/"

    def privatenote(self, note_id: int) -> str:
        return f"{self.api}/privatenotes/{note_id}/"

    def objective(self, objective_id: int) -> str:
        return f"{self.api}/objectives/{objective_id}/"

    def keyresult(self, key_result_id: int) -> str:
        return f"{self.api}/keyresults/{key_result_id}/"

    def objectivecheckin(self, checkin_id: int) -> str:
        return f"{self.api}/objectivecheckins/{checkin_id}/"

    def reviewcycle(self, cycle_id: int) -> str:
        return f"{self.api}/reviewcycles/{cycle_id}/"

    def review(self, review_id: int) -> str:
        return f"{self.api}/reviews/{review_id}/"
