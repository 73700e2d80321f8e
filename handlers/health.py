"""Liveness and readiness probes."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from gaggle import db
from gaggle.problems import Problem
from gaggle.routing import RawRequest


def get_health(request: RawRequest) -> tuple[dict, int, dict]:
    return {"status": "ok"}, 200, {}


def get_readiness(request: RawRequest) -> tuple[dict, int, dict]:
    try:
        db.current().ping()
    except SQLAlchemyError:
        raise Problem(
            503, "The database cannot be reached.", headers={"Retry-After": "5"}
        ) from None
    return {"status": "ok"}, 200, {}
