"""Every resource as the API answers with it: one renderer per resource.

Handlers of every area use these, and so can any other API over the same models: they read
the request only through the links they build (`gaggle.requests.base_url()`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Row

from gaggle.models import objectives, people
from gaggle.models.feedback import FEEDBACK_COLUMNS, REQUEST_COLUMNS
from gaggle.models.oneonone import ONEONONE_COLUMNS
from gaggle.models.people import (
    PROFILE_COLUMNS,
    PROFILE_WIDTH,
)
from gaggle.models.recognition import RECOGNITION_COLUMNS
from gaggle.rows import Reading

# Where the parts of a row begin: a profile's own columns, then its user's; a recognition's
# own, then its creator's and its recipient's profiles.
_PROFILE_OWN = len(PROFILE_COLUMNS) + 1
_RECOGNITION_OWN = RECOGNITION_COLUMNS
_RECOGNITION_RECIPIENT = RECOGNITION_COLUMNS + PROFILE_WIDTH
# A feedback request's own, then its creator's and its subject's profiles; feedback's own,
# then its author's and its recipient's.
_REQUEST_OWN = len(REQUEST_COLUMNS)
_REQUEST_SUBJECT = _REQUEST_OWN + PROFILE_WIDTH
_FEEDBACK_OWN = len(FEEDBACK_COLUMNS)
_FEEDBACK_RECIPIENT = _FEEDBACK_OWN + PROFILE_WIDTH


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
        "date_joined": date_joined,
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
        "hire_date": hire_date,
        "employee_id": employee_id,
        "is_manager": is_manager,
        "is_admin": is_admin,
        "activated": activated,
        "profile_img": profile_img,
    }


def network(row: Sequence, reading: Reading) -> dict:
    """A network from models.people.network_rows."""
    network_id, name, cycle_length, cycle_start_month, logo_img, created, modified = row
    return {
        "id": network_id,
        "url": reading.links.network(network_id),
        "name": name,
        "business_cycle_length": cycle_length,
        "business_cycle_start_month": cycle_start_month,
        "logo_img": logo_img,
        "created": created,
        "modified": modified,
    }


def department(row: Sequence, reading: Reading) -> dict:
    """A department from models.people.department_rows, its leaders and members (profile ids)
    and its lineage (models.people.department_lineage_rows)."""
    department_id, name, parent_id, creator_id, created, modified = row
    links = reading.links
    above = {
        node.node_id: (node.parent_id, node.name)
        for node in reading.related("lineage", department_id)
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
        "created": created,
        "modified": modified,
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
        "created": created,
        "modified": modified,
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
        "created": created,
        "modified": modified,
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
        "created": created,
    }


# -- 1-on-1s --------------------------------------------------------------------------------

# Where the parts of a row begin: a 1-on-1's own columns, then its facilitator's and its
# participant's profiles.
_ONEONONE_OWN = ONEONONE_COLUMNS
_ONEONONE_PARTICIPANT = ONEONONE_COLUMNS + PROFILE_WIDTH


def oneonone(row: Sequence, reading: Reading) -> dict:
    """A 1-on-1 from models.oneonone.oneonone_rows."""
    (
        oneonone_id,
        title,
        scheduled_start,
        duration,
        status,
        completed_at,
        created,
        modified,
    ) = row[:_ONEONONE_OWN]
    links = reading.links
    return {
        "id": oneonone_id,
        "url": links.oneonone(oneonone_id),
        "facilitator": profile(row[_ONEONONE_OWN:_ONEONONE_PARTICIPANT], reading),
        "participant": profile(row[_ONEONONE_PARTICIPANT:], reading),
        "title": title,
        "scheduled_start": scheduled_start,
        "duration": duration,
        "status": status,
        "completed_at": completed_at,
        "notes": links.oneonone_notes(oneonone_id),
        "action_items": links.oneonone_action_items(oneonone_id),
        "created": created,
        "modified": modified,
    }


def oneonone_note(row: Sequence, reading: Reading) -> dict:
    """A 1-on-1's note from models.oneonone.note_rows."""
    note_id, oneonone_id, author_id, text, shared, created, modified = row
    links = reading.links
    return {
        "id": note_id,
        "url": links.oneonone_note(oneonone_id, note_id),
        "oneonone": links.oneonone(oneonone_id),
        "author": links.userprofile(author_id),
        "text": text,
        "shared": shared,
        "created": created,
        "modified": modified,
    }


