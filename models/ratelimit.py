"""Failed sign-in and client-authentication counters, kept in the database so every worker and
host shares them.

The limit is on who is failing, not on whom they fail against. Each request source (the
client's address) has one row: how often it failed in all, and how often against each of the
accounts or clients it tried lately. A source that guesses is slowed down, for the account it
guesses at and, past a larger allowance, for all; the same account signs in from anywhere else
as usual. A made-up account or client is counted exactly like a real one (so the limiter does
not tell them apart) and adds no row of its own. Past an allowance each further failure
doubles the wait, up to the window's length, and a count is forgotten a window after its last
failure (`gaggle tokens cleanup` deletes forgotten rows).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from gaggle.models.base import Base
from gaggle.tokens import digest

# A source may fail this many times more often than the allowance for one account, across all
# the accounts and clients it tries, before it is slowed down for all of them.
SOURCE_FACTOR = 4
# How many accounts or clients a source's row remembers, the most recently tried first.
SUBJECTS_KEPT = 64


class RateLimitBucket(Base):
    __tablename__ = "rate_limit_bucket"

    # A digest of the source ("source:<address>"), never the address itself.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure: Mapped[dt.datetime]
    blocked_until: Mapped[dt.datetime | None]
    # Per account or client tried, by a digest of its name: [failures, last failure and
    # blocked-until as POSIX seconds (the latter or null)].
    subjects: Mapped[dict] = mapped_column(JSON, default=dict)


def _wait(failures: int, allowance: int, window: dt.timedelta) -> dt.timedelta | None:
    """None within the allowance; then 1 s, 2 s, 4 s ... up to the window."""
    if failures < allowance:
        return None
    return min(dt.timedelta(seconds=2 ** min(failures - allowance, 30)), window)


class Limiter:
    """`attempts` failures per (source, account or client) and `SOURCE_FACTOR` times as many
    per source, forgotten `window` seconds after the last one; then doubling waits."""

    def __init__(self, *, attempts: int, window: int) -> None:
        self.attempts = attempts
        self.window = dt.timedelta(seconds=window)

    @staticmethod
    def _key(source: str | None) -> str:
        return digest(f"source:{source or 'unknown'}")

    @staticmethod
    def _subject(subject: str) -> str:
        return digest(subject)[:32]

    def status(
        self, session: Session, source: str | None, subject: str, now: dt.datetime
    ) -> tuple[int | None, bool]:
        """Seconds until this source may try `subject` again (None: it may try now), and
        whether the source has failures against `subject` on record."""
        bucket = session.execute(
            select(RateLimitBucket.blocked_until, RateLimitBucket.subjects).where(
                RateLimitBucket.key == self._key(source)
            )
        ).first()
        if bucket is None:
            return None, False
        ends = [bucket.blocked_until] if bucket.blocked_until else []
        entry = (bucket.subjects or {}).get(self._subject(subject))
        if entry and entry[2] is not None:
            ends.append(dt.datetime.fromtimestamp(entry[2], dt.UTC))
        wait = max(ends, default=now) - now
        seconds = max(1, int(wait.total_seconds() + 0.999)) if wait > dt.timedelta(0) else None
        return seconds, entry is not None

    def record_failure(
        self, session: Session, source: str | None, subject: str, now: dt.datetime
    ) -> None:
        """Count a failure of `source` against `subject`."""
        key = self._key(source)
        dialect_insert = (
            postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
        )
        # Insert-if-absent first, so concurrent first failures on several workers cannot
        # clash; then count under the row's lock.
        session.execute(
            dialect_insert(RateLimitBucket)
            .values(key=key, failures=0, last_failure=now, subjects={})
            .on_conflict_do_nothing(index_elements=["key"])
        )
        bucket = session.get(RateLimitBucket, key, with_for_update=True)
        forgotten = now - self.window
        if bucket.last_failure <= forgotten:
            bucket.failures, bucket.blocked_until = 0, None
        bucket.failures += 1
        bucket.last_failure = now
        wait = _wait(bucket.failures, self.attempts * SOURCE_FACTOR, self.window)
        bucket.blocked_until = now + wait if wait else None

        subjects = {
            name: entry
            for name, entry in (bucket.subjects or {}).items()
            if entry[1] > forgotten.timestamp()
        }
        name = self._subject(subject)
        failures = subjects.pop(name, [0, 0, None])[0] + 1
        wait = _wait(failures, self.attempts, self.window)
        subjects[name] = [failures, now.timestamp(), (now + wait).timestamp() if wait else None]
        # The most recently tried last; the oldest go first when there are too many.
        bucket.subjects = dict(list(subjects.items())[-SUBJECTS_KEPT:])
        session.flush()

    def forget(self, session: Session, source: str | None, subject: str) -> None:
        """A success: this source's count for `subject` starts afresh (its total stays)."""
        bucket = session.get(RateLimitBucket, self._key(source), with_for_update=True)
        name = self._subject(subject)
        if bucket is not None and name in (bucket.subjects or {}):
            bucket.subjects = {k: v for k, v in bucket.subjects.items() if k != name}
            session.flush()

    def delete_expired(self, session: Session, now: dt.datetime) -> int:
        """Delete the rows of sources whose failures are all forgotten; return how many."""
        return session.execute(
            delete(RateLimitBucket).where(
                RateLimitBucket.last_failure <= now - self.window,
                or_(RateLimitBucket.blocked_until.is_(None), RateLimitBucket.blocked_until <= now),
            )
        ).rowcount
