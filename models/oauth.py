"""OAuth2 storage: applications, authorization codes, access and refresh tokens.

Nothing secret is stored as issued: codes and tokens are kept as SHA-256 digests (they are
high-entropy, so a fast digest is a safe lookup key) and client secrets as argon2id hashes.
"""

from __future__ import annotations

import datetime as dt
import enum
from urllib.parse import urlsplit

from sqlalchemy import Enum, String, Text, delete, or_, select, update
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

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


def check_redirect_uri(uri: str) -> None:
    """Absolute, no fragment, no userinfo, https or loopback http; else ApplicationError."""
    parts = urlsplit(uri)
    if not parts.scheme or not parts.netloc:
        raise ApplicationError(f"redirect URI {uri!r} is not absolute")
    if parts.fragment or "#" in uri:
        raise ApplicationError(f"redirect URI {uri!r} must not have a fragment")
    if "@" in parts.netloc:
        raise ApplicationError(f"redirect URI {uri!r} must not carry a user name or password")
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback(uri):
        return
    raise ApplicationError(f"redirect URI {uri!r} must use https (or http on a loopback address)")


def redirect_uri_matches(registered: str, given: str) -> bool:
    """Exact match, except that a loopback redirect URI may use any port (RFC 8252 §7.3)."""
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
    )
    session.add(application)
    session.flush()
    return application, secret


def update_application(
    application: Application, *, name: str, redirect_uris: str, require_pkce: bool
) -> None:
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise ApplicationError("an application name must have 1 to 255 characters")
    uris = (redirect_uris or "").split()
    for uri in uris:
        check_redirect_uri(uri)
    if application.grant_type == GrantType.AUTHORIZATION_CODE and not uris:
        raise ApplicationError("the authorization-code grant needs at least one redirect URI")
    application.name = name
    application.redirect_uris = " ".join(uris)
    application.require_pkce = require_pkce


def revoke_family(session: Session, family: str, now: dt.datetime) -> None:
    """Revoke every access and refresh token descended from one grant."""
    session.execute(
        update(AccessToken)
        .where(AccessToken.family == family, AccessToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


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


def revoke_user_grants(session: Session, user: User, application_id: int, now: dt.datetime) -> None:
    """Revoke every token `user` granted to one application."""
    for model in (AccessToken, RefreshToken):
        session.execute(
            update(model)
            .where(
                model.user_id == user.id,
                model.application_id == application_id,
                model.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )


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
