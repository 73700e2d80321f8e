"""Every resource as the API answers with it: one renderer per resource.

Handlers of every area use these, and so can any other API over the same models: they read
the request only through the links they build (`gaggle.requests.base_url()`). Every value is
read by its name: a person, a recognition and the objects joined with people as
gaggle.projection reads them, the others from their labelled row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from gaggle.models import objectives, people, reviews
from gaggle.rows import Reading

# -- people ---------------------------------------------------------------------------------


def user(account: Any, reading: Reading) -> dict:
    """A user: a row of models.people.user_rows, or a person's account (gaggle.projection)."""
    user_id = account.id
    return {
        "id": user_id,
        "url": reading.links.user(user_id),
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": account.is_active,
        "date_joined": account.date_joined,
    }


def profile(person: Any, reading: Reading) -> dict:
    """A profile, from a person (gaggle.projection.Person)."""
    links = reading.links
    profile_id, reports_to_id = person.id, person.reports_to_id
    return {
        "id": profile_id,
        "url": links.userprofile(profile_id),
        "user": user(person.user, reading),
        "network": links.network(person.network_id),
        "reports_to": links.userprofile(reports_to_id) if reports_to_id else None,
        "position": person.position,
        "phone_number": person.phone_number,
        "timezone": person.timezone,
        "about": person.about,
        "hire_date": person.hire_date,
        "employee_id": person.employee_id,
        "is_manager": person.is_manager,
        "is_admin": person.is_admin,
        "activated": person.activated,
        "profile_img": person.profile_img,
    }


def network(row: Row, reading: Reading) -> dict:
    """A network from models.people.network_rows."""
    values = row._mapping
    network_id = values["id"]
    return {
        "id": network_id,
        "url": reading.links.network(network_id),
        "name": values["name"],
        "business_cycle_length": values["business_cycle_length"],
        "business_cycle_start_month": values["business_cycle_start_month"],
        "logo_img": values["logo_img"],
        "created": values["created"],
        "modified": values["modified"],
    }


def department(row: Row, reading: Reading) -> dict:
    """A department from models.people.department_rows, its leaders and members (profile ids)
    and its lineage (models.people.department_lineage_rows)."""
    values = row._mapping
    department_id, name = values["id"], values["name"]
    parent_id, creator_id = values["parent_id"], values["creator_id"]
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
        "created": values["created"],
        "modified": values["modified"],
    }


# -- recognitions ---------------------------------------------------------------------------


def badge(item: Any, reading: Reading) -> dict:
    """A badge: a row of models.recognition.badge_rows, or a recognition's (gaggle.projection)."""
    badge_id = item.id
    return {
        "id": badge_id,
        "url": reading.links.badge(badge_id),
        "name": item.name,
        "description": item.description,
        "active": item.active,
        "image": item.image,
        "created": item.created,
        "modified": item.modified,
    }


def recognition(item: Any, reading: Reading) -> dict:
    """A recognition (gaggle.projection.Recognition)."""
    url = reading.links.recognition(item.id)
    return {
        "id": item.id,
        "url": url,
        "creator": profile(item.creator, reading),
        "recipient": profile(item.recipient, reading),
        "badge": reading.links.badge(item.badge.id),
        "message": item.message,
        "created": item.created,
        "modified": item.modified,
        "recognition_url": url,
        "likes_count": item.likes_count,
        "comments_count": item.comments_count,
        "liked": item.liked,
    }


def recognition_comment(item: Any, reading: Reading) -> dict:
    """A comment (gaggle.projection.comment)."""
    links = reading.links
    return {
        "id": item.id,
        "url": links.recognition_comment(item.recognition_id, item.id),
        "recognition": links.recognition(item.recognition_id),
        "author": profile(item.author, reading),
        "text": item.text,
        "created": item.created,
    }


# -- 1-on-1s --------------------------------------------------------------------------------


def oneonone(item: Any, reading: Reading) -> dict:
    """A 1-on-1 (gaggle.projection.oneonone_view)."""
    oneonone_id = item.id
    links = reading.links
    return {
        "id": oneonone_id,
        "url": links.oneonone(oneonone_id),
        "facilitator": profile(item.facilitator, reading),
        "participant": profile(item.participant, reading),
        "title": item.title,
        "scheduled_start": item.scheduled_start,
        "duration": item.duration,
        "status": item.status,
        "completed_at": item.completed_at,
        "notes": links.oneonone_notes(oneonone_id),
        "action_items": links.oneonone_action_items(oneonone_id),
        "created": item.created,
        "modified": item.modified,
    }


def oneonone_note(row: Row, reading: Reading) -> dict:
    """A 1-on-1's note from models.oneonone.note_rows."""
    values = row._mapping
    note_id, oneonone_id = values["id"], values["oneonone_id"]
    links = reading.links
    return {
        "id": note_id,
        "url": links.oneonone_note(oneonone_id, note_id),
        "oneonone": links.oneonone(oneonone_id),
        "author": links.userprofile(values["author_id"]),
        "text": values["text"],
        "shared": values["shared"],
        "created": values["created"],
        "modified": values["modified"],
    }