def action_item(row: Sequence, reading: Reading) -> dict:
    """A 1-on-1's action item from models.oneonone.action_item_rows."""
    (
        item_id,
        oneonone_id,
        creator_id,
        assignee_id,
        assigned_at,
        title,
        description,
        due_date,
        completed,
        completed_at,
        completed_by_id,
        uncompleted_at,
        uncompleted_by_id,
        created,
        modified,
    ) = row
    links = reading.links
    return {
        "id": item_id,
        "url": links.oneonone_action_item(oneonone_id, item_id),
        "oneonone": links.oneonone(oneonone_id),
        "creator": links.userprofile(creator_id),
        "assignee": links.userprofile(assignee_id),
        "assigned_at": assigned_at,
        "title": title,
        "description": description,
        "due_date": due_date,
        "completed": completed,
        "completed_at": completed_at,
        "completed_by": links.userprofile(completed_by_id) if completed_by_id else None,
        "uncompleted_at": uncompleted_at,
        "uncompleted_by": links.userprofile(uncompleted_by_id) if uncompleted_by_id else None,
        "created": created,
        "modified": modified,
    }


# -- feedback -------------------------------------------------------------------------------


def feedback_request(row: Sequence, reading: Reading) -> dict:
    """A feedback request from models.feedback.request_rows, with its responders."""
    (
        request_id,
        title,
        description,
        questions,
        due_date,
        enforce_due_date,
        state,
        created,
        modified,
    ) = row[:_REQUEST_OWN]
    links = reading.links
    return {
        "id": request_id,
        "url": links.feedbackrequest(request_id),
        "creator": profile(row[_REQUEST_OWN:_REQUEST_SUBJECT], reading),
        "subject": profile(row[_REQUEST_SUBJECT:], reading),
        "responders": [links.userprofile(p) for p in reading.related("responders", request_id)],
        "title": title,
        "description": description,
        "questions": questions,
        "due_date": due_date,
        "enforce_due_date": enforce_due_date,
        "state": state,
        "created": created,
        "modified": modified,
    }


def feedback(row: Sequence, reading: Reading) -> dict:
    """Feedback from models.feedback.feedback_rows."""
    (
        feedback_id,
        request_id,
        text,
        answers,
        state,
        submitted,
        created,
        modified,
    ) = row[:_FEEDBACK_OWN]
    links = reading.links
    return {
        "id": feedback_id,
        "url": links.feedback(feedback_id),
        "request": links.feedbackrequest(request_id) if request_id else None,
        "author": profile(row[_FEEDBACK_OWN:_FEEDBACK_RECIPIENT], reading),
        "recipient": profile(row[_FEEDBACK_RECIPIENT:], reading),
        "text": text,
        "answers": answers,
        "state": state,
        "submitted": submitted,
        "created": created,
        "modified": modified,
    }


# -- private notes --------------------------------------------------------------------------


def private_note(row: Sequence, reading: Reading) -> dict:
    """A private note from models.privatenote.note_rows."""
    note_id, about_id, text, created, modified = row
    links = reading.links
    return {
        "id": note_id,
        "url": links.privatenote(note_id),
        "about": links.userprofile(about_id),
        "text": text,
        "created": created,
        "modified": modified,
    }


# -- objectives -----------------------------------------------------------------------------


