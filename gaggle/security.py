"""The API's security contract: an access token in, its owner and scopes out (or None).

Connexion calls these for every operation secured with the oauth2 scheme. The database
lookup runs in a worker thread so the event loop keeps serving other requests meanwhile.
"""

from __future__ import annotations

from anyio import to_thread
from sqlalchemy import select

from gaggle import db, tokens
from models.base import utcnow
from models.oauth import AccessToken
from models.people import User, UserProfile

ALL = "all"


def _lookup(token: str) -> dict | None:
    with db.reading() as session:
        row = session.execute(
            select(AccessToken, UserProfile, User.is_active)
            .join(User, User.id == AccessToken.user_id)
            .join(UserProfile, UserProfile.user_id == User.id)
            .where(AccessToken.token_digest == tokens.digest(token))
        ).first()
    if row is None:
        return None
    access, profile, user_active = row
    if not access.is_active(utcnow()) or not user_active or not profile.activated:
        return None
    return {
        "sub": access.user_id,
        "scope": access.scope.split(),
        "profile_id": profile.id,
        "network_id": profile.network_id,
        "is_admin": profile.is_admin,
    }


async def token_info(token: str) -> dict | None:
    """`{"sub", "scope", ...}` for an active token of an active user, else None (401)."""
    return await to_thread.run_sync(_lookup, token)


def validate_scope(required_scopes: list[str], token_scopes: list[str]) -> bool:
    """`all` grants every scope; otherwise each required scope must be granted as such."""
    granted = set(token_scopes)
    return ALL in granted or set(required_scopes) <= granted
