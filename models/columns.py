"""The column declarations tables share: `id: Mapped[IntPK]`, `network_id: Mapped[NetworkId]`,
`oneonone_id: Mapped[int] = key_to("oneonone")`, and many-to-many tables."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import Column, ForeignKey, Table
from sqlalchemy.orm import MappedColumn, mapped_column

from gaggle.models.base import Base, utcnow


def key_to(table: str, *, index: bool = True, ondelete: str = "CASCADE") -> MappedColumn[Any]:
    """A foreign key to `table`'s id; by default indexed, and the row goes when that one goes."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete=ondelete), index=index)


IntPK = Annotated[int, mapped_column(primary_key=True)]
# What belongs to a network goes with it.
NetworkId = Annotated[int, key_to("network")]
# A person's part in an object (its author, its recipient ...) goes with their profile.
ProfileId = Annotated[int, key_to("userprofile")]
Created = Annotated[dt.datetime, mapped_column(default=utcnow)]
Modified = Annotated[dt.datetime, mapped_column(default=utcnow, onupdate=utcnow)]


def association(name: str, left: str, right: str = "userprofile") -> Table:
    """A many-to-many table between the tables `left` and `right`: a row per pair, keyed by
    `<left>_id` and `<right>_id`, that goes when either side goes."""
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True),
    )
