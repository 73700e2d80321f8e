"""departments/: departments, their leaders and members."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.handlers.userprofiles import PROFILE
from gaggle.models import people
from gaggle.models.people import Department, UserProfile
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

DEPARTMENTS = Resource(
    lambda caller: people.visible_departments(caller.network_id),
    "department",
    Shape(
        people.department_rows,
        render.department,
        {
            "leaders": people.department_leader_rows,
            "members": people.department_member_rows,
            "lineage": people.department_lineage_rows,
        },
    ),
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
    name=None,
    parent=None,
    parent__isnull=None,
    leaders=None,
    members=None,
    ordering=None,
):
    statement = where(
        DEPARTMENTS.listed(),
        (search, people.departments_matching),
        (name, Department.name),
        (parent, Department.parent_id),
        (parent__isnull, lambda none: people.with_parent(not none)),
        (leaders, lambda profile: Department.id.in_(people.leading(profile))),
        (members, lambda profile: Department.id.in_(people.member_of(profile))),
    )
    statement = order(statement, ordering, "listDepartments", default="name")
    return DEPARTMENTS.page(statement, limit=limit, offset=offset)


def create_department(body):
    return DEPARTMENTS.create(people.create_department, body)


def get_department(id):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.show(id)


def update_department(id, body):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.change(people.update_department, id, body)


def delete_department(id):  # noqa: A002 - the spec's parameter name
    return DEPARTMENTS.delete(people.delete_department, id)


def list_department_members(id, limit=None, offset=None):  # noqa: A002
    def members_of(department_id: int):
        members = people.members_of(department_id)
        statement = people.profiles_in(current().network_id)
        return statement.where(UserProfile.id.in_(members)).order_by(UserProfile.id)

    return DEPARTMENTS.page_within(id, members_of, PROFILE, limit=limit, offset=offset)


def add_department_member(id, body):  # noqa: A002 - the spec's parameter name
    # Read before the department is looked up, so a body naming no profile is a 422 whatever
    # the department.
    data = read(body, {"member": relation("userprofiles")})
    return DEPARTMENTS.add_to(people.add_member, id, data, PROFILE)


def remove_department_member(id, member_id):  # noqa: A002
    return DEPARTMENTS.remove_from(people.remove_member, id, member_id)
