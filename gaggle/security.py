"""The API's security contract: an access token in, its owner and scopes out (or None)."""

from __future__ import annotations

from sqlalchemy import select

from gaggle import db, tokens
from models.base import utcnow
from models.oauth import AccessToken


def token_info(token: str) -> dict | None:
    """`{"sub": user id, "scope": [...]}` for an active token, else None (the caller gets 401)."""
    with db.reading() as session:
        found = session.scalar(
            select(AccessToken).where(AccessToken.token_digest == tokens.digest(token))
        )
        if found is None or not found.is_active(utcnow()):
            return None
        return {
            "sub": found.user_id,
            "scope": found.scope.split(),
            "client_id": found.application_id,
        }
