"""oauthlib's RequestValidator over Gaggle's storage, the one place OAuth2 state is kept.

Each method runs its own short transaction. Codes and refresh tokens are consumed with one
conditional UPDATE, so two concurrent requests can never both use the same one; a second use
is treated as theft and revokes everything the first use issued.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from dataclasses import dataclass
from urllib.parse import unquote_plus

from oauthlib.oauth2 import RequestValidator
from oauthlib.oauth2.rfc6749 import errors
from sqlalchemy import select

from gaggle import db, settings, signin, tokens
from gaggle.models.base import utcnow
from gaggle.models.oauth import (
    AccessToken,
    Application,
    AuthorizationCode,
    GrantType,
    RefreshToken,
    issued_token,
    redirect_uri_matches,
    revoke_family,
    revoke_tokens,
    spend_once,
)
from gaggle.models.people import User, UserProfile
from gaggle.tokens import same

# RFC 7636 §4.1: 43 to 128 unreserved characters; an S256 challenge is 43 base64url characters.
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_S256_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")

_GRANTS = {
    GrantType.AUTHORIZATION_CODE: {"authorization_code", "refresh_token"},
    GrantType.PASSWORD: {"password", "refresh_token"},
}


@dataclass(frozen=True)
class Client:
    """What oauthlib keeps of an application while it handles one request."""

    id: int
    client_id: str
    name: str
    grant_type: GrantType
    is_public: bool
    redirect_uris: tuple[str, ...]
    require_pkce: bool

    @classmethod
    def of(cls, application: Application) -> Client:
        return cls(
            id=application.id,
            client_id=application.client_id,
            name=application.name,
            grant_type=application.grant_type,
            is_public=application.is_public,
            redirect_uris=tuple(application.redirect_uri_list),
            require_pkce=application.require_pkce,
        )


# What a failed client authentication says. The first is the one answer to no credentials, an
# unknown or disabled client and a wrong secret alike, so that it never tells an outsider
# whether a client exists; the others name mistakes that hold whatever the server stores.
AUTHENTICATION_FAILED = (
    "Client authentication failed: an unknown or disabled client, or a missing or wrong secret."
)
MALFORMED_BASIC = (
    "The Authorization header is not HTTP Basic: base64 of client_id:client_secret in UTF-8."
)
PUBLIC_WITH_SECRET = "A public client has no secret: send its client_id alone."  # noqa: S105
TWO_CREDENTIALS = (
    "HTTP Basic and the request body carry different client credentials: send one client's id "
    "and secret, in one of them or the same in both (RFC 6749 section 2.3)."
)


def _basic_credentials(request) -> tuple[str, str] | None:
    """The client id and secret of the request's HTTP Basic Authorization header, or None
    without one. Raises InvalidClientError when the header is Basic but malformed."""
    scheme, _, encoded = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise errors.InvalidClientError(description=MALFORMED_BASIC, request=request)
    # RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
    return unquote_plus(client_id), unquote_plus(secret)


def _credentials(request) -> tuple[str | None, str | None]:
    """The client id and secret the request authenticates with: HTTP Basic's, or the body's.

    A client authenticates one way per request (RFC 6749 §2.3), but legacy clients repeat
    HTTP Basic's id and secret in the body (requests-oauthlib's `auto_refresh_kwargs`): that is
    one credential, taken. Raises InvalidRequestError when the body names another id or secret
    than HTTP Basic, and InvalidClientError for a malformed Basic header.
    """
    basic = _basic_credentials(request)
    if basic is None:
        return request.client_id, request.client_secret
    for sent, given in zip((request.client_id, request.client_secret), basic, strict=True):
        if sent is not None and not same(sent, given):
            raise errors.InvalidRequestError(description=TWO_CREDENTIALS, request=request)
    return basic


def _failed(request) -> errors.InvalidClientError:
    return errors.InvalidClientError(description=AUTHENTICATION_FAILED, request=request)


class Validator(RequestValidator):
    # -- clients ---------------------------------------------------------------------------

    def _application(self, client_id: str | None) -> Application | None:
        """The enabled application with this client id (a disabled one is as good as none)."""
        if not client_id:
            return None
        with db.reading() as session:
            return session.scalar(
                select(Application).where(
                    Application.client_id == client_id, Application.enabled.is_(True)
                )
            )

    def client_authentication_required(self, request, *args, **kwargs) -> bool:
        application = self._application(_credentials(request)[0])
        return application is None or not application.is_public

    def authenticate_client(self, request, *args, **kwargs) -> bool:
        """The confidential client of the request's credentials; InvalidClientError, saying
        which check failed, when there is none (never whether a client exists)."""
        client_id, secret = _credentials(request)
        if not client_id or secret is None:
            raise _failed(request)
        application = signin.check_client(client_id, secret)
        if application is None:
            raise _failed(request)
        request.client = Client.of(application)
        request.client_id = application.client_id
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs) -> bool:
        """The public client the request names; InvalidClientError for a secret sent with it,
        or when there is none."""
        client_id, secret = _credentials(request)
        if secret:
            raise errors.InvalidClientError(description=PUBLIC_WITH_SECRET, request=request)
        application = self._application(client_id)
        if application is None or not application.is_public:
            raise _failed(request)
        request.client = Client.of(application)
        request.client_id = application.client_id
        return True

    def validate_client_id(self, client_id, request, *args, **kwargs) -> bool:
        application = self._application(client_id)
        if application is None:
            return False
        request.client = Client.of(application)
        return True

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs) -> bool:
        return grant_type in _GRANTS[client.grant_type]

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code" and client.grant_type == GrantType.AUTHORIZATION_CODE

    # -- redirect URIs ---------------------------------------------------------------------

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs) -> bool:
        client = request.client or Client.of(self._application(client_id))
        return any(redirect_uri_matches(uri, redirect_uri) for uri in client.redirect_uris)

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs) -> str | None:
        """For an authorization request without redirect_uri, the only registered one (RFC 6749
        §3.1.2.3). For a code exchange without it, the first registered one, as the legacy server
        did; confirm_redirect_uri then holds it to the URI the code was issued for."""
        application = self._application(client_id)
        uris = application.redirect_uri_list if application else []
        if request.grant_type == "authorization_code":
            return uris[0] if uris else None
        return uris[0] if len(uris) == 1 else None

    # -- scopes ----------------------------------------------------------------------------

    def get_default_scopes(self, client_id, request, *args, **kwargs) -> list[str]:
        return list(settings.current().default_scopes)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs) -> bool:
        return bool(scopes) and set(scopes) <= known_scopes()

    # -- PKCE ------------------------------------------------------------------------------

    def is_pkce_required(self, client_id, request) -> bool:
        application = self._application(client_id)
        return application is None or application.require_pkce

    def get_code_challenge(self, code, request) -> str | None:
        return request.gaggle_code.code_challenge

    def get_code_challenge_method(self, code, request) -> str | None:
        return request.gaggle_code.code_challenge_method

    # -- authorization codes ---------------------------------------------------------------

    def save_authorization_code(self, client_id, code, request, *args, **kwargs) -> None:
        expires = utcnow() + dt.timedelta(seconds=settings.current().authorization_code_expires)
        with db.transaction() as session:
            session.add(
                AuthorizationCode(
                    code_digest=tokens.digest(code["code"]),
                    application_id=request.client.id,
                    user_id=request.user,
                    redirect_uri=request.redirect_uri,
                    scope=" ".join(request.scopes),
                    code_challenge=request.code_challenge,
                    code_challenge_method=request.code_challenge_method
                    if request.code_challenge
                    else None,
                    expires=expires,
                )
            )

    def validate_code(self, client_id, code, client, request, *args, **kwargs) -> bool:
        now = utcnow()
        digest = tokens.digest(code)
        with db.transaction() as session:
            record, consumed, replayed = spend_once(
                session,
                AuthorizationCode.used_at,
                (
                    AuthorizationCode.code_digest == digest,
                    AuthorizationCode.application_id == client.id,
                ),
                now,
            )
            if replayed:
                # A second use of a code: whoever holds it is not who it was issued to.
                self._revoke_issued_from(session, record, now)
        if not consumed:
            return False
        request.gaggle_code = record
        request.user = record.user_id
        request.scopes = record.scope.split()
        return True

    def _revoke_issued_from(self, session, code: AuthorizationCode, now: dt.datetime) -> None:
        # Both kinds: `gaggle tokens cleanup` deletes revoked access tokens (a refresh revokes
        # the one it replaces) but keeps refresh tokens until they expire.
        families = session.scalars(
            select(AccessToken.family)
            .where(AccessToken.authorization_code_id == code.id)
            .union(select(RefreshToken.family).where(RefreshToken.authorization_code_id == code.id))
        ).all()
        for family in set(families):
            revoke_family(session, family, now)

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kw):
        return redirect_uri is not None and redirect_uri == request.gaggle_code.redirect_uri

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs) -> None:
        """Nothing to do: validate_code consumed the code atomically."""

    # -- the password grant ----------------------------------------------------------------

    def validate_user(self, username, password, client, request, *args, **kwargs) -> bool:
        user = signin.check_user(username or "", password or "")
        if user is None:
            return False
        request.user = user.id
        return True

    # -- refresh tokens --------------------------------------------------------------------

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs) -> bool:
        now = utcnow()
        digest = tokens.digest(refresh_token)
        with db.transaction() as session:
            original = session.execute(
                select(RefreshToken.scope, _user_is_active(RefreshToken.user_id)).where(
                    RefreshToken.token_digest == digest
                )
            ).first()
            if original is not None and not original[1]:
                return False  # a deactivated user or profile: invalid_grant
            # Refuse a wider scope before the token is spent, so the client can retry.
            asked = set((request.scope or "").split())
            if original is not None and not asked <= set(original[0].split()):
                raise errors.InvalidScopeError(request=request)
            record, rotated, replayed = spend_once(
                session,
                RefreshToken.rotated_at,
                (RefreshToken.token_digest == digest, RefreshToken.application_id == client.id),
                now,
                RefreshToken.revoked_at.is_(None),
            )
            if replayed:
                # Replay of a rotated refresh token: revoke the whole family.
                revoke_family(session, record.family, now)
            if rotated and record.access_token_id is not None:
                revoke_tokens(session, now, (AccessToken,), id=record.access_token_id)
        if not rotated:
            return False
        request.user = record.user_id
        request.gaggle_refresh = record
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs) -> list[str]:
        return request.gaggle_refresh.scope.split()

    def rotate_refresh_token(self, request) -> bool:
        return True

    # -- saving tokens ---------------------------------------------------------------------

    def save_bearer_token(self, token, request, *args, **kwargs) -> None:
        config = settings.current()
        now = utcnow()
        code = getattr(request, "gaggle_code", None)
        previous = getattr(request, "gaggle_refresh", None)
        family = previous.family if previous else uuid.uuid4().hex
        with db.transaction() as session:
            access = AccessToken(
                token_digest=tokens.digest(token["access_token"]),
                application_id=request.client.id,
                user_id=request.user,
                scope=token["scope"] if "scope" in token else " ".join(request.scopes),
                expires=now + dt.timedelta(seconds=token["expires_in"]),
                authorization_code_id=code.id if code else None,
                family=family,
            )
            session.add(access)
            session.flush()
            if "refresh_token" in token:
                session.add(
                    RefreshToken(
                        token_digest=tokens.digest(token["refresh_token"]),
                        application_id=request.client.id,
                        user_id=request.user,
                        access_token_id=access.id,
                        authorization_code_id=code.id if code else None,
                        family=family,
                        scope=access.scope,
                        expires=now + dt.timedelta(seconds=config.refresh_token_expires),
                    )
                )

    # -- revocation and introspection ------------------------------------------------------

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs) -> None:
        now = utcnow()
        digest = tokens.digest(token)
        with db.transaction() as session:
            access = issued_token(session, AccessToken, digest, request.client.id)
            if access is not None:
                access.revoked_at = access.revoked_at or now
                revoke_tokens(session, now, (RefreshToken,), access_token_id=access.id)
                return
            refresh = issued_token(session, RefreshToken, digest, request.client.id)
            if refresh is not None:
                refresh.revoked_at = refresh.revoked_at or now
                if refresh.access_token_id is not None:
                    revoke_tokens(session, now, (AccessToken,), id=refresh.access_token_id)

    def introspect_token(self, token, token_type_hint, request, *args, **kwargs) -> dict | None:
        """The token's claims, for the client it was issued to only (RFC 7662 §4), while it is
        live and its user and profile are active; else None ({"active": false})."""
        now = utcnow()
        digest = tokens.digest(token)
        with db.reading() as session:
            for model, kind in ((AccessToken, "access_token"), (RefreshToken, "refresh_token")):
                record = issued_token(
                    session,
                    model,
                    digest,
                    request.client.id,
                    model.revoked_at.is_(None),
                    model.expires > now,
                    _user_is_active(model.user_id),
                    model.application.has(Application.enabled.is_(True)),
                )
                if record is not None and getattr(record, "rotated_at", None) is None:
                    return _claims(session, record, kind, record.expires)
        return None


class IntrospectionValidator(Validator):
    """Introspection answers confidential clients only: a public client_id alone is 401."""

    def client_authentication_required(self, request, *args, **kwargs) -> bool:
        return True


def _user_is_active(user_id_column):
    """SQL: the user with this id and their profile are both active."""
    return (
        select(User.id)
        .join(UserProfile, UserProfile.user_id == User.id)
        .where(User.id == user_id_column, User.is_active.is_(True), UserProfile.activated.is_(True))
        .exists()
    )


def _claims(session, record, kind: str, expires: dt.datetime) -> dict:
    user = session.get(User, record.user_id)
    application = session.get(Application, record.application_id)
    return {
        "scope": record.scope,
        "client_id": application.client_id,
        "username": user.email,
        "sub": str(user.id),
        "token_type": "Bearer" if kind == "access_token" else "refresh_token",
        "exp": int(expires.timestamp()),
        "iat": int(record.created.timestamp()),
    }


def known_scopes() -> set[str]:
    from gaggle import spec

    return set(spec.scopes())
