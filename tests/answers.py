"""What a refusal says. A test of a refusal asserts the rule that refused, not only the status:
another rule refusing with the same status (a 404 for a missing route rather than a hidden
object, a 400 for a malformed body rather than the check under test) fails it."""

from __future__ import annotations

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, detail: str) -> None:
    """`response` is a problem of `status` whose detail says `detail` (a part of it)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM, response.text
    assert detail in response.json()["detail"], response.json()["detail"]


def assert_oauth_error(response, status: int, error: str) -> None:
    """`response` is an OAuth 2.0 error of `status` with the error code `error` (RFC 6749 §5.2)."""
    assert response.status_code == status, response.text
    assert response.json()["error"] == error, response.text


def assert_error_page(response, status: int, message: str) -> None:
    """`response` is an HTML page of `status` that says `message`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text, response.text