def action_item(row: Row, reading: Reading) -> dict:
    """A 1-on-1's action item from models.oneonone.action_item_rows."""
    values = row._mapping
    item_id, oneonone_id = values["id"], values["oneonone_id"]
    completed_by_id, uncompleted_by_id = values["completed_by_id"], values["uncompleted_by_id"]
    links = reading.links
    return {
        "id": item_id,
        "url": links.oneonone_action_item(oneonone_id, item_id),
        "oneonone": links.oneonone(oneonone_id),
        "creator": links.userprofile(values["creator_id"]),
        "assignee": links.userprofile(values["assignee_id"]),
        "assigned_at": values["assigned_at"],
        "title": values["title"],
        "description": values["description"],
        "due_date": values["due_date"],
        "completed": values["completed"],
        "completed_at": values["completed_at"],
        "completed_by": links.userprofile(completed_by_id) if completed_by_id else None,
        "uncompleted_at": values["uncompleted_at"],
        "uncompleted_by": links.userprofile(uncompleted_by_id) if uncompleted_by_id else None,
        "created": values["created"],
        "modified": values["modified"],
    }


# -- feedback -------------------------------------------------------------------------------


def feedback_request(item: Any, reading: Reading) -> dict:
    """A feedback request (gaggle.projection.feedback_request), with its responders."""
    request_id = item.id
    links = reading.links
    return {
        "id": request_id,
        "url": links.feedbackrequest(request_id),
        "creator": profile(item.creator, reading),
        "subject": profile(item.subject, reading),
        "responders": [links.userprofile(p) for p in reading.related("responders", request_id)],
        "title": item.title,
        "description": item.description,
        "questions": item.questions,
        "due_date": item.due_date,
        "enforce_due_date": item.enforce_due_date,
        "state": item.state,
        "created": item.created,
        "modified": item.modified,
    }


def feedback(item: Any, reading: Reading) -> dict:
    """Feedback (gaggle.projection.feedback_view)."""
    request_id = item.request_id
    links = reading.links
    return {
        "id": item.id,
        "url": links.feedback(item.id),
        "request": links.feedbackrequest(request_id) if request_id else None,
        "author": profile(item.author, reading),
        "recipient": profile(item.recipient, reading),
        "text": item.text,
        "answers": item.answers,
        "state": item.state,
        "submitted": item.submitted,
        "created": item.created,
        "modified": item.modified,
    }


# -- private notes --------------------------------------------------------------------------


def private_note(row: Row, reading: Reading) -> dict:
    """A private note from models.privatenote.note_rows."""
    values = row._mapping
    note_id = values["id"]
    links = reading.links
    return {
        "id": note_id,
        "url": links.privatenote(note_id),
        "about": links.userprofile(values["about_id"]),
        "text": values["text"],
        "created": values["created"],
        "modified": values["modified"],
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
        "followers": [links.userprofile(p) for p in reading.related("followers", objective_id)],
        "creator": links.userprofile(row.creator_id) if row.creator_id else None,
        "department": links.department(row.department_id) if row.department_id else None,
        "contributing_teams": [
            links.department(d) for d in reading.related("contributing_teams", objective_id)
        ],
        "parent": links.objective(row.parent_id) if row.parent_id else None,
        "children": [links.objective(c) for c in reading.related("children", objective_id)],
        "start_date": row.start_date,
        "due_date": row.due_date,
        "private": row.private,
        "draft": row.draft,
        "closed": row.closed,
        "closed_at": row.closed_at,
        "weight": row.weight,
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


def review_cycle(row: Row, reading: Reading) -> dict:
    """A review cycle from models.reviews.cycle_rows."""
    values = row._mapping
    cycle_id, creator_id = values["id"], values["creator_id"]
    links = reading.links
    return {
        "id": cycle_id,
        "url": links.reviewcycle(cycle_id),
        "name": values["name"],
        "start_date": values["start_date"],
        "end_date": values["end_date"],
        "questions": values["questions"],
        "state": values["state"],
        "creator": links.userprofile(creator_id) if creator_id else None,
        "created": values["created"],
        "modified": values["modified"],
    }


def review(row: Row, reading: Reading) -> dict:
    """A review from models.reviews.review_rows: the reviewer's answers are None where its
    caller may not see them yet (models.reviews.shows_reviewer_answers)."""
    values = row._mapping
    review_id = values["id"]
    reviewer_id, creator_id = values["reviewer_id"], values["creator_id"]
    links = reading.links
    return {
        "id": review_id,
        "url": links.review(review_id),
        "cycle": links.reviewcycle(values["cycle_id"]),
        "subject": links.userprofile(values["subject_id"]),
        "reviewer": links.userprofile(reviewer_id) if reviewer_id else None,
        "position": values["position"],
        "creator": links.userprofile(creator_id) if creator_id else None,
        "state": values["state"],
        "self_answers": values["self_answers"],
        "reviewer_answers": values["reviewer_answers"]
        if reviews.shows_reviewer_answers(reading.caller, row)
        else None,
        "submitted": values["submitted"],
        "shared": values["shared"],
        "created": values["created"],
        "modified": values["modified"],
    }
