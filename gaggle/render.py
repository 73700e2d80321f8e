"""Every resource as the API answers with it: one renderer per resource.

Handlers of every area use these, and so can any other API over the same models: they read
the request only through the links they build (`gaggle.requests.base_url()`).
"""

from __future__ import annotations

import datetime as dt

from gaggle import links
from gaggle.caller import Caller
from gaggle.models import objectives, reviews
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.objectives import KeyResult, Objective, ObjectiveCheckin
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import Department, Network, User, UserProfile
from gaggle.models.privatenote import PrivateNote
from gaggle.models.recognition import Badge, Recognition, RecognitionComment
from gaggle.models.reviews import Review, ReviewCycle


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _as_is(item: object, *names: str) -> dict:
    """The named attributes of `item` as JSON takes them: strings, numbers, flags."""
    return {name: getattr(item, name) for name in names}


def _times(item: object, *names: str) -> dict:
    """The named dates or instants of `item` in ISO 8601, None where not set."""
    return {name: _iso(getattr(item, name)) for name in names}


def _stamps(item: object) -> dict:
    """When `item` was created and last modified."""
    return _times(item, "created", "modified")


def _profiles(profiles: list[UserProfile]) -> list[str]:
    return [links.userprofile(p.id) for p in profiles]


# -- people ---------------------------------------------------------------------------------


def user(user: User) -> dict:
    return {
        "id": user.id,
        "url": links.user(user.id),
        **_as_is(user, "username", "first_name", "last_name", "email", "is_active"),
        **_times(user, "date_joined"),
    }


def profile(profile: UserProfile) -> dict:
    return {
        "id": profile.id,
        "url": links.userprofile(profile.id),
        "user": user(profile.user),
        "network": links.network(profile.network_id),
        "reports_to": links.optional(links.userprofile, profile.reports_to_id),
        **_as_is(profile, "position", "phone_number", "timezone", "about"),
        **_times(profile, "hire_date"),
        "employee_id": profile.employee_id,
        "is_manager": bool(profile.is_manager),
        **_as_is(profile, "is_admin", "activated", "profile_img"),
    }


def network(network: Network) -> dict:
    return {
        "id": network.id,
        "url": links.network(network.id),
        **_as_is(network, "name", "business_cycle_length", "business_cycle_start_month"),
        **_stamps(network),
    }


def department(department: Department, full_names: dict[int, str]) -> dict:
    """The department; `full_names` holds each department's name with its ancestors'."""
    return {
        "id": department.id,
        "url": links.department(department.id),
        "name": department.name,
        "full_name": full_names.get(department.id, department.name),
        "parent": links.optional(links.department, department.parent_id),
        "creator": links.optional(links.userprofile, department.creator_id),
        "leaders": _profiles(department.leaders),
        "members": _profiles(department.members),
        **_stamps(department),
    }


# -- recognitions ---------------------------------------------------------------------------


def badge(badge: Badge) -> dict:
    return {
        "id": badge.id,
        "url": links.badge(badge.id),
        **_as_is(badge, "name", "description", "active"),
        **_stamps(badge),
    }


def recognition(item: Recognition) -> dict:
    url = links.recognition(item.id)
    return {
        "id": item.id,
        "url": url,
        "creator": profile(item.creator),
        "recipient": profile(item.recipient),
        "badge": links.badge(item.badge_id),
        "message": item.message,
        **_stamps(item),
        "recognition_url": url,
        **_as_is(item, "likes_count", "comments_count"),
        "liked": bool(item.liked),
    }


def recognition_comment(comment: RecognitionComment) -> dict:
    return {
        "id": comment.id,
        "url": links.recognition_comment(comment.recognition_id, comment.id),
        "recognition": links.recognition(comment.recognition_id),
        "author": profile(comment.author),
        "text": comment.text,
        **_times(comment, "created"),
    }


# -- 1-on-1s --------------------------------------------------------------------------------


def oneonone(item: OneOnOne) -> dict:
    return {
        "id": item.id,
        "url": links.oneonone(item.id),
        "facilitator": profile(item.facilitator),
        "participant": profile(item.participant),
        "title": item.title,
        **_times(item, "scheduled_start"),
        **_as_is(item, "duration", "status"),
        "notes": links.oneonone_notes(item.id),
        "action_items": links.oneonone_action_items(item.id),
        **_stamps(item),
    }


def oneonone_note(note: OneOnOneNote) -> dict:
    return {
        "id": note.id,
        "url": links.oneonone_note(note.oneonone_id, note.id),
        "oneonone": links.oneonone(note.oneonone_id),
        "author": links.userprofile(note.author_id),
        **_as_is(note, "text", "shared"),
        **_stamps(note),
    }


