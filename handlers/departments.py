"""departments/: departments, their leaders and members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import object_session

from gaggle import db, render
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.models import people
from gaggle.models.people import Department, UserProfile, department_leaders, department_members
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.resources import ObjectResource


def _render(department: Department) -> dict:
    """The department with its full name, read in the session it was loaded in."""
    names = people.full_names(object_session(department), department.network_id)
    return render.department(department, names)


DEPARTMENTS = ObjectResource(
    people.get_department,
    _render,
    fields={
        "parent": relation("departments"),
        "leaders": relation("userprofiles"),
        "members": relation("userprofiles"),
    },
)


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
        # One query for the whole page's full names, not one per department.
        names = people.full_names(session, caller.network_id)
        return paginate(
            session,
            statement,
            limit=limit,
            offset=offset,
            render=lambda department: render.department(department, names),
        )


def create_department(body):
    return DEPARTMENTS.create(people.create_department, body)


def get_department(id):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.show(id)


def update_department(id, body):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.change(people.update_department, id, body)


def delete_department(id):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.delete(people.delete_department, id)


def list_department_members(id, limit=None, offset=None):  # noqa: A002
    def members_of(department: Department):
        members = select(department_members.c.userprofile_id).where(
            department_members.c.department_id == department.id
        )
        statement = people.profiles_in(department.network_id)
        return statement.where(UserProfile.id.in_(members)).order_by(UserProfile.id)

    return DEPARTMENTS.page_within(id, members_of, render._profile_of, limit=limit, offset=offset)


def add_department_member(id, body):  # noqa: A002 - the spec's parameter name
    # Read before the department is looked up, so a body naming no profile is a 422 whatever
    # the department.
    data = read(body, {"member": relation("userprofiles")})
    return DEPARTMENTS.add_to(people.add_member, id, data, render._profile_of)


def remove_department_member(id, member_id):  # noqa: A002
    return DEPARTMENTS.remove_from(people.remove_member, id, member_id)
