"""Limit/offset pagination, the same on every list."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from gaggle import db, spec
from gaggle.models.recognition import Badge
from gaggle.pagination import MAX_LIMIT
from gaggle.relations import MAX_ID
from tests import builders
from tests.handlers.conftest import API


def build_crowd(make: builders.Builders) -> dict[str, str]:
    admin = make.user(network="Crowd", is_admin=True)
    for _ in range(24):
        make.user(network="Crowd")
    return make.token(admin)


@pytest.fixture
def crowd(states) -> dict[str, str]:
    return states.load(build_crowd)


def test_default_page_is_20_with_absolute_next(client, crowd):
    page = client.get(f"{API}/userprofiles/", headers=crowd).json()
    assert page["count"] == 25 and len(page["results"]) == 20
    assert page["previous"] is None
    next_url = urlsplit(page["next"])
    assert next_url.scheme == "http" and next_url.netloc == "testserver"
    assert parse_qs(next_url.query) == {"limit": ["20"], "offset": ["20"]}
    last = client.get(page["next"], headers=crowd).json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert parse_qs(urlsplit(last["previous"]).query) == {"limit": ["20"]}


def test_pages_keep_filters_and_do_not_overlap(client, crowd):
    first = client.get(f"{API}/userprofiles/?limit=10&ordering=-id", headers=crowd).json()
    assert "ordering=-id" in first["next"]
    second = client.get(first["next"], headers=crowd).json()
    ids = [p["id"] for p in first["results"] + second["results"]]
    assert len(set(ids)) == 20 and ids == sorted(ids, reverse=True)


def test_offset_past_the_end_is_an_empty_page(client, crowd):
    page = client.get(f"{API}/userprofiles/?offset=100", headers=crowd).json()
    assert page["count"] == 25 and page["results"] == [] and page["next"] is None
    assert page["previous"] is not None


def _links(client, crowd, limit: int, offset: int) -> tuple[dict | None, dict | None, int]:
    """The query strings of a page's `next` and `previous` links, and how many results it has."""
    page = client.get(f"{API}/userprofiles/?limit={limit}&offset={offset}", headers=crowd).json()
    assert page["count"] == 25
    return (
        page["next"] and parse_qs(urlsplit(page["next"]).query),
        page["previous"] and parse_qs(urlsplit(page["previous"]).query),
        len(page["results"]),
    )


@pytest.mark.parametrize(
    ("limit", "offset", "next_offset", "results"),
    [
        (5, 20, None, 5),  # the last page ends exactly at the count
        (5, 19, "24", 5),  # one result is left after it
        (5, 24, None, 1),
        (25, 0, None, 25),  # one page holds them all
        (24, 0, "24", 24),
        (5, 25, None, 0),
    ],
)
def test_next_links_to_the_rest_and_only_while_something_is_left(
    client, crowd, limit, offset, next_offset, results
):
    next_query, _, count = _links(client, crowd, limit, offset)
    assert count == results
    if next_offset is None:
        assert next_query is None
    else:
        assert next_query == {"limit": [str(limit)], "offset": [next_offset]}


@pytest.mark.parametrize(
    ("limit", "offset", "previous"),
    [
        (5, 0, None),  # the first page
        (5, 1, {"limit": ["5"]}),  # back to the start: no offset
        (5, 4, {"limit": ["5"]}),
        (5, 5, {"limit": ["5"]}),
        (5, 6, {"limit": ["5"], "offset": ["1"]}),
        (5, 10, {"limit": ["5"], "offset": ["5"]}),
    ],
)
def test_previous_links_to_the_page_before_never_before_the_start(
    client, crowd, limit, offset, previous
):
    _, previous_query, _ = _links(client, crowd, limit, offset)
    assert previous_query == previous


def _collections():
    return list(spec.collections().values())


@pytest.mark.parametrize("path", _collections())
def test_the_largest_page_and_offset_are_allowed_on_every_list(client, crowd, path):
    page = client.get(f"{API}{path}?limit={MAX_LIMIT}", headers=crowd)
    assert page.status_code == 200, page.text
    assert len(page.json()["results"]) == min(page.json()["count"], MAX_LIMIT)
    far = client.get(f"{API}{path}?offset={MAX_ID}", headers=crowd)
    assert far.status_code == 200, far.text
    assert far.json()["results"] == [] and far.json()["next"] is None


def test_a_page_of_the_largest_size_holds_that_many(client, make):
    admin = make.user(network="Big", is_admin=True)
    with db.transaction() as session:
        session.add_all(
            Badge(network_id=admin.profile.network_id, name=f"Badge {n}")
            for n in range(MAX_LIMIT + 1)
        )
    page = client.get(f"{API}/badges/?limit={MAX_LIMIT}", headers=make.token(admin)).json()
    assert page["count"] == MAX_LIMIT + 1
    assert len(page["results"]) == MAX_LIMIT
    assert parse_qs(urlsplit(page["next"]).query)["offset"] == [str(MAX_LIMIT)]


@pytest.mark.parametrize("path", _collections())
@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        f"limit={MAX_LIMIT + 1}",
        "limit=ten",
        "offset=-1",
        f"offset={MAX_ID + 1}",
        "offset=x",
        "limit=",
    ],
)
def test_bad_paging_values_are_400_on_every_list(client, crowd, path, query):
    response = client.get(f"{API}{path}?{query}", headers=crowd)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert query.split("=")[0] in response.json()["detail"]


def test_links_repeat_the_query_as_sent_and_step_back_one_limit(client, crowd):
    """`next` and `previous` keep every other parameter, a blank one too (`search=` finds
    everyone); `previous` starts one limit earlier, and from offset 1 it is the first page."""
    page = client.get(f"{API}/userprofiles/?search=&limit=10&offset=12", headers=crowd).json()
    assert [p["id"] for p in page["results"]] == [p["id"] for p in _all(client, crowd)[12:22]]
    for link, offset in ((page["next"], ["22"]), (page["previous"], ["2"])):
        query = parse_qs(urlsplit(link).query, keep_blank_values=True)
        assert query == {"search": [""], "limit": ["10"], "offset": offset}
    second = client.get(f"{API}/userprofiles/?limit=10&offset=1", headers=crowd).json()
    assert parse_qs(urlsplit(second["previous"]).query) == {"limit": ["10"]}


def _all(client, headers) -> list[dict]:
    return client.get(f"{API}/userprofiles/?limit=500", headers=headers).json()["results"]
