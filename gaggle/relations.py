"""Relation fields on write: the related object's absolute URL or its id."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from gaggle import spec
from gaggle.problems import Problem

MAX_ID = 2147483647  # ids are 32-bit integers, as the spec's Relation says


def ref_id(value: int | str, collection: str, field: str) -> int:
    """The id `value` names in `collection`; Problem(422) naming `field` when it names none."""
    if isinstance(value, int):
        return value
    path = urlsplit(value).path
    match = re.fullmatch(rf"{re.escape(spec.API_BASE_PATH)}/{collection}/([0-9]+)/?", path)
    if match is None or not 1 <= int(match.group(1)) <= MAX_ID:
        raise Problem(422, f"{field}: {value!r} is not the URL or id of an object in {collection}/")
    return int(match.group(1))
