"""Fixed-window attempt counters, kept in the database so every worker and host shares them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class RateLimitBucket(Base):
    __tablename__ = "rate_limit_bucket"

    # A digest of the limited thing (for example "login:<email>"), never the thing itself.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[dt.datetime]
    count: Mapped[int] = mapped_column(default=0)
