"""Two networks of people for the resource tests: Acme (the caller's) and Globex (another).

The world is built once per test session; each test that asks for it gets those rows back
and the same `World` of detached rows, which it only reads (tests/conftest.py, SavedStates).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gaggle import spec
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.objectives import KeyResult, Objective, ObjectiveCheckin
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import Department, User
from gaggle.models.privatenote import PrivateNote
from gaggle.models.recognition import Badge, Recognition
from gaggle.models.reviews import Review, ReviewCycle
from tests import builders

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
    # objectives: company <- engineering (department) <- employee's (individual, two KRs)
    company: Objective
    engineering_objective: Objective
    employee_objective: Objective
    endpoints: KeyResult
    launch: KeyResult
    checkin: ObjectiveCheckin
    cycle: ReviewCycle
    review: Review
    other_objective: Objective
    other_key_result: KeyResult
    other_checkin: ObjectiveCheckin
    other_cycle: ReviewCycle
    other_review: Review
    teamwork: Badge
    recognition: Recognition
    admin_note: PrivateNote
    other_badge: Badge
    other_recognition: Recognition
    other_note: PrivateNote
    feedback_request: FeedbackRequest
    feedback: Feedback
    other_feedback_request: FeedbackRequest
    other_feedback: Feedback
    oneonone: OneOnOne
    other_oneonone: OneOnOne
    other_oneonone_note: OneOnOneNote
    other_action_item: ActionItem


@pytest.fixture
def world(states) -> World:
    return states.load(build_world)


def build_world(make: builders.Builders) -> World:
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
    company = make.objective(admin, "Grow revenue", objective_type="company")
    engineering_objective = make.objective(
        manager,
        "Ship the API",
        objective_type="department",
        department_id=engineering.id,
        parent_id=company.id,
    )
    employee_objective = make.objective(
        employee, "Serve objectives", parent_id=engineering_objective.id
    )
    endpoints = make.key_result(
        employee_objective, "Endpoints", measurement_type=3, target_value=10.0
    )
    launch = make.key_result(
        employee_objective,
        "Launched",
        measurement_type=7,
        target_value=1.0,
        owners=[peer],
    )
    checkin = make.checkin(employee_objective, employee, "Started")
    cycle = make.review_cycle(admin, state="active")
    review = make.review(cycle, employee, manager)
    other_objective = make.objective(other_admin, "Globex goal")
    other_key_result = make.key_result(other_objective, "Globex KR")
    other_checkin = make.checkin(other_objective, other_admin)
    other_cycle = make.review_cycle(other_admin, state="active")
    other_review = make.review(other_cycle, other_user, other_admin)
    teamwork = make.badge(admin, "Teamwork")
    other_badge = make.badge(other_admin, "Globex Spirit")
    # The admin asks the employee about the manager; the employee answered.
    feedback_request = make.feedback_request(admin, [employee], subject=manager)
    other_feedback_request = make.feedback_request(other_admin, [other_user])
    other_oneonone = make.oneonone(other_admin, other_user)
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
        company,
        engineering_objective,
        employee_objective,
        endpoints,
        launch,
        checkin,
        cycle,
        review,
        other_objective,
        other_key_result,
        other_checkin,
        other_cycle,
        other_review,
        teamwork,
        make.recognition(manager, employee, teamwork, "Great release work."),
        make.private_note(admin, manager, "Ready for a bigger team."),
        other_badge,
        make.recognition(other_admin, other_user, other_badge, "Globex thanks you."),
        make.private_note(other_admin, other_user, "Globex secret."),
        feedback_request,
        make.feedback(employee, request=feedback_request),
        other_feedback_request,
        make.feedback(other_user, request=other_feedback_request),
        make.oneonone(admin, manager),
        other_oneonone,
        make.oneonone_note(other_oneonone, other_admin, shared=True),
        make.action_item(other_oneonone, other_admin),
    )