def action_item(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "url": links.oneonone_action_item(item.oneonone_id, item.id),
        "oneonone": links.oneonone(item.oneonone_id),
        "creator": links.userprofile(item.creator_id),
        "assignee": links.userprofile(item.assignee_id),
        "title": item.title,
        **_times(item, "due_date"),
        "completed": item.completed,
        **_stamps(item),
    }


# -- feedback -------------------------------------------------------------------------------


def feedback_request(request: FeedbackRequest) -> dict:
    return {
        "id": request.id,
        "url": links.feedbackrequest(request.id),
        "creator": profile(request.creator),
        "subject": profile(request.subject),
        "responders": _profiles(request.responders),
        "questions": list(request.questions),
        **_times(request, "due_date"),
        "state": request.state,
        **_stamps(request),
    }


def feedback(item: Feedback) -> dict:
    return {
        "id": item.id,
        "url": links.feedback(item.id),
        "request": links.optional(links.feedbackrequest, item.request_id),
        "author": profile(item.author),
        "recipient": profile(item.recipient),
        "text": item.text,
        "answers": list(item.answers),
        "state": item.state,
        **_times(item, "submitted", "created", "modified"),
    }


# -- private notes --------------------------------------------------------------------------


def private_note(note: PrivateNote) -> dict:
    return {
        "id": note.id,
        "url": links.privatenote(note.id),
        "about": links.userprofile(note.about_id),
        "text": note.text,
        **_stamps(note),
    }


# -- objectives -----------------------------------------------------------------------------


def objective(caller: Caller, objective: Objective) -> dict:
    """The objective as JSON; a parent or children the caller may not see are left out."""
    parent = objective.parent if objectives.can_see(caller, objective.parent) else None
    return {
        "id": objective.id,
        "url": links.objective(objective.id),
        **_as_is(objective, "name", "description", "objective_type"),
        "owners": _profiles(objective.owners),
        "creator": links.optional(links.userprofile, objective.creator_id),
        "department": links.optional(links.department, objective.department_id),
        "parent": links.objective(parent.id) if parent else None,
        "children": [
            links.objective(child.id)
            for child in sorted(objective.children, key=lambda c: c.id)
            if objectives.can_see(caller, child)
        ],
        **_times(objective, "start_date", "due_date"),
        **_as_is(objective, "private", "draft", "closed", "progress"),
        "key_results": [links.keyresult(kr.id) for kr in objective.key_results],
        **_stamps(objective),
    }


def key_result(key_result: KeyResult) -> dict:
    return {
        "id": key_result.id,
        "url": links.keyresult(key_result.id),
        "objective": links.objective(key_result.objective_id),
        **_as_is(key_result, *objectives.KEY_RESULT_VALUES),
        "owners": _profiles(key_result.owners),
        "progress": key_result.progress,
        **_stamps(key_result),
    }


def checkin(checkin: ObjectiveCheckin) -> dict:
    return {
        "id": checkin.id,
        "url": links.objectivecheckin(checkin.id),
        "objective": links.objective(checkin.objective_id),
        "creator": links.optional(links.userprofile, checkin.creator_id),
        **_as_is(checkin, "message", "assessment_status"),
        "key_results": [
            {
                "key_result": links.keyresult(update.key_result_id),
                **_as_is(update, "previous_value", "current_value", "progress"),
            }
            for update in checkin.updates
        ],
        **_as_is(checkin, "close_objective", "progress"),
        **_times(checkin, "created"),
    }


# -- reviews --------------------------------------------------------------------------------


def review_cycle(cycle: ReviewCycle) -> dict:
    return {
        "id": cycle.id,
        "url": links.reviewcycle(cycle.id),
        "name": cycle.name,
        **_times(cycle, "start_date", "end_date"),
        "questions": list(cycle.questions),
        "state": cycle.state,
        **_stamps(cycle),
    }


def review(caller: Caller, review: Review) -> dict:
    """The review as the caller may see it: the subject sees no reviewer answers before shared."""
    return {
        "id": review.id,
        "url": links.review(review.id),
        "cycle": links.reviewcycle(review.cycle_id),
        "subject": links.userprofile(review.subject_id),
        "reviewer": links.optional(links.userprofile, review.reviewer_id),
        "state": review.state,
        "self_answers": list(review.self_answers),
        "reviewer_answers": list(review.reviewer_answers)
        if reviews.shows_reviewer_answers(caller, review)
        else None,
        **_stamps(review),
    }
