"""The demo network's objectives and reviews work through the API as a newcomer finds them."""

from __future__ import annotations

from sqlalchemy import select

from gaggle import db, demo, spec
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


def _writable(schema: str) -> set[str]:
    """The properties of the request body schema `schema`."""
    return set(spec.bundled()["components"]["schemas"][schema]["properties"])


def test_every_demo_objective_key_result_and_check_in_passes_the_api_rules(client, make):
    """The demo is written straight to the database, past the rules the API enforces: each of
    its objectives, key results and check-ins is sent back through the API as it reads, by
    an admin, who may change and check in on every one."""
    token = make.token(_demo_user("admin@demo.gaggle.test"))

    def listed(collection: str) -> list[dict]:
        page = client.get(f"{API}/{collection}/?limit=500", headers=token).json()
        assert page["count"] == len(page["results"]) > 0
        return page["results"]

    changes = (("objectives", "ObjectiveUpdate"), ("keyresults", "KeyResultUpdate"))
    for collection, schema in changes:
        fields = _writable(schema)
        for item in listed(collection):
            body = {name: value for name, value in item.items() if name in fields}
            response = client.patch(item["url"], headers=token, json=body)
            assert response.status_code == 200, (item["name"], response.text)
    fields = _writable("ObjectiveCheckinCreate")
    for checkin in reversed(listed("objectivecheckins")):  # oldest first
        body = {name: value for name, value in checkin.items() if name in fields}
        response = client.post(f"{API}/objectivecheckins/", headers=token, json=body)
        assert response.status_code == 201, (checkin["message"], response.text)
    key_results = listed("keyresults")
    for objective in listed("objectives"):
        response = client.post(
            f"{API}/objectivecheckins/",
            headers=token,
            json={
                "objective": objective["url"],
                "key_results": [
                    {"key_result": kr["url"], "current_value": kr["current_value"]}
                    for kr in key_results
                    if kr["objective"] == objective["url"]
                ],
            },
        )
        assert response.status_code == 201, (objective["name"], response.text)
        assert len(response.json()["key_results"]) == len(objective["key_results"])
