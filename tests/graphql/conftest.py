"""The GraphQL API's tests: the world of the REST tests (tests/handlers/conftest.py), and a
helper that posts one operation to /graphql."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.builders import PASSWORD
from tests.handlers.conftest import API, World, build_world, world  # noqa: F401 - shared fixture

GRAPHQL = "/graphql"


class GraphQL:
    """Posts operations to /graphql with the given headers; `.data` asserts there were no errors."""

    def __init__(self, client, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def __call__(self, query: str, variables: dict[str, Any] | None = None, **extra) -> dict:
        response = self.client.post(
            GRAPHQL,
            json={"query": query, "variables": variables, **extra},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict:
        answer = self(query, variables)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]


@pytest.fixture
def graphql(client):
    """`graphql(headers)`: a GraphQL caller with those headers (a token's)."""
    return lambda headers: GraphQL(client, headers)


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


def sign_in(client, email: str) -> None:
    """Sign `client` in through the login page, as a browser does; it keeps the cookies."""
    page = client.get("/accounts/login/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 302, response.text


def build_varied_world(make) -> World:
    """The world, with some of every kind of object for every caller to see, and what privacy
    rules hide from some: people with every profile field set, a deactivated one and a second
    admin; departments three deep, one empty; recognitions with likes and comments, one with a
    retired badge; 1-on-1s in each state with shared and private notes and action items;
    feedback requests open and closed with a draft and a submitted answer, and unsolicited
    feedback; private notes of several authors; private, closed and draft objectives with key
    results of each kind of measurement and check-ins that set them; review cycles in each
    state with reviews in each state and their answers."""
    w = build_world(make)
    lead = make.user(
        email="lead@acme.example",
        first_name="Lea",
        last_name="Lead",
        reports_to=w.manager,
        position="Tech lead",
        phone_number="+1 555 0100",
        timezone="Europe/Paris",
        about="Leads the backend team.",
        hire_date=dt.date(2024, 3, 1),
        employee_id="E-7",
        profile_img="https://img.example/lea.png",
    )
    intern = make.user(
        email="intern@acme.example", first_name="Ian", reports_to=lead, activated=False
    )
    chief = make.user(
        network="Globex",
        email="chief@globex.example",
        is_admin=True,
        first_name="Gus",
        last_name="Chief",
    )
    backend = make.department(
        w.admin, "Backend", parent=w.platform, leaders=[lead], members=[lead, w.peer, intern]
    )
    make.department(w.admin, "Sales")

    # Retired since; it has a picture.
    craft = make.badge(w.admin, "Craft", active=False, image="https://images.example.com/c.png")
    make.recognition(
        w.employee,
        w.peer,
        craft,
        "Thanks for the review.",
        liked_by=[w.manager, w.admin],
        comments=[(w.peer, "Any time!"), (w.manager, "Well deserved.")],
    )
    make.recognition(w.admin, w.manager, w.teamwork, "Great hiring.", liked_by=[w.employee])
    make.recognition(w.other_admin, chief, w.other_badge, "Globex cheers.", liked_by=[w.other_user])

    make.oneonone_note(w.oneonone, w.admin, "For both of us", shared=True)
    make.oneonone_note(w.oneonone, w.manager, "For me alone")
    make.action_item(w.oneonone, w.admin, "Book the room", assignee=w.manager)
    weekly = make.oneonone(
        w.manager,
        w.employee,
        start=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        status="completed",
        title="Weekly",
        duration=45,
        completed_at=dt.datetime(2026, 11, 20, 9, 50, tzinfo=dt.UTC),
    )
    make.oneonone_note(weekly, w.manager, "Good progress", shared=True)
    make.oneonone_note(weekly, w.manager, "Watch the workload")
    make.oneonone_note(weekly, w.employee, "Need help with tests", shared=True)
    make.oneonone_note(weekly, w.employee, "Ask about a promotion")
    make.action_item(
        weekly, w.manager, "Write tests", assignee=w.employee, due_date=dt.date(2026, 12, 10)
    )
    make.action_item(
        weekly,
        w.employee,
        "Read the docs",
        description="The API guide first.",
        completed=True,
        completed_at=dt.datetime(2026, 11, 22, 8, tzinfo=dt.UTC),
        completed_by_id=w.employee.profile.id,
        uncompleted_at=dt.datetime(2026, 11, 21, 8, tzinfo=dt.UTC),
        uncompleted_by_id=w.manager.profile.id,
    )
    called_off = make.oneonone(w.peer, w.manager, status="cancelled", title="Catch-up")
    make.oneonone_note(called_off, w.peer, "Next week then", shared=True)
    make.action_item(called_off, w.manager, "Find a slot", assignee=w.peer)

    asking = make.feedback_request(
        w.manager,
        [w.peer, lead],
        subject=w.employee,
        questions=["Strengths?", "Growth?", "Anything else?"],
        due_date=dt.date(2026, 12, 15),
    )
    make.feedback(w.peer, request=asking, answers=["Focus"], submitted=False)
    make.feedback(lead, request=asking, text="Glad to help.")
    make.feedback_request(w.employee, [w.manager], state="closed")
    make.feedback(w.employee, recipient=w.peer, text="Nice work", submitted=False)
    make.feedback(w.manager, recipient=w.peer, text="Thanks!")

    make.private_note(w.employee, w.peer, "Pairs well.")
    make.private_note(w.manager, w.employee, "Ready for more.")
    make.private_note(w.manager, lead, "Wants to mentor.")
    make.private_note(w.peer, lead, "Great mentor.")
    make.private_note(w.other_user, chief, "Approachable.")

    secret = make.objective(
        w.employee,
        "My secret plan",
        private=True,
        description="Nobody else should know.",
        parent_id=w.employee_objective.id,
        start_date=dt.date(2026, 7, 1),
        due_date=dt.date(2026, 12, 31),
    )
    make.key_result(
        secret,
        "Coverage",
        measurement_type=1,
        current_value=40.0,
        weight=2.0,
        owners=[w.peer],
        description="Lines the tests run.",
        creator_id=w.employee.profile.id,
    )
    make.key_result(
        secret,
        "Savings",
        measurement_type=2,
        starting_value=1000.0,
        target_value=5000.0,
        current_value=2000.0,
    )
    make.checkin(
        w.employee_objective,
        w.employee,
        "Halfway",
        values={w.endpoints: 4.0, w.launch: 1.0},
        assessment_status=1,
    )
    make.checkin(w.employee_objective, w.peer, "Slipping", values={w.endpoints: 5.0})
    make.checkin(w.other_objective, w.other_admin, "Moving", values={w.other_key_result: 30.0})
    hiring = make.objective(
        w.manager,
        "Hire two engineers",
        objective_type="department",
        department_id=w.engineering.id,
        owners=[w.manager, lead],
        stakeholders=[w.admin, w.peer],
        followers=[w.employee, w.peer],
        contributing_teams=[w.platform, backend],
    )
    hires = make.key_result(hiring, "Hires", measurement_type=3, target_value=2.0)
    make.checkin(
        hiring,
        w.manager,
        "Done",
        values={hires: 2.0},
        assessment_status=1,
        close_objective=True,
        final_assessment=100.0,
    )
    make.objective(
        lead,
        "Draft idea",
        draft=True,
        objective_type="department",
        department_id=backend.id,
    )

    make.review(
        w.cycle,
        w.peer,
        w.manager,
        state="manager_review",
        self_answers=["Fine"],
        reviewer_answers=["Very good"],
    )
    make.review(
        w.cycle,
        w.manager,
        w.admin,
        state="shared",
        self_answers=["Shipped", "Hiring"],
        reviewer_answers=["Great year", "Keep going"],
        creator_id=w.admin.profile.id,
        position="Engineering manager",
        submitted=dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC),
        shared=dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC),
    )
    make.review(w.cycle, lead, w.manager, self_answers=["Draft answer"])
    earlier = make.review_cycle(
        w.admin,
        "2026 H1",
        state="closed",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 6, 30),
        questions=["How did it go?"],
        creator_id=w.admin.profile.id,
    )
    make.review(
        earlier,
        w.employee,
        w.manager,
        state="shared",
        self_answers=["Well"],
        reviewer_answers=["Agreed"],
    )
    upcoming = make.review_cycle(
        w.admin,
        "2027 H1",
        state="draft",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 6, 30),
    )
    make.review(upcoming, w.peer, w.manager)
    make.review(w.other_cycle, chief, w.other_admin, state="manager_review", self_answers=["Ok"])
    return w


@pytest.fixture
def varied(states) -> World:
    """The varied world (build_varied_world), built once per session like the world."""
    return states.load(build_varied_world)
