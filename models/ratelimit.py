"""Fixed-window attempt counters, kept in the database so every worker and host shares them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from gaggle.models.base import Base
from gaggle.tokens import digest


class RateLimitBucket(Base):
    __tablename__ = "rate_limit_bucket"

    # A digest of the limited thing (for example "login:<email>"), never the thing itself.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[dt.datetime]
    count: Mapped[int] = mapped_column(default=0)


class Limiter:
    """At most `attempts` failures per key in each `window` seconds.

    Keys are digested, so the table never holds an email address or client id.
    """

    def __init__(self, *, attempts: int, window: int) -> None:
        self.attempts = attempts
        self.window = dt.timedelta(seconds=window)

    def retry_after(self, session: Session, key: str, now: dt.datetime) -> int | None:
        """Seconds until `key` may try again, or None when it may try now."""
        bucket = session.get(RateLimitBucket, digest(key))
        if bucket is None or bucket.window_start + self.window <= now:
            return None
        if bucket.count < self.attempts:
            return None
        return max(1, int((bucket.window_start + self.window - now).total_seconds()) + 1)

    def record_failure(self, session: Session, key: str, now: dt.datetime) -> None:
        # Insert-if-absent first, so concurrent first failures on several workers cannot clash.
        dialect_insert = (
            postgresql.insert if session.bind.dialect.name == "postgresql" else (sqlite.insert)
        )
        session.execute(
            dialect_insert(RateLimitBucket)
            .values(key=digest(key), window_start=now, count=0)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        bucket = session.get(RateLimitBucket, digest(key), with_for_update=True)
        if bucket.window_start + self.window <= now:
            bucket.window_start, bucket.count = now, 1
        else:
            bucket.count += 1
        session.flush()

    def reset(self, session: Session, key: str) -> None:
        session.execute(delete(RateLimitBucket).where(RateLimitBucket.key == digest(key)))
