"""Days and instants as requests write them, in query filters and in bodies, read one way."""

from __future__ import annotations

import datetime as dt

from gaggle.problems import Problem


def _unusable(value: str, field: str, kind: str) -> Problem:
    return Problem(400, f"{field}: {value!r} is not a {kind} this server can use.")


def day(value: str, field: str) -> dt.date:
    """A YYYY-MM-DD day (the spec checked its form).

    Raises Problem(400) naming `field` for a day Python cannot represent.
    """
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _unusable(value, field, "day") from None


def day_span(value: str, field: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC day `value` names: the instant it starts and the instant the next one starts.

    Raises Problem(400) naming `field` for a day whose end Python cannot represent.
    """
    try:
        start = dt.datetime.combine(day(value, field), dt.time(), tzinfo=dt.UTC)
        return start, start + dt.timedelta(days=1)
    except OverflowError:
        raise _unusable(value, field, "day") from None


def instant(value: str, field: str) -> dt.datetime:
    """An RFC 3339 date-time (the spec checked its form) in UTC; UTC when it names no offset.

    Raises Problem(400) for what Python cannot represent, such as a leap second or a time
    that leaves the year range once converted to UTC.
    """
    try:
        moment = dt.datetime.fromisoformat(value)
        return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise _unusable(value, field, "date-time") from None
