"""Hostile request bodies get a clear 400 or 413 problem, never a 500; no body value is ever
written to the log."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest

from gaggle.problems import MAX_DETAIL
from gaggle.validation import TOO_DEEP
from tests.answers import assert_problem
from tests.builders import PASSWORD
from tests.oauth.conftest import basic

API = "/api/v/2.0"
PROBLEM = "application/problem+json"


@pytest.fixture
def note_writer(client, make):
    author = make.user(email="author@acme.example")
    about = make.user(email="about@acme.example")
    return make.token(author), about.profile.id


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "depth"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "depth"),
        (b'{"about": 1, "text": "\\ud800"}', "surrogate"),
        (b'{"about": ' + b"9" * 5000 + b', "text": "x"}', "number"),
        (b'{"about": NaN, "text": "x"}', "NaN"),
        (b'{"about": Infinity, "text": "x"}', "Infinity"),
        (b"\xff\xfe", "UTF-8"),
    ],
    ids=[
        "deep arrays",
        "deep objects",
        "lone surrogate",
        "5000 digits",
        "NaN",
        "Infinity",
        "bytes",
    ],
)
def test_hostile_json_is_a_400_problem(client, note_writer, body, reason):
    token, _ = note_writer
    response = client.post(
        f"{API}/privatenotes/",
        content=body,
        headers={**token, "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "JSON" in response.json()["detail"]
    assert client.get("/readyz").status_code == 200


def test_a_body_over_the_cap_is_413_before_it_is_parsed(new_app):
    client = new_app(max_body_bytes=1000).test_client()
    for path in (f"{API}/privatenotes/", "/o/token/", "/accounts/login/"):
        response = client.post(path, content=b"x" * 1001)
        assert response.status_code == 413, path
        assert response.headers["content-type"] == PROBLEM
        assert "1000 bytes" in response.json()["detail"]
    # The declared length alone is enough; nothing is read.
    declared = client.post(
        f"{API}/privatenotes/", content=b"{}", headers={"Content-Length": "5000000"}
    )
    assert_problem(declared, 413, "The request body is larger than this server takes")


def test_the_default_cap_is_one_mebibyte(client, note_writer):
    token, about = note_writer
    big = b'{"about": %d, "text": "%s"}' % (about, b"x" * (1024 * 1024))
    response = client.post(
        f"{API}/privatenotes/", content=big, headers={**token, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert f"({1024 * 1024} bytes)" in response.json()["detail"]


def test_no_body_value_is_written_to_the_log(client, note_writer, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    token, about = note_writer
    marker = "SECRET-NOTE-" + "z" * 100_000  # over the note's maxLength: rejected
    response = client.post(
        f"{API}/privatenotes/", json={"about": about, "text": marker}, headers=token
    )
    assert response.status_code == 400
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += capsys.readouterr().err
    assert "SECRET-NOTE" not in logged


def test_a_relation_url_names_its_id_in_ascii_digits(client, note_writer):
    """`\\d` also matches other scripts' digits, which int() reads as ASCII ones."""
    token, about = note_writer
    arabic_indic = "".join(chr(0x660 + int(digit)) for digit in str(about))
    response = client.post(
        f"{API}/privatenotes/",
        json={"about": f"http://testserver{API}/userprofiles/{arabic_indic}/", "text": "x"},
        headers=token,
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("about: ")


@pytest.mark.parametrize("declared", [b"12x", b"-1", b"\xb2", b"1e3"])
def test_a_content_length_that_is_not_a_number_is_400(client, declared):
    response = client.post(
        f"{API}/privatenotes/", content=b"{}", headers={b"Content-Length": declared}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == "Content-Length: must be a whole number of bytes."


def _padded(body: bytes, size: int, pad: bytes = b" ") -> bytes:
    """`body` made `size` bytes long with the byte `pad` (a space: whitespace JSON ignores)."""
    return body + pad * (size - len(body))


def _streamed(body: bytes):
    """`body` sent in chunks with no Content-Length, so the cap is checked as it arrives."""
    for start in range(0, len(body), 65536):
        yield body[start : start + 65536]


def test_a_json_body_of_exactly_the_cap_is_taken_and_one_byte_more_is_413(
    client, note_writer, settings
):
    token, about = note_writer
    headers = {**token, "Content-Type": "application/json"}
    body = b'{"about": %d, "text": "At the cap."}' % about
    limit = settings.max_body_bytes
    taken = client.post(f"{API}/privatenotes/", content=_padded(body, limit), headers=headers)
    assert taken.status_code == 201, taken.text
    over = client.post(f"{API}/privatenotes/", content=_padded(body, limit + 1), headers=headers)
    assert_problem(over, 413, f"larger than this server takes ({limit} bytes).")


@pytest.mark.parametrize("sent", [bytes, _streamed], ids=["with its length", "streamed"])
def test_a_token_form_of_exactly_the_cap_is_taken_and_one_byte_more_is_413(
    client, make, settings, sent
):
    application = make.password_app(make.user(email="owner@acme.example"))
    headers = {**basic(application), "Content-Type": "application/x-www-form-urlencoded"}
    # A parameter of no meaning to the grant fills the form up.
    form = (
        urlencode(
            {"grant_type": "password", "username": "owner@acme.example", "password": PASSWORD}
        ).encode()
        + b"&padding="
    )
    limit = settings.max_body_bytes
    taken = client.post("/o/token/", content=sent(_padded(form, limit, b"x")), headers=headers)
    assert taken.status_code == 200, taken.text
    assert taken.json()["token_type"] == "Bearer"
    over = client.post("/o/token/", content=sent(_padded(form, limit + 1, b"x")), headers=headers)
    assert_problem(over, 413, f"larger than this server takes ({limit} bytes).")


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_json_nested_1024_deep_is_read_and_1025_deep_is_refused(client, note_writer):
    """The body readers take JSON 1024 levels deep, as the README says, and no deeper. A REST
    body that deep is read, then refused by its schema."""
    token, _ = note_writer
    headers = {**token, "Content-Type": "application/json"}
    read = client.post(f"{API}/privatenotes/", content=_nested(1024), headers=headers)
    assert read.status_code == 400
    assert read.json()["detail"] == TOO_DEEP
    refused = client.post(f"{API}/privatenotes/", content=_nested(1025), headers=headers)
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("The body is not valid JSON: ")


def test_graphql_variables_nested_1024_deep_are_read_and_1025_deep_are_refused(client, make):
    """Variables the operation does not declare are read and left alone, however deep."""
    headers = {**make.token(make.user()), "Content-Type": "application/json"}

    def post(depth: int):
        body = b'{"query": "{ __typename }", "variables": {"deep": %s}}' % _nested(depth - 2)
        return client.post("/graphql", content=body, headers=headers)

    assert post(1024).json() == {"data": {"__typename": "Query"}}
    refused = post(1025)
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("The body is not valid JSON: ")


def test_a_long_detail_keeps_what_was_wrong_and_where(client, note_writer):
    """A detail is MAX_DETAIL characters at most: one longer loses its middle, never its end,
    which says where the body was wrong."""
    token, _ = note_writer

    def detail(url: str) -> str:
        return f"about: {url!r} is not the URL or id of an object in userprofiles/"

    def refusal(length: int) -> tuple[str, str]:
        """The detail of a refusal that quotes a URL (of another collection), and the detail
        whole, `length` characters long."""
        url = f"http://testserver{API}/elsewhere/"
        url += "x" * (length - len(detail(url)))
        body = {"about": url, "text": "x"}
        response = client.post(f"{API}/privatenotes/", json=body, headers=token)
        assert response.status_code == 422
        return response.json()["detail"], detail(url)

    whole, expected = refusal(MAX_DETAIL)
    assert whole == expected and len(whole) == MAX_DETAIL
    shortened, expected = refusal(MAX_DETAIL + 1)
    assert len(shortened) == MAX_DETAIL and "…" in shortened
    start, end = shortened.split("…")
    assert expected.startswith(start) and expected.endswith(end)
    assert start.startswith("about: ") and end.endswith(" in userprofiles/")
