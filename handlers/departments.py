"""departments/: departments, their leaders and members."""

from __future__ import annotations

from sqlalchemy import select

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import Caller, current
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import people
from gaggle.models.people import Department, UserProfile, department_leaders, department_members
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.relations import ref_id
from gaggle.requests import api_url


def _profile_url(profile_id: int) -> str:
    return api_url(f"/userprofiles/{profile_id}/")


def render_department(department: Department, full_names: dict[int, str]) -> dict:
    return {
        "id": department.id,
        "url": api_url(f"/departments/{department.id}/"),
        "name": department.name,
        "full_name": full_names.get(department.id, department.name),
        "parent": api_url(f"/departments/{department.parent_id}/")
        if department.parent_id
        else None,
        "creator": _profile_url(department.creator_id) if department.creator_id else None,
        "leaders": [_profile_url(p.id) for p in department.leaders],
        "members": [_profile_url(p.id) for p in department.members],
        "created": department.created.isoformat(),
        "modified": department.modified.isoformat(),
    }


FIELDS = {
    "parent": relation("departments"),
    "leaders": relation("userprofiles"),
    "members": relation("userprofiles"),
}


def _render(session, caller: Caller, department: Department) -> dict:
    return render_department(department, people.full_names(session, caller.network_id))


def list_departments(
    limit=None,
    offset=None,
    search=None,
    parent=None,
    parent__isnull=None,
    leaders=None,
    members=None,
    ordering=None,
):
    caller = current()
    led = select(department_leaders.c.department_id).where(
        department_leaders.c.userprofile_id == leaders
    )
    joined = select(department_members.c.department_id).where(
        department_members.c.userprofile_id == members
    )
    statement = where(
        people.departments_in(caller.network_id),
        (search, Department.name.ilike(f"%{(search or '').lower()}%")),
        (parent, Department.parent_id == parent),
        (
            parent__isnull,
            Department.parent_id.is_(None) if parent__isnull else Department.parent_id.is_not(None),
        ),
        (leaders, Department.id.in_(led)),
        (members, Department.id.in_(joined)),
    )
    statement = order(statement, ordering, "listDepartments", default="name")
    with db.reading() as session:
        names = people.full_names(session, caller.network_id)
        return paginate(
            session,
            statement,
            limit=limit,
            offset=offset,
            render=lambda department: render_department(department, names),
        )


def create_department(body):
    caller = current()
    with db.transaction() as session:
        department = people.create_department(session, caller, read(body, FIELDS))
        return _render(session, caller, department), 201


def get_department(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return _render(session, caller, people.get_department(session, caller, id))


def update_department(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        department = people.get_department(session, caller, id)
        people.update_department(session, caller, department, read(body, FIELDS))
        return _render(session, caller, department)


def delete_department(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        people.delete_department(session, caller, people.get_department(session, caller, id))
    return None, 204


def list_department_members(id, limit=None, offset=None):  # noqa: A002
    caller = current()
    members = select(department_members.c.userprofile_id).where(
        department_members.c.department_id == id
    )
    with db.reading() as session:
        people.get_department(session, caller, id)
        statement = people.profiles_in(caller.network_id).where(UserProfile.id.in_(members))
        statement = statement.order_by(UserProfile.id)
        return paginate(session, statement, limit=limit, offset=offset, render=render_profile)


def add_department_member(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    profile_id = ref_id(body["member"], "userprofiles", "member")
    with db.transaction() as session:
        department = people.get_department(session, caller, id)
        people.add_member(session, caller, department, profile_id)
        return render_profile(people.get_profile(session, caller, profile_id)), 201


def remove_department_member(id, member_id):  # noqa: A002
    caller = current()
    with db.transaction() as session:
        department = people.get_department(session, caller, id)
        people.remove_member(session, caller, department, member_id)
    return None, 204
