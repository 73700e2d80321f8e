"""Every resource as the API answers with it: one renderer per resource.

Handlers of every area use these, and so can any other API over the same models: they read
the request only through the links they build (`gaggle.requests.origin()`).
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


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# -- people ---------------------------------------------------------------------------------


def user(user: User) -> dict:
    return {
        "id": user.id,
        "url": links.user(user.id),
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined.isoformat(),
    }


def profile(profile: UserProfile) -> dict:
    return {
        "id": profile.id,
        "url": links.userprofile(profile.id),
        "user": user(profile.user),
        "network": links.network(profile.network_id),
        "reports_to": links.optional(links.userprofile, profile.reports_to_id),
        "position": profile.position,
        "phone_number": profile.phone_number,
        "timezone": profile.timezone,
        "about": profile.about,
        "hire_date": _day(profile.hire_date),
        "employee_id": profile.employee_id,
        "is_manager": bool(profile.is_manager),
        "is_admin": profile.is_admin,
        "activated": profile.activated,
        "profile_img": profile.profile_img,
    }


def network(network: Network) -> dict:
    return {
        "id": network.id,
        "url": links.network(network.id),
        "name": network.name,
        "business_cycle_length": network.business_cycle_length,
        "business_cycle_start_month": network.business_cycle_start_month,
        "created": network.created.isoformat(),
        "modified": network.modified.isoformat(),
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
        "leaders": [links.userprofile(p.id) for p in department.leaders],
        "members": [links.userprofile(p.id) for p in department.members],
        "created": department.created.isoformat(),
        "modified": department.modified.isoformat(),
    }


# -- recognitions ---------------------------------------------------------------------------


def badge(badge: Badge) -> dict:
    return {
        "id": badge.id,
        "url": links.badge(badge.id),
        "name": badge.name,
        "description": badge.description,
        "active": badge.active,
        "created": badge.created.isoformat(),
        "modified": badge.modified.isoformat(),
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
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
        "recognition_url": url,
        "likes_count": item.likes_count,
        "comments_count": item.comments_count,
        "liked": bool(item.liked),
    }


def recognition_comment(comment: RecognitionComment) -> dict:
    return {
        "id": comment.id,
        "url": links.recognition_comment(comment.recognition_id, comment.id),
        "recognition": links.recognition(comment.recognition_id),
        "author": profile(comment.author),
        "text": comment.text,
        "created": comment.created.isoformat(),
    }


# -- 1-on-1s --------------------------------------------------------------------------------


def oneonone(item: OneOnOne) -> dict:
    return {
        "id": item.id,
        "url": links.oneonone(item.id),
        "facilitator": profile(item.facilitator),
        "participant": profile(item.participant),
        "title": item.title,
        "scheduled_start": item.scheduled_start.isoformat(),
        "duration": item.duration,
        "status": item.status,
        "notes": links.oneonone_notes(item.id),
        "action_items": links.oneonone_action_items(item.id),
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


def oneonone_note(note: OneOnOneNote) -> dict:
    return {
        "id": note.id,
        "url": links.oneonone_note(note.oneonone_id, note.id),
        "oneonone": links.oneonone(note.oneonone_id),
        "author": links.userprofile(note.author_id),
        "text": note.text,
        "shared": note.shared,
        "created": note.created.isoformat(),
        "modified": note.modified.isoformat(),
    }


def action_item(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "url": links.oneonone_action_item(item.oneonone_id, item.id),
        "oneonone": links.oneonone(item.oneonone_id),
        "creator": links.userprofile(item.creator_id),
        "assignee": links.userprofile(item.assignee_id),
        "title": item.title,
        "due_date": _day(item.due_date),
        "completed": item.completed,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


# -- feedback -------------------------------------------------------------------------------


def feedback_request(request: FeedbackRequest) -> dict:
    return {
        "id": request.id,
        "url": links.feedbackrequest(request.id),
        "creator": profile(request.creator),
        "subject": profile(request.subject),
        "responders": [links.userprofile(p.id) for p in request.responders],
        "questions": list(request.questions),
        "due_date": _day(request.due_date),
        "state": request.state,
        "created": request.created.isoformat(),
        "modified": request.modified.isoformat(),
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
        "submitted": item.submitted.isoformat() if item.submitted else None,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


# -- private notes --------------------------------------------------------------------------


def private_note(note: PrivateNote) -> dict:
    return {
        "id": note.id,
        "url": links.privatenote(note.id),
        "about": links.userprofile(note.about_id),
        "text": note.text,
        "created": note.created.isoformat(),
        "modified": note.modified.isoformat(),
    }


# -- objectives -----------------------------------------------------------------------------


def objective(caller: Caller, objective: Objective) -> dict:
    """The objective as JSON; a parent or children the caller may not see are left out."""
    parent = objective.parent if objectives.can_see(caller, objective.parent) else None
    return {
        "id": objective.id,
        "url": links.objective(objective.id),
        "name": objective.name,
        "description": objective.description,
        "objective_type": objective.objective_type,
        "owners": [links.userprofile(p.id) for p in objective.owners],
        "creator": links.optional(links.userprofile, objective.creator_id),
        "department": links.optional(links.department, objective.department_id),
        "parent": links.objective(parent.id) if parent else None,
        "children": [
            links.objective(child.id)
            for child in sorted(objective.children, key=lambda c: c.id)
            if objectives.can_see(caller, child)
        ],
        "start_date": _day(objective.start_date),
        "due_date": _day(objective.due_date),
        "private": objective.private,
        "draft": objective.draft,
        "closed": objective.closed,
        "progress": objective.progress,
        "key_results": [links.keyresult(kr.id) for kr in objective.key_results],
        "created": objective.created.isoformat(),
        "modified": objective.modified.isoformat(),
    }


def key_result(key_result: KeyResult) -> dict:
    return {
        "id": key_result.id,
        "url": links.keyresult(key_result.id),
        "objective": links.objective(key_result.objective_id),
        "name": key_result.name,
        "measurement_type": key_result.measurement_type,
        "starting_value": key_result.starting_value,
        "target_value": key_result.target_value,
        "current_value": key_result.current_value,
        "weight": key_result.weight,
        "owners": [links.userprofile(p.id) for p in key_result.owners],
        "progress": key_result.progress,
        "created": key_result.created.isoformat(),
        "modified": key_result.modified.isoformat(),
    }


def checkin(checkin: ObjectiveCheckin) -> dict:
    return {
        "id": checkin.id,
        "url": links.objectivecheckin(checkin.id),
        "objective": links.objective(checkin.objective_id),
        "creator": links.optional(links.userprofile, checkin.creator_id),
        "message": checkin.message,
        "assessment_status": checkin.assessment_status,
        "key_results": [
            {
                "key_result": links.keyresult(update.key_result_id),
                "previous_value": update.previous_value,
                "current_value": update.current_value,
                "progress": update.progress,
            }
            for update in checkin.updates
        ],
        "close_objective": checkin.close_objective,
        "progress": checkin.progress,
        "created": checkin.created.isoformat(),
    }


# -- reviews --------------------------------------------------------------------------------


def review_cycle(cycle: ReviewCycle) -> dict:
    return {
        "id": cycle.id,
        "url": links.reviewcycle(cycle.id),
        "name": cycle.name,
        "start_date": cycle.start_date.isoformat(),
        "end_date": cycle.end_date.isoformat(),
        "questions": list(cycle.questions),
        "state": cycle.state,
        "created": cycle.created.isoformat(),
        "modified": cycle.modified.isoformat(),
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
        "created": review.created.isoformat(),
        "modified": review.modified.isoformat(),
    }
