"""Who is signing in: the one credential check of the sign-in page and the password grant, the
one of client authentication, and the limits on guessing either (gaggle.models.ratelimit).

Both checks verify exactly one argon2id hash whatever the outcome (the account's, or a dummy
one's when there is no such account or client), so a failure takes as long for an active, a
deactivated and an unknown account. A source that is being slowed down is refused before any
hash is verified, so guessing costs the server almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select

from gaggle import db, passwords, runtime, settings
from gaggle.models.base import utcnow
from gaggle.models.oauth import Application
from gaggle.models.people import User, find_user_by_email
from gaggle.models.ratelimit import Limiter
from gaggle.requests import client_address

T = TypeVar("T")


class TooManyAttempts(Exception):
    """The request's source failed too often; `retry_after` seconds must pass."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many attempts; retry after {retry_after} s")
        self.retry_after = retry_after


def _limiter() -> Limiter:
    config = settings.current()
    return Limiter(attempts=config.login_attempts, window=config.login_window)


def _check_limit(subject: str) -> bool:
    """Raise TooManyAttempts while this source must wait to try `subject`; else whether it
    has failures against `subject` on record."""
    with db.reading() as session:
        wait, counted = _limiter().status(session, client_address(), subject, utcnow())
    if wait is not None:
        runtime.current().metrics.rate_limited.labels(_kind(subject)).inc()
        raise TooManyAttempts(wait)
    return counted


def _kind(subject: str) -> str:
    return "client" if subject.startswith("client:") else "user"


def _record(subject: str, ok: bool, counted: bool) -> None:
    """Count a failure; on a success, forget the source's failures against `subject`."""
    if not ok:
        runtime.current().metrics.authentication_failures.labels(_kind(subject)).inc()
    elif not counted:
        return  # nothing to forget: no write on the usual path
    with db.transaction() as session:
        if ok:
            _limiter().forget(session, client_address(), subject)
        else:
            _limiter().record_failure(session, client_address(), subject, utcnow())


def _limited(subject: str, check: Callable[[], T | None]) -> T | None:
    """What `check()` finds, under the limits on guessing `subject`: refused with
    TooManyAttempts before it runs while the source must wait; a failure (None) counted, a
    success forgetting the source's earlier failures."""
    counted = _check_limit(subject)
    found = check()
    _record(subject, found is not None, counted)
    return found


def _matches(password_hash: str | None, secret: str) -> bool:
    """Whether `secret` matches `password_hash`; with no hash, as long to say no."""
    if password_hash is None:
        passwords.burn_time(secret)
        return False
    return passwords.verify(password_hash, secret)


def check_user(email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    Raises TooManyAttempts, before checking anything, when the request's source has failed
    too often (for this account, or for any).
    """

    def check() -> User | None:
        with db.reading() as session:
            user = find_user_by_email(session, email)
            # Verified even when inactive: the same time as for an active account.
            if not _matches(user.password_hash if user else None, password):
                return None
            active = user.is_active and user.profile is not None and user.profile.activated
            return user if active else None

    return _limited(f"login:{email.strip().lower()}", check)


def check_client(client_id: str, secret: str) -> Application | None:
    """The confidential application with this client id and secret, or None.

    Raises TooManyAttempts, before checking anything, when the request's source has failed
    too often (for this client, or for any).
    """

    def check() -> Application | None:
        with db.reading() as session:
            application = session.scalar(
                select(Application).where(
                    Application.client_id == client_id, Application.enabled.is_(True)
                )
            )
        password_hash = application.client_secret_hash if application else None
        return application if _matches(password_hash, secret) else None

    return _limited(f"client:{client_id}", check)
