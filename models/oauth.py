"""OAuth2 storage: applications, authorization codes, access and refresh tokens.

Nothing secret is stored as issued: codes and tokens are kept as SHA-256 digests (they are
high-entropy, so a fast digest is a safe lookup key) and client secrets as argon2id hashes.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.people import User


class ClientType(enum.StrEnum):
    CONFIDENTIAL = "confidential"
    PUBLIC = "public"


class GrantType(enum.StrEnum):
    AUTHORIZATION_CODE = "authorization-code"
    PASSWORD = "password"  # noqa: S105 - a grant type name, not a password


class Application(Base):
    __tablename__ = "oauth_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    client_secret_hash: Mapped[str | None] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    client_type: Mapped[ClientType] = mapped_column(
        Enum(ClientType, native_enum=False, values_callable=lambda e: [m.value for m in e])
    )
    grant_type: Mapped[GrantType] = mapped_column(
        Enum(GrantType, native_enum=False, values_callable=lambda e: [m.value for m in e])
    )
    redirect_uris: Mapped[str] = mapped_column(Text, default="")
    require_pkce: Mapped[bool] = mapped_column(default=True)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    modified: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship()

    @property
    def redirect_uri_list(self) -> list[str]:
        return self.redirect_uris.split()

    @property
    def is_public(self) -> bool:
        return self.client_type == ClientType.PUBLIC


class AuthorizationCode(Base):
    __tablename__ = "oauth_authorization_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    expires: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship()
    user: Mapped[User] = relationship()


class AccessToken(Base):
    __tablename__ = "oauth_access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(Text)
    expires: Mapped[dt.datetime] = mapped_column(index=True)
    revoked_at: Mapped[dt.datetime | None]
    # Where the token came from: the code it was exchanged for and the refresh family.
    authorization_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_authorization_code.id", ondelete="SET NULL"), index=True
    )
    family: Mapped[str] = mapped_column(String(64), index=True)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship()
    user: Mapped[User] = relationship()

    def is_active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires > now


class RefreshToken(Base):
    __tablename__ = "oauth_refresh_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    access_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_access_token.id", ondelete="SET NULL"), index=True
    )
    authorization_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_authorization_code.id", ondelete="SET NULL"), index=True
    )
    family: Mapped[str] = mapped_column(String(64), index=True)
    scope: Mapped[str] = mapped_column(Text)
    expires: Mapped[dt.datetime] = mapped_column(index=True)
    # Set when the token was exchanged for a new pair; presenting it again is a replay.
    rotated_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship()
    user: Mapped[User] = relationship()
    access_token: Mapped[AccessToken | None] = relationship()
