"""Liveness and readiness probes."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from gaggle import db
from gaggle.problems import Problem


def get_health() -> dict:
    return {"status": "ok"}


def get_readiness() -> dict:
    try:
        db.current().ping()
    except SQLAlchemyError:
        raise Problem(
            503, "The database cannot be reached.", headers={"Retry-After": "5"}
        ) from None
    return {"status": "ok"}
