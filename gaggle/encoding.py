"""The one JSON encoder of response bodies, problems included."""

from __future__ import annotations

import decimal
import json

import connexion
import orjson


def _default(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data: object) -> str:
    """Compact UTF-8 JSON by orjson: a page of 20 recognitions with their people is tens of
    kilobytes, and the standard library's encoder took a tenth of the time the API spent
    serving it."""
    return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS).decode()


class _ResponseJSON:
    @staticmethod
    def dumps(data: object, **_options) -> str:
        return dumps(data)

    loads = staticmethod(json.loads)


JSONIFIER = connexion.jsonifier.Jsonifier(_ResponseJSON)
