"""Every resource as the API answers with it: one renderer per resource.

Handlers of every area use these, and so can any other API over the same models: they read
the request only through the links they build (`gaggle.requests.base_url()`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gaggle import links
from gaggle.caller import Caller
from gaggle.models import objectives, people, reviews
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import (
    PROFILE_COLUMNS,
    PROFILE_WIDTH,
    USER_COLUMNS,
    UserProfile,
)
from gaggle.models.privatenote import PrivateNote
from gaggle.models.recognition import RECOGNITION_COLUMNS
from gaggle.models.reviews import Review, ReviewCycle
from gaggle.rows import Reading

# Where the parts of a row begin: a profile's own columns, then its user's; a recognition's
# own, then its creator's and its recipient's profiles.
_PROFILE_OWN = len(PROFILE_COLUMNS) + 1
_RECOGNITION_OWN = RECOGNITION_COLUMNS
_RECOGNITION_RECIPIENT = RECOGNITION_COLUMNS + PROFILE_WIDTH


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


def _profile_of(found: UserProfile) -> dict:
    values = (
        *(getattr(found, name) for name in PROFILE_COLUMNS),
        found.is_manager,
        *(getattr(found.user, name) for name in USER_COLUMNS),
    )
    return profile(values, Reading(None, {}))


def _profiles(profiles: list[UserProfile]) -> list[str]:
    return [links.current().userprofile(p.id) for p in profiles]


# -- people ---------------------------------------------------------------------------------


def user(values: Sequence, reading: Reading) -> dict:
    """A user from models.people.USER_COLUMNS."""
    user_id, username, first_name, last_name, email, is_active, date_joined = values
    return {
        "id": user_id,
        "url": reading.links.user(user_id),
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "is_active": is_active,
        "date_joined": _iso(date_joined),
    }


def profile(values: Sequence, reading: Reading) -> dict:
    """A profile from models.people.profile_columns (PROFILE_WIDTH values)."""
    (
        profile_id,
        network_id,
        reports_to_id,
        position,
        phone_number,
        timezone,
        about,
        hire_date,
        employee_id,
        is_admin,
        activated,
        profile_img,
        is_manager,
    ) = values[:_PROFILE_OWN]
    links = reading.links
    return {
        "id": profile_id,
        "url": links.userprofile(profile_id),
        "user": user(values[_PROFILE_OWN:], reading),
        "network": links.network(network_id),
        "reports_to": links.userprofile(reports_to_id) if reports_to_id else None,
        "position": position,
        "phone_number": phone_number,
        "timezone": timezone,
        "about": about,
        "hire_date": _iso(hire_date),
        "employee_id": employee_id,
        "is_manager": is_manager,
        "is_admin": is_admin,
        "activated": activated,
        "profile_img": profile_img,
    }


def network(row: Sequence, reading: Reading) -> dict:
    """A network from models.people.network_rows."""
    network_id, name, cycle_length, cycle_start_month, created, modified = row
    return {
        "id": network_id,
        "url": reading.links.network(network_id),
        "name": name,
        "business_cycle_length": cycle_length,
        "business_cycle_start_month": cycle_start_month,
        "created": _iso(created),
        "modified": _iso(modified),
    }


def department(row: Sequence, reading: Reading) -> dict:
    """A department from models.people.department_rows, its leaders and members (profile ids)
    and its lineage (models.people.department_lineage_rows)."""
    department_id, name, parent_id, creator_id, created, modified = row
    links = reading.links
    above = {
        node: (parent, named) for node, parent, named in reading.related("lineage", department_id)
    }
    return {
        "id": department_id,
        "url": links.department(department_id),
        "name": name,
        "full_name": people.full_name(department_id, above) or name,
        "parent": links.department(parent_id) if parent_id else None,
        "creator": links.userprofile(creator_id) if creator_id else None,
        "leaders": [links.userprofile(p) for p in reading.related("leaders", department_id)],
        "members": [links.userprofile(p) for p in reading.related("members", department_id)],
        "created": _iso(created),
        "modified": _iso(modified),
    }


# -- recognitions ---------------------------------------------------------------------------


def badge(row: Sequence, reading: Reading) -> dict:
    """A badge from models.recognition.badge_rows."""
    badge_id, name, description, active, created, modified = row
    return {
        "id": badge_id,
        "url": reading.links.badge(badge_id),
        "name": name,
        "description": description,
        "active": active,
        "created": _iso(created),
        "modified": _iso(modified),
    }


def recognition(row: Sequence, reading: Reading) -> dict:
    """A recognition from models.recognition.recognition_rows."""
    (
        recognition_id,
        message,
        created,
        modified,
        badge_id,
        likes_count,
        comments_count,
        liked,
    ) = row[:_RECOGNITION_OWN]
    url = reading.links.recognition(recognition_id)
    return {
        "id": recognition_id,
        "url": url,
        "creator": profile(row[_RECOGNITION_OWN:_RECOGNITION_RECIPIENT], reading),
        "recipient": profile(row[_RECOGNITION_RECIPIENT:], reading),
        "badge": reading.links.badge(badge_id),
        "message": message,
        "created": _iso(created),
        "modified": _iso(modified),
        "recognition_url": url,
        "likes_count": likes_count,
        "comments_count": comments_count,
        "liked": liked,
    }


def recognition_comment(row: Sequence, reading: Reading) -> dict:
    """A comment from models.recognition.comment_rows."""
    comment_id, recognition_id, text, created = row[:4]
    links = reading.links
    return {
        "id": comment_id,
        "url": links.recognition_comment(recognition_id, comment_id),
        "recognition": links.recognition(recognition_id),
        "author": profile(row[4:], reading),
        "text": text,
        "created": _iso(created),
    }


# -- 1-on-1s --------------------------------------------------------------------------------


def oneonone(item: OneOnOne) -> dict:
    return {
        "id": item.id,
        "url": links.current().oneonone(item.id),
        "facilitator": _profile_of(item.facilitator),
        "participant": _profile_of(item.participant),
        "title": item.title,
        **_times(item, "scheduled_start"),
        **_as_is(item, "duration", "status"),
        "notes": links.current().oneonone_notes(item.id),
        "action_items": links.current().oneonone_action_items(item.id),
        **_stamps(item),
    }


def oneonone_note(note: OneOnOneNote) -> dict:
    return {
        "id": note.id,
        "url": links.current().oneonone_note(note.oneonone_id, note.id),
        "oneonone": links.current().oneonone(note.oneonone_id),
        "author": links.current().userprofile(note.author_id),
        **_as_is(note, "text", "shared"),
        **_stamps(note),
    }


def action_item(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "url": links.current().oneonone_action_item(item.oneonone_id, item.id),
        "oneonone": links.current().oneonone(item.oneonone_id),
        "creator": links.current().userprofile(item.creator_id),
        "assignee": links.current().userprofile(item.assignee_id),
        "title": item.title,
        **_times(item, "due_date"),
        "completed": item.completed,
        **_stamps(item),
    }


# -- feedback -------------------------------------------------------------------------------


def feedback_request(request: FeedbackRequest) -> dict:
    return {
        "id": request.id,
        "url": links.current().feedbackrequest(request.id),
        "creator": _profile_of(request.creator),
        "subject": _profile_of(request.subject),
        "responders": _profiles(request.responders),
        "questions": list(request.questions),
        **_times(request, "due_date"),
        "state": request.state,
        **_stamps(request),
    }


def feedback(item: Feedback) -> dict:
    return {
        "id": item.id,
        "url": links.current().feedback(item.id),
        "request": links.optional(links.current().feedbackrequest, item.request_id),
        "author": _profile_of(item.author),
        "recipient": _profile_of(item.recipient),
        "text": item.text,
        "answers": list(item.answers),
        "state": item.state,
        **_times(item, "submitted", "created", "modified"),
    }


# -- private notes --------------------------------------------------------------------------


def private_note(note: PrivateNote) -> dict:
    return {
        "id": note.id,
        "url": links.current().privatenote(note.id),
        "about": links.current().userprofile(note.about_id),
        "text": note.text,
        **_stamps(note),
    }


# -- objectives -----------------------------------------------------------------------------


def objective(row: Sequence, reading: Reading) -> dict:
    """An objective from models.objectives.objective_rows (its parent only when the caller sees
    it), its owners, the children the caller sees and its key results."""
    (
        objective_id,
        name,
        description,
        objective_type,
        creator_id,
        department_id,
        parent_id,
        start_date,
        due_date,
        private,
        draft,
        closed,
        created,
        modified,
    ) = row
    links = reading.links
    key_results = reading.related("key_results", objective_id)
    progress = objectives.weighted_progress(
        [
            (weight, objectives.key_result_progress(measurement_type, start, target, current))
            for _, measurement_type, start, target, current, weight in key_results
        ]
    )
    return {
        "id": objective_id,
        "url": links.objective(objective_id),
        "name": name,
        "description": description,
        "objective_type": objective_type,
        "owners": [links.userprofile(p) for p in reading.related("owners", objective_id)],
        "creator": links.userprofile(creator_id) if creator_id else None,
        "department": links.department(department_id) if department_id else None,
        "parent": links.objective(parent_id) if parent_id else None,
        "children": [links.objective(c) for c in reading.related("children", objective_id)],
        "start_date": _iso(start_date),
        "due_date": _iso(due_date),
        "private": private,
        "draft": draft,
        "closed": closed,
        "progress": progress,
        "key_results": [links.keyresult(key_result[0]) for key_result in key_results],
        "created": _iso(created),
        "modified": _iso(modified),
    }


def key_result(row: Sequence, reading: Reading) -> dict:
    """A key result from models.objectives.key_result_rows and its owners."""
    (
        key_result_id,
        objective_id,
        name,
        measurement_type,
        starting_value,
        target_value,
        current_value,
        weight,
        created,
        modified,
    ) = row
    links = reading.links
    return {
        "id": key_result_id,
        "url": links.keyresult(key_result_id),
        "objective": links.objective(objective_id),
        "name": name,
        "measurement_type": measurement_type,
        "starting_value": starting_value,
        "target_value": target_value,
        "current_value": current_value,
        "weight": weight,
        "owners": [links.userprofile(p) for p in reading.related("owners", key_result_id)],
        "progress": objectives.key_result_progress(
            measurement_type, starting_value, target_value, current_value
        ),
        "created": _iso(created),
        "modified": _iso(modified),
    }


def checkin(row: Sequence, reading: Reading) -> dict:
    """A check-in from models.objectives.checkin_rows and the key result values it set."""
    (
        checkin_id,
        objective_id,
        creator_id,
        message,
        assessment_status,
        close_objective,
        progress,
        created,
    ) = row
    links = reading.links
    return {
        "id": checkin_id,
        "url": links.objectivecheckin(checkin_id),
        "objective": links.objective(objective_id),
        "creator": links.userprofile(creator_id) if creator_id else None,
        "message": message,
        "assessment_status": assessment_status,
        "key_results": [
            {
                "key_result": links.keyresult(key_result_id),
                "previous_value": previous_value,
                "current_value": current_value,
                "progress": set_progress,
            }
            for key_result_id, previous_value, current_value, set_progress in reading.related(
                "key_results", checkin_id
            )
        ],
        "close_objective": close_objective,
        "progress": progress,
        "created": _iso(created),
    }


# -- reviews --------------------------------------------------------------------------------


def review_cycle(cycle: ReviewCycle) -> dict:
    return {
        "id": cycle.id,
        "url": links.current().reviewcycle(cycle.id),
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
        "url": links.current().review(review.id),
        "cycle": links.current().reviewcycle(review.cycle_id),
        "subject": links.current().userprofile(review.subject_id),
        "reviewer": links.optional(links.current().userprofile, review.reviewer_id),
        "state": review.state,
        "self_answers": list(review.self_answers),
        "reviewer_answers": list(review.reviewer_answers)
        if reviews.shows_reviewer_answers(caller, review)
        else None,
        **_stamps(review),
    }
