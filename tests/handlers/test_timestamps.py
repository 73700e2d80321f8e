"""Timestamps and days as the JSON shows them, written by the database from the stored value
(models.base.as_text): Python's isoformat() of the UTC value, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

API = "/api/v/2.0"


@pytest.mark.parametrize(
    "created",
    [
        dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC),  # no fraction of a second
        dt.datetime(2026, 3, 4, 5, 6, 7, 80, tzinfo=dt.UTC),
        dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 4, 1, 2, 3, 500000, tzinfo=dt.timezone(dt.timedelta(hours=-7))),
    ],
)
def test_a_timestamp_reads_as_the_isoformat_of_its_utc_value(client, make, created):
    admin = make.user(is_admin=True)
    badge = make.badge(admin, "Teamwork")
    recognition = make.recognition(admin, make.user(reports_to=admin), badge, created=created)
    headers = make.token(admin)
    for path in (f"{API}/recognitions/{recognition.id}/", f"{API}/recognitions/"):
        body = client.get(path, headers=headers).json()
        shown = body["results"][0] if "results" in body else body
        assert shown["created"] == created.astimezone(dt.UTC).isoformat()


def test_days_read_as_their_isoformat(client, make):
    admin = make.user(is_admin=True)
    cycle = make.review_cycle(admin, start_date=dt.date(987, 1, 2), end_date=dt.date(2026, 12, 31))
    body = client.get(f"{API}/reviewcycles/{cycle.id}/", headers=make.token(admin)).json()
    assert (body["start_date"], body["end_date"]) == ("0987-01-02", "2026-12-31")
