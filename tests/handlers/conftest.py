"""Two networks of people for the resource tests: Acme (the caller's) and Globex (another)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gaggle import spec
from models.people import Department, User

API = spec.API_BASE_PATH


@dataclass
class World:
    admin: User
    manager: User
    employee: User
    peer: User
    engineering: Department
    platform: Department
    other_admin: User
    other_user: User
    other_department: Department


@pytest.fixture
def world(make) -> World:
    admin = make.user(
        network="Acme",
        email="admin@acme.example",
        is_admin=True,
        first_name="Ada",
        last_name="Admin",
    )
    manager = make.user(
        network="Acme",
        email="manager@acme.example",
        first_name="Mia",
        last_name="Manager",
        reports_to=admin,
    )
    employee = make.user(
        network="Acme",
        email="employee@acme.example",
        first_name="Eli",
        last_name="Employee",
        reports_to=manager,
    )
    peer = make.user(
        network="Acme",
        email="peer@acme.example",
        first_name="Pat",
        last_name="Peer",
        reports_to=manager,
    )
    engineering = make.department(
        admin, "Engineering", leaders=[manager], members=[manager, employee]
    )
    platform = make.department(admin, "Platform", parent=engineering, members=[peer])
    other_admin = make.user(network="Globex", email="admin@globex.example", is_admin=True)
    other_user = make.user(network="Globex", email="user@globex.example")
    other_department = make.department(other_admin, "Globex Sales", members=[other_user])
    return World(
        admin,
        manager,
        employee,
        peer,
        engineering,
        platform,
        other_admin,
        other_user,
        other_department,
    )