def objective(row: Row, reading: Reading) -> dict:
    """An objective from models.objectives.objective_rows (its parent only when the caller sees
    it), its owners, the children the caller sees and its key results."""
    objective_id = row.id
    links = reading.links
    key_results = reading.related("key_results", objective_id)
    return {
        "id": objective_id,
        "url": links.objective(objective_id),
        "name": row.name,
        "description": row.description,
        "objective_type": row.objective_type,
        "owners": [links.userprofile(p) for p in reading.related("owners", objective_id)],
        "stakeholders": [
            links.userprofile(p) for p in reading.related("stakeholders", objective_id)
        ],
        "creator": links.userprofile(row.creator_id) if row.creator_id else None,
        "department": links.department(row.department_id) if row.department_id else None,
        "parent": links.objective(row.parent_id) if row.parent_id else None,
        "children": [links.objective(c) for c in reading.related("children", objective_id)],
        "start_date": row.start_date,
        "due_date": row.due_date,
        "private": row.private,
        "draft": row.draft,
        "closed": row.closed,
        "closed_at": row.closed_at,
        "progress": objectives.objective_progress(key_results),
        "key_results": [links.keyresult(key_result.id) for key_result in key_results],
        "created": row.created,
        "modified": row.modified,
    }


def key_result(row: Row, reading: Reading) -> dict:
    """A key result from models.objectives.key_result_rows and its owners."""
    key_result_id = row.id
    links = reading.links
    return {
        "id": key_result_id,
        "url": links.keyresult(key_result_id),
        "objective": links.objective(row.objective_id),
        "name": row.name,
        "measurement_type": row.measurement_type,
        "starting_value": row.starting_value,
        "target_value": row.target_value,
        "current_value": row.current_value,
        "weight": row.weight,
        "description": row.description,
        "creator": links.userprofile(row.creator_id) if row.creator_id else None,
        "owners": [links.userprofile(p) for p in reading.related("owners", key_result_id)],
        "progress": objectives.progress_of(row),
        "created": row.created,
        "modified": row.modified,
    }


def checkin(row: Row, reading: Reading) -> dict:
    """A check-in from models.objectives.checkin_rows and the key result values it set."""
    checkin_id = row.id
    links = reading.links
    return {
        "id": checkin_id,
        "url": links.objectivecheckin(checkin_id),
        "objective": links.objective(row.objective_id),
        "creator": links.userprofile(row.creator_id) if row.creator_id else None,
        "message": row.message,
        "assessment_status": row.assessment_status,
        "key_results": [
            {
                "key_result": links.keyresult(value.key_result_id),
                "previous_value": value.previous_value,
                "current_value": value.current_value,
                "progress": value.progress,
            }
            for value in reading.related("key_results", checkin_id)
        ],
        "close_objective": row.close_objective,
        "final_assessment": row.final_assessment,
        "progress": row.progress,
        "created": row.created,
    }


# -- reviews --------------------------------------------------------------------------------


def review_cycle(row: Sequence, reading: Reading) -> dict:
    """A review cycle from models.reviews.cycle_rows."""
    cycle_id, name, start_date, end_date, questions, state, creator_id, created, modified = row
    links = reading.links
    return {
        "id": cycle_id,
        "url": links.reviewcycle(cycle_id),
        "name": name,
        "start_date": start_date,
        "end_date": end_date,
        "questions": questions,
        "state": state,
        "creator": links.userprofile(creator_id) if creator_id else None,
        "created": created,
        "modified": modified,
    }


def review(row: Sequence, reading: Reading) -> dict:
    """A review from models.reviews.review_rows: the reviewer's answers are None where its
    caller may not see them yet."""
    (
        review_id,
        cycle_id,
        subject_id,
        reviewer_id,
        position,
        creator_id,
        state,
        self_answers,
        reviewer_answers,
        submitted,
        shared,
        created,
        modified,
    ) = row
    links = reading.links
    return {
        "id": review_id,
        "url": links.review(review_id),
        "cycle": links.reviewcycle(cycle_id),
        "subject": links.userprofile(subject_id),
        "reviewer": links.userprofile(reviewer_id) if reviewer_id else None,
        "position": position,
        "creator": links.userprofile(creator_id) if creator_id else None,
        "state": state,
        "self_answers": self_answers,
        "reviewer_answers": reviewer_answers,
        "submitted": submitted,
        "shared": shared,
        "created": created,
        "modified": modified,
    }
