"""The API's security contract: an access token in, its owner and scopes out (or None); or
the browser session of a user signed in to the pages, which grants what `all` grants.

Connexion runs `BearerTokenHandler` for every operation secured with the oauth2 scheme and
`SessionCookieHandler` for the session scheme (through its `security_map` option); an
operation takes either (GET /graphql takes neither for its IDE's page: see `refusal`). The
database lookups run on the worker threads that run the handlers (gaggle.bridge), so the
event loop keeps serving other requests meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping

from connexion.exceptions import (
    OAuthProblem,
    OAuthResponseProblem,
    OAuthScopeProblem,
    ProblemException,
)
from connexion.security import NO_VALUE, AbstractSecurityHandler
from sqlalchemy import bindparam, select

from gaggle import bridge, db, runtime, tokens
from gaggle.models import sessions
from gaggle.models.base import utcnow
from gaggle.models.oauth import AccessToken, Application
from gaggle.models.people import User, UserProfile
from gaggle.problems import Problem

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
    with db.current().reads() as connection:
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


# Where the oauth2 check leaves why it refused a token. An operation that also serves callers
# without credentials (its security lists `{}`) is let through by Connexion whatever the
# refusal, and answers with it where it needs a caller (see `refusal`).
REFUSED = "gaggle.refused"


class BearerTokenHandler(AbstractSecurityHandler):
    """The oauth2 scheme's check: a bearer token of Gaggle's own, with the operation's scope.

    What it returns becomes Connexion's `context["token_info"]` (gaggle.caller reads it);
    NO_VALUE means "no bearer token here", which Connexion answers 401 when nothing else
    authenticates the request.
    """

    def get_fn(self, security_scheme: dict, required_scopes: list[str]):
        async def check(request):
            kind, token = self.get_auth_header_value(request)
            if kind != "bearer":
                return NO_VALUE
            info = await token_info(token)
            if info is None:
                raise OAuthResponseProblem(detail="Provided token is not valid")
            if not validate_scope(required_scopes, info["scope"]):
                raise OAuthScopeProblem(required_scopes=required_scopes, token_scopes=info["scope"])
            return info

        async def verify(request):
            try:
                return await check(request)
            except ProblemException as refused:
                request.context[REFUSED] = refused
                raise

        return verify


def refusal(context: Mapping[str, object]) -> Exception:
    """The problem of a request to an operation that serves callers without credentials, for a
    part that needs them: the refused token's (401 `invalid_token`, 403), else that none came
    (401). Raised, it is answered as every operation that needs credentials answers it, with
    the RFC 6750 challenge (gaggle.errors)."""
    refused = context.get(REFUSED)
    if isinstance(refused, Exception):
        return refused
    return OAuthProblem(detail="No authorization token provided")


CSRF_HEADER = "X-CSRFToken"
CSRF_COOKIE = "csrftoken"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORGEABLE = (
    "A change made with the browser session is sent as application/json or with the "
    f"{CSRF_HEADER} header of the {CSRF_COOKIE} cookie."
)


def _session_lookup(cookie: str) -> dict | None:
    """The caller of a signed session cookie naming a live session, with the session's CSRF
    token; None for any other cookie."""
    data = runtime.current().read_session_cookie(cookie)
    key = data.get("sid") if data else None
    if not isinstance(key, str):
        return None
    with db.reading() as session:
        row = sessions.session_caller(session, key, utcnow())
    if row is None:
        return None
    user_id, profile_id, network_id, is_admin = row
    return {
        "sub": user_id,
        "scope": [ALL],
        "profile_id": profile_id,
        "network_id": network_id,
        "is_admin": is_admin,
        "csrf": data.get("csrf"),
    }


def _not_forged(request, info: dict) -> bool:
    """Whether a request made with the session can only come from Gaggle's own pages: a safe
    method; a JSON body, which another site's form cannot send and its script cannot without
    a CORS preflight Gaggle refuses; or the CSRF token in the header, equal to the cookie."""
    if request.method in _SAFE_METHODS:
        return True
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        return True
    sent = request.headers.get(CSRF_HEADER, "")
    expected = info.get("csrf")
    return bool(
        sent
        and isinstance(expected, str)
        and tokens.same(sent, expected)
        and tokens.same(request.cookies.get(CSRF_COOKIE, ""), expected)
    )


class SessionCookieHandler(AbstractSecurityHandler):
    """The session scheme's check: the pages' signed session cookie naming a live session.

    A request with an Authorization header is the token's alone. A request the session could
    not have made on purpose (see `_not_forged`) is refused with 403.
    """

    def get_fn(self, security_scheme: dict, required_scopes: list[str]):
        name = security_scheme["name"]

        async def verify(request):
            cookie = request.cookies.get(name)
            if request.headers.get("Authorization") or not cookie:
                return NO_VALUE
            info = await bridge.in_thread(runtime.current().executor, _session_lookup, cookie)
            if info is None:
                return NO_VALUE
            if not _not_forged(request, info):
                raise Problem(403, FORGEABLE)
            return info

        return verify


SECURITY_MAP = {"oauth2": BearerTokenHandler, "apiKey": SessionCookieHandler}
