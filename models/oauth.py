"""OAuth2 storage: applications, authorization codes, access and refresh tokens.

Nothing secret is stored as issued: codes and tokens are kept as SHA-256 digests (they are
high-entropy, so a fast digest is a safe lookup key) and client secrets as argon2id hashes.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import Enum, String, Text, delete, or_, select, true, update
from sqlalchemy.orm import (
    InstrumentedAttribute,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    relationship,
)
from sqlalchemy.sql.elements import ColumnElement

from gaggle import passwords, tokens
from gaggle.models.base import Base
from gaggle.models.columns import Created, IntPK, Modified, key_to
from gaggle.models.people import User


class ClientType(enum.StrEnum):
    CONFIDENTIAL = "confidential"
    PUBLIC = "public"


class GrantType(enum.StrEnum):
    AUTHORIZATION_CODE = "authorization-code"
    PASSWORD = "password"  # noqa: S105 - a grant type name, not a password


class Application(Base):
    __tablename__ = "oauth_application"

    id: Mapped[IntPK]
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    client_secret_hash: Mapped[str | None] = mapped_column(String(200))
    owner_id: Mapped[int | None] = key_to("user")
    name: Mapped[str] = mapped_column(String(255))
    client_type: Mapped[ClientType] = mapped_column(
        Enum(ClientType, native_enum=False, values_callable=lambda e: [m.value for m in e])
    )
    grant_type: Mapped[GrantType] = mapped_column(
        Enum(GrantType, native_enum=False, values_callable=lambda e: [m.value for m in e])
    )
    redirect_uris: Mapped[str] = mapped_column(Text, default="")
    require_pkce: Mapped[bool] = mapped_column(default=True)
    # A disabled application cannot authenticate or be authorized, and its tokens do not work
    # until it is enabled again (gaggle apps disable / enable).
    enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Web origins (scheme://host[:port]) whose pages may call the token endpoints and the API.
    allowed_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
    created: Mapped[Created]
    modified: Mapped[Modified]

    owner: Mapped[User | None] = relationship()

    @property
    def redirect_uri_list(self) -> list[str]:
        return self.redirect_uris.split()

    @property
    def is_public(self) -> bool:
        return self.client_type == ClientType.PUBLIC


class _Grant:
    """What an authorization code and the tokens share: the user they were issued to, through
    which application, and for which scope."""

    application_id: Mapped[int] = key_to("oauth_application")
    user_id: Mapped[int] = key_to("user")
    scope: Mapped[str] = mapped_column(Text)
    created: Mapped[Created]

    @declared_attr
    def application(cls) -> Mapped[Application]:
        return relationship()

    @declared_attr
    def user(cls) -> Mapped[User]:
        return relationship()


class AuthorizationCode(_Grant, Base):
    __tablename__ = "oauth_authorization_code"

    id: Mapped[IntPK]
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    expires: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class AccessToken(_Grant, Base):
    __tablename__ = "oauth_access_token"

    id: Mapped[IntPK]
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires: Mapped[dt.datetime] = mapped_column(index=True)
    revoked_at: Mapped[dt.datetime | None]
    # Where the token came from: the code it was exchanged for and the refresh family.
    authorization_code_id: Mapped[int | None] = key_to(
        "oauth_authorization_code", ondelete="SET NULL"
    )
    family: Mapped[str] = mapped_column(String(64), index=True)

    def is_active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires > now


class RefreshToken(_Grant, Base):
    __tablename__ = "oauth_refresh_token"

    id: Mapped[IntPK]
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    access_token_id: Mapped[int | None] = key_to("oauth_access_token", ondelete="SET NULL")
    authorization_code_id: Mapped[int | None] = key_to(
        "oauth_authorization_code", ondelete="SET NULL"
    )
    family: Mapped[str] = mapped_column(String(64), index=True)
    expires: Mapped[dt.datetime] = mapped_column(index=True)
    # Set when the token was exchanged for a new pair; presenting it again is a replay.
    rotated_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    access_token: Mapped[AccessToken | None] = relationship()


class ApplicationError(ValueError):
    """An application registration breaks a rule; the message says which."""


def is_loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and (parts.hostname or "") in {"127.0.0.1", "::1", "localhost"}


def _redirect_uri_problem(uri: str) -> str | None:
    """What makes `uri` unfit to redirect to whatever was registered, or None."""
    parts = urlsplit(uri)
    if not parts.scheme or not parts.netloc:
        return "is not absolute"
    if parts.fragment or "#" in uri:
        return "must not have a fragment"
    if "@" in parts.netloc:
        return "must not carry a user name or password"
    try:
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError:
        return "has a port out of range"
    return None


def check_redirect_uri(uri: str) -> None:
    """Absolute, no fragment, no userinfo, a valid port, no wildcard, https or loopback http;
    else ApplicationError."""
    problem = _redirect_uri_problem(uri)
    if problem:
        raise ApplicationError(f"redirect URI {uri!r} {problem}")
    if "*" in uri:
        raise ApplicationError(f"redirect URI {uri!r} must not hold a wildcard: list each one")
    scheme = urlsplit(uri).scheme
    if scheme == "https":
        return
    if scheme == "http" and is_loopback(uri):
        return
    raise ApplicationError(f"redirect URI {uri!r} must use https (or http on a loopback address)")


def check_origins(origins: str) -> list[str]:
    """Space-separated web origins, each `scheme://host[:port]` with nothing after it, https
    (or http on a loopback address); ApplicationError naming the first that is not."""
    checked = []
    for origin in origins.split():
        parts = urlsplit(origin)
        try:
            parts.port  # noqa: B018 - raises for a port out of range
        except ValueError:
            parts = None
        if (
            parts is None
            or not parts.netloc
            or "@" in parts.netloc
            or "*" in origin
            or origin != f"{parts.scheme}://{parts.netloc}"
            or not (parts.scheme == "https" or is_loopback(origin))
        ):
            raise ApplicationError(
                f"allowed origin {origin!r} must be like https://app.example.com (scheme, host "
                "and port only; http only on a loopback address)"
            )
        checked.append(origin.lower())
    return checked


def redirect_uri_matches(registered: str, given: str) -> bool:
    """Exact match, except that a loopback redirect URI may use any (valid) port (RFC 8252
    §7.3); never a URI with user info or a port out of range."""
    if _redirect_uri_problem(given):
        return False
    if given == registered:
        return True
    if is_loopback(registered) and is_loopback(given):
        a, b = urlsplit(registered), urlsplit(given)
        return (a.scheme, a.hostname, a.path, a.query) == (b.scheme, b.hostname, b.path, b.query)
    return False


def create_application(
    *,
    session: Session,
    owner: User | None,
    name: str,
    grant_type: GrantType | str,
    client_type: ClientType | str,
    redirect_uris: str = "",
    require_pkce: bool = True,
    client_id: str | None = None,
    allowed_origins: str = "",
) -> tuple[Application, str | None]:
    """A new application and its client secret (None for public clients), shown only now."""
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise ApplicationError("an application name must have 1 to 255 characters")
    try:
        grant_type, client_type = GrantType(grant_type), ClientType(client_type)
    except ValueError as exc:
        raise ApplicationError(str(exc)) from None
    uris = (redirect_uris or "").split()
    for uri in uris:
        check_redirect_uri(uri)
    if grant_type == GrantType.AUTHORIZATION_CODE and not uris:
        raise ApplicationError("the authorization-code grant needs at least one redirect URI")
    origins = check_origins(allowed_origins or "")
    secret = None if client_type == ClientType.PUBLIC else tokens.new_secret(48)
    application = Application(
        client_id=client_id or tokens.new_secret(24),
        client_secret_hash=passwords.hash_password(secret) if secret else None,
        owner=owner,
        name=name,
        grant_type=grant_type,
        client_type=client_type,
        redirect_uris=" ".join(uris),
        require_pkce=require_pkce,
        allowed_origins=" ".join(origins),
    )
    session.add(application)
    session.flush()
    return application, secret


def update_application(
    application: Application,
    *,
    name: str,
    redirect_uris: str,
    require_pkce: bool,
    allowed_origins: str | None = None,
) -> None:
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise ApplicationError("an application name must have 1 to 255 characters")
    uris = (redirect_uris or "").split()
    for uri in uris:
        check_redirect_uri(uri)
    if application.grant_type == GrantType.AUTHORIZATION_CODE and not uris:
        raise ApplicationError("the authorization-code grant needs at least one redirect URI")
    if allowed_origins is not None:
        application.allowed_origins = " ".join(check_origins(allowed_origins))
    application.name = name
    application.redirect_uris = " ".join(uris)
    application.require_pkce = require_pkce


def allowed_origins(session: Session) -> frozenset[str]:
    """Every web origin an enabled application lists."""
    listed = session.scalars(
        select(Application.allowed_origins).where(
            Application.enabled.is_(True), Application.allowed_origins != ""
        )
    )
    return frozenset(origin for origins in listed for origin in origins.split())


def find_application(session: Session, client_id: str) -> Application:
    """The application with this client id; ApplicationError when there is none."""
    application = session.scalar(select(Application).where(Application.client_id == client_id))
    if application is None:
        raise ApplicationError(f"no application with the client id {client_id}")
    return application


def delete_application(session: Session, application: Application, docs_client_id: str) -> None:
    """Delete `application` with every code and token it was given. ApplicationError for the
    client Swagger UI authorizes with (`docs_client_id`): without it the documentation's
    "Authorize" fails for everyone, and nothing but a migration made it."""
    if application.client_id == docs_client_id:
        raise ApplicationError(
            f"{application.client_id} is the client of Swagger UI (GAGGLE_DOCS_CLIENT_ID) and "
            f"cannot be deleted; gaggle apps disable {application.client_id} switches it off"
        )
    session.delete(application)


def rotate_secret(application: Application) -> str:
    """A new client secret for a confidential application, shown only now; the old one stops
    working at once."""
    if application.is_public:
        raise ApplicationError(f"{application.client_id} is a public client: it has no secret")
    secret = tokens.new_secret(48)
    application.client_secret_hash = passwords.hash_password(secret)
    return secret


class Spending(NamedTuple):
    record: Any | None  # the code or token, None when there is none
    won: bool  # this call spent it
    replayed: bool  # it was spent before: whoever presents it again is not its holder


def spend_once(
    session: Session,
    spent_at: InstrumentedAttribute,
    identity: tuple[ColumnElement[bool], ...],
    now: dt.datetime,
    *live: ColumnElement[bool],
) -> Spending:
    """Spend the single-use code or refresh token that `identity` selects: set `spent_at` to
    `now` if it is unspent, unexpired and (`live`) otherwise usable.

    One conditional UPDATE, so of two concurrent uses only one wins.
    """
    model = spent_at.class_
    won = session.execute(
        update(model)
        .where(*identity, spent_at.is_(None), model.expires > now, *live)
        .values({spent_at.key: now})
    ).rowcount
    record = session.scalar(select(model).where(*identity))
    replayed = record is not None and not won and getattr(record, spent_at.key) is not None
    return Spending(record, bool(won), replayed)


def issued_token(
    session: Session,
    kind: type[AccessToken] | type[RefreshToken],
    digest: str,
    application_id: int,
    *conditions: ColumnElement[bool],
) -> AccessToken | RefreshToken | None:
    """The token of `kind` with this digest issued to this application (a token presented by
    another client is unknown to this one), if it meets `conditions`."""
    return session.scalar(
        select(kind).where(
            kind.token_digest == digest, kind.application_id == application_id, *conditions
        )
    )


def revoke_tokens(
    session: Session,
    now: dt.datetime,
    kinds: tuple[type[AccessToken] | type[RefreshToken], ...] = (AccessToken, RefreshToken),
    **match: object,
) -> int:
    """Revoke every live token of `kinds` whose columns hold the values `match` gives; return
    how many access tokens."""
    revoked = 0
    for model in kinds:
        statement = update(model).where(
            model.revoked_at.is_(None),
            *(getattr(model, column) == value for column, value in match.items()),
        )
        result = session.execute(statement.values(revoked_at=now))
        revoked += result.rowcount if model is AccessToken else 0
    return revoked


def revoke_application_tokens(session: Session, application: Application, now: dt.datetime) -> int:
    """Revoke every live token issued to `application`; return how many access tokens."""
    return revoke_tokens(session, now, application_id=application.id)


def revoke_family(session: Session, family: str, now: dt.datetime) -> None:
    """Revoke every access and refresh token descended from one grant."""
    revoke_tokens(session, now, family=family)


def authorized_applications(session: Session, user: User, now: dt.datetime) -> list[Application]:
    """Applications holding a live access or refresh token of `user`."""
    live_access = select(AccessToken.application_id).where(
        AccessToken.user_id == user.id, AccessToken.revoked_at.is_(None), AccessToken.expires > now
    )
    live_refresh = select(RefreshToken.application_id).where(
        RefreshToken.user_id == user.id,
        RefreshToken.revoked_at.is_(None),
        RefreshToken.rotated_at.is_(None),
        RefreshToken.expires > now,
    )
    return list(
        session.scalars(
            select(Application)
            .where(Application.id.in_(live_access.union(live_refresh)))
            .order_by(Application.name)
        )
    )


def revoke_user_grants(
    session: Session, user: User, application_id: int | None, now: dt.datetime
) -> int:
    """Revoke every token `user` granted to one application (None: to every application);
    return how many access tokens."""
    if application_id is None:
        return revoke_tokens(session, now, user_id=user.id)
    return revoke_tokens(session, now, user_id=user.id, application_id=application_id)


def _expired_conditions(now: dt.datetime) -> dict:
    """Which rows nothing needs any more, by kind.

    Refresh tokens stay until they expire, even when rotated or revoked: presenting a rotated
    one again is how a replay is detected, and it revokes its family. An access token goes as
    soon as it has expired or been revoked (a refresh token pointing at it keeps its row, with
    the link set to NULL), and an authorization code once it has expired, used or not (tokens
    issued from it keep their rows, with the link set to NULL).
    """
    return {
        "refresh_tokens": (RefreshToken, RefreshToken.expires < now),
        "access_tokens": (
            AccessToken,
            or_(AccessToken.expires < now, AccessToken.revoked_at.is_not(None)),
        ),
        "authorization_codes": (AuthorizationCode, AuthorizationCode.expires < now),
    }


def delete_expired(session: Session, now: dt.datetime, batch_size: int = 1000) -> dict[str, int]:
    """Delete at most `batch_size` rows of each kind that nothing needs any more.

    Returns how many of each kind were deleted; call it again, in a new transaction, until
    every count is below `batch_size`.
    """
    counts: dict[str, int] = {}
    for kind, (model, condition) in _expired_conditions(now).items():
        batch = select(model.id).where(condition).order_by(model.id).limit(batch_size)
        result = session.execute(
            delete(model)
            .where(model.id.in_(batch.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        counts[kind] = result.rowcount
    return counts
