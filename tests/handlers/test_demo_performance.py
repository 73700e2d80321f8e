"""The demo network's objectives and reviews work through the API as a newcomer finds them."""

from __future__ import annotations

from sqlalchemy import select

from gaggle import db, demo
from gaggle.models.people import User
from tests.handlers.conftest import API


def _demo_user(email: str) -> User:
    with db.transaction() as session:
        demo.seed(session)
    with db.reading() as session:
        user = session.scalar(select(User).where(User.email == email))
        user.profile  # noqa: B018 - load it before the session closes
        return user


def test_a_demo_owner_checks_in_on_an_open_demo_objective(client, make):
    eli = _demo_user("eli@demo.gaggle.test")
    token = make.token(eli, "objective:read objective:write")
    mine = client.get(
        f"{API}/objectives/?owner={eli.profile.id}&closed=false", headers=token
    ).json()["results"]
    objective = mine[0]
    key_results = client.get(
        f"{API}/keyresults/?objective={objective['id']}", headers=token
    ).json()["results"]
    assert {kr["measurement_type"] for kr in key_results} == {3, 7}  # numeric, binary
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=token,
        json={
            "objective": objective["url"],
            "message": "Spec done",
            "assessment_status": 1,
            "key_results": [
                {**kr, "key_result": kr["url"], "current_value": kr["target_value"]}
                for kr in key_results
            ],
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["progress"] == 100


def test_demo_private_objective_and_reviews_follow_the_rules(client, make):
    sam = _demo_user("sam@demo.gaggle.test")
    token = make.token(sam)
    names = [o["name"] for o in client.get(f"{API}/objectives/", headers=token).json()["results"]]
    assert "Ship the public API" in names and "Earn the on-call certificate" not in names
    assert client.get(f"{API}/reviews/", headers=token).json()["count"] == 0
    erin = _demo_user("erin@demo.gaggle.test")
    review = client.get(f"{API}/reviews/", headers=make.token(erin)).json()["results"][0]
    assert review["state"] == "manager_review" and review["reviewer_answers"] is None
