"""The API's security contract: an access token in, its owner and scopes out (or None).

Connexion runs `BearerTokenHandler` (through its `security_map` option) for every operation
secured with the oauth2 scheme. The database lookup runs on the worker threads that run the
handlers (gaggle.bridge), so the event loop keeps serving other requests meanwhile.
"""

from __future__ import annotations

from connexion.exceptions import OAuthResponseProblem, OAuthScopeProblem
from connexion.security import NO_VALUE, AbstractSecurityHandler
from sqlalchemy import bindparam, select

from gaggle import bridge, db, runtime, tokens
from gaggle.models.base import utcnow
from gaggle.models.oauth import AccessToken, Application
from gaggle.models.people import User, UserProfile

ALL = "all"

# One indexed lookup by digest, built once, answering columns rather than ORM objects: it runs
# on every API request, and the rules (live token, active user and profile, enabled
# application) are in the WHERE.
_TOKEN = (
    select(
        AccessToken.user_id,
        AccessToken.scope,
        UserProfile.id,
        UserProfile.network_id,
        UserProfile.is_admin,
    )
    .join(User, User.id == AccessToken.user_id)
    .join(UserProfile, UserProfile.user_id == User.id)
    .join(Application, Application.id == AccessToken.application_id)
    .where(
        AccessToken.token_digest == bindparam("digest"),
        AccessToken.expires > bindparam("now", type_=AccessToken.expires.type),
        AccessToken.revoked_at.is_(None),
        User.is_active.is_(True),
        UserProfile.activated.is_(True),
        Application.enabled.is_(True),
    )
)


def _lookup(token: str) -> dict | None:
    with db.current().single_read() as connection:
        row = connection.execute(_TOKEN, {"digest": tokens.digest(token), "now": utcnow()}).first()
    if row is None:
        return None
    user_id, scope, profile_id, network_id, is_admin = row
    return {
        "sub": user_id,
        "scope": scope.split(),
        "profile_id": profile_id,
        "network_id": network_id,
        "is_admin": is_admin,
    }


async def token_info(token: str) -> dict | None:
    """`{"sub", "scope", ...}` for an active token of an active user, else None (401)."""
    return await bridge.in_thread(runtime.current().executor, _lookup, token)


def validate_scope(required_scopes: list[str], token_scopes: list[str]) -> bool:
    """`all` grants every scope; otherwise each required scope must be granted as such."""
    granted = set(token_scopes)
    return ALL in granted or set(required_scopes) <= granted


class BearerTokenHandler(AbstractSecurityHandler):
    """The oauth2 scheme's check: a bearer token of Gaggle's own, with the operation's scope.

    What it returns becomes Connexion's `context["token_info"]` (gaggle.caller reads it);
    NO_VALUE means "no bearer token here", which Connexion answers 401 when nothing else
    authenticates the request.
    """

    def get_fn(self, security_scheme: dict, required_scopes: list[str]):
        async def verify(request):
            kind, token = self.get_auth_header_value(request)
            if kind != "bearer":
                return NO_VALUE
            info = await token_info(token)
            if info is None:
                raise OAuthResponseProblem(detail="Provided token is not valid")
            if not validate_scope(required_scopes, info["scope"]):
                raise OAuthScopeProblem(required_scopes=required_scopes, token_scopes=info["scope"])
            return info

        return verify


SECURITY_MAP = {"oauth2": BearerTokenHandler}
