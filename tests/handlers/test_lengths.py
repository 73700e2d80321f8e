"""A text field of a request body takes as many characters as the API document's `maxLength`
says, stored whole, and refuses one more with a 400 that names the field: one field of every
body the document describes (its first bounded text, or a list of texts), with the body's own
example around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gaggle.problems import MAX_DETAIL
from tests.handlers.conftest import World
from tests.handlers.documented import body_schema, example_body, existing, operations

# Who sends each body whose example the admin cannot send as it is, and what changes in it
# (the examples name objects of the document's own data).
CHANGES: dict[tuple[str, str], tuple[str, Callable[[World], dict]]] = {
    ("post", "/departments/"): ("admin", lambda w: {"leaders": [], "members": []}),
    ("patch", "/departments/{id}/"): ("admin", lambda w: {"leaders": []}),
    ("post", "/keyresults/"): ("admin", lambda w: {"objective": w.company.id}),
    ("post", "/objectivecheckins/"): (
        "admin",
        lambda w: {"objective": w.company.id, "key_results": []},
    ),
    ("patch", "/reviews/{id}/"): ("employee", lambda w: {}),
    ("post", "/recognitions/"): (
        "manager",
        lambda w: {"recipient": w.employee.profile.id, "badge": w.teamwork.id},
    ),
    ("patch", "/recognitions/{id}/"): ("manager", lambda w: {}),
    ("post", "/oneonones/"): ("admin", lambda w: {"participant": w.manager.profile.id}),
    ("post", "/oneonones/{id}/actionitems/"): (
        "admin",
        lambda w: {"assignee": w.manager.profile.id},
    ),
    ("post", "/feedbackrequests/"): ("admin", lambda w: {"responders": [w.peer.profile.id]}),
    ("post", "/feedback/"): (
        "admin",
        lambda w: {"request": None, "recipient": w.manager.profile.id, "answers": []},
    ),
    ("patch", "/feedback/{id}/"): ("peer", lambda w: {"state": "draft"}),
}


def _bounded_text(schema: dict) -> tuple[str, int, bool] | None:
    """(field, maxLength, whether it is a list of texts) of the first text field of `schema`
    that only its length bounds, or None."""
    for field, prop in schema.get("properties", {}).items():
        many = prop.get("type") == "array"
        text = prop.get("items", {}) if many else prop
        plain = not {"format", "pattern", "enum"} & text.keys()
        if text.get("type") == "string" and "maxLength" in text and plain:
            return field, text["maxLength"], many
    return None


def _bounded_bodies() -> list[tuple[str, str, str, int, bool]]:
    found = []
    for method, path, operation, _ in operations():
        bounded = _bounded_text(body_schema(operation) or {})
        if bounded:
            found.append((method, path, *bounded))
    return found


@pytest.fixture
def send(client, make, world) -> Callable:
    """`send(method, path, field, value)`: the operation's example body, with `field` set to
    `value`, sent by a caller who may."""
    make.action_item(world.oneonone, world.admin)
    make.oneonone_note(world.oneonone, world.admin)
    # The only feedback the peer sees: a draft of theirs.
    make.feedback(world.peer, recipient=world.manager, text="Draft", submitted=False)

    def request(method: str, path: str, field: str, value):
        who, changes = CHANGES.get((method, path), ("admin", lambda w: {}))
        token = make.token(getattr(world, who))
        operation = next(o for m, p, o, _ in operations() if (m, p) == (method, path))
        body = {**example_body(operation), **changes(world), field: value}
        return client.request(
            method.upper(), existing(client, token, path), json=body, headers=token
        )

    return request


@pytest.mark.parametrize(("method", "path", "field", "length", "many"), _bounded_bodies())
def test_a_text_takes_its_documented_length_and_no_more(send, method, path, field, length, many):
    longest = "x" * length
    response = send(method, path, field, [longest] if many else longest)
    assert response.status_code in (200, 201), response.text
    if field in response.json():
        assert response.json()[field] == ([longest] if many else longest)
    over = "x" * (length + 1)
    response = send(method, path, field, [over] if many else over)
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert detail.startswith("'xxx") and len(detail) <= MAX_DETAIL
    assert detail.endswith(f" is too long - '{field}{'.0' if many else ''}'")


def test_every_body_with_text_is_covered():
    covered = {(method, path) for method, path, *_ in _bounded_bodies()}
    assert len(covered) >= 25
    assert set(CHANGES) <= covered
