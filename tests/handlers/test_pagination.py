"""Limit/offset pagination, the same on every list."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from gaggle import spec
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


def test_limit_500_is_allowed(client, crowd):
    page = client.get(f"{API}/userprofiles/?limit=500", headers=crowd).json()
    assert len(page["results"]) == 25


def _collections():
    return list(spec.collections().values())


@pytest.mark.parametrize("path", _collections())
@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "limit=ten", "offset=-1", "offset=x", "limit="]
)
def test_bad_paging_values_are_400_on_every_list(client, crowd, path, query):
    response = client.get(f"{API}{path}?{query}", headers=crowd)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert query.split("=")[0] in response.json()["detail"]
