"""A 1-on-1 keeps when it was completed; an action item keeps a description, when its assignee
got it, and who completed or last reopened it and when, as the legacy API's did.

What was not kept before is filled in as well as the rows tell it: a completed 1-on-1 no longer
changes, so its last change is its completion; an action item's assignee got it when it was
added, and a done one was completed at its last change, by someone no row names.

Revision ID: 0009_oneonone
Revises: 0008
Create Date: 2026-12-09 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gaggle.models.base import UTCDateTime

revision: str = "0009_oneonone"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEM = "oneonone_action_item"
PEOPLE = ("completed_by_id", "uncompleted_by_id")


def upgrade() -> None:
    op.add_column("oneonone", sa.Column("completed_at", UTCDateTime(timezone=True), nullable=True))
    oneonone = sa.table(
        "oneonone", sa.column("status"), sa.column("modified"), sa.column("completed_at")
    )
    op.execute(
        oneonone.update()
        .where(oneonone.c.status == "completed")
        .values(completed_at=oneonone.c.modified)
    )

    with op.batch_alter_table(ITEM, schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("completed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("uncompleted_at", UTCDateTime(timezone=True), nullable=True))
        for column in PEOPLE:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{ITEM}_{column}_userprofile"),
                "userprofile",
                [column],
                ["id"],
                ondelete="SET NULL",
            )
    item = sa.table(
        ITEM,
        sa.column("created"),
        sa.column("modified"),
        sa.column("completed"),
        sa.column("assigned_at"),
        sa.column("completed_at"),
    )
    op.execute(item.update().values(assigned_at=item.c.created))
    op.execute(item.update().where(item.c.completed.is_(True)).values(completed_at=item.c.modified))
    with op.batch_alter_table(ITEM, schema=None) as batch_op:
        batch_op.alter_column(
            "assigned_at", existing_type=UTCDateTime(timezone=True), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table(ITEM, schema=None) as batch_op:
        for column in PEOPLE:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{ITEM}_{column}_userprofile"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        for column in ("uncompleted_at", "completed_at", "description", "assigned_at"):
            batch_op.drop_column(column)
    # In place: SQLite's batch mode would copy the table and drop the old one, and dropping it
    # deletes the notes and action items of every 1-on-1 (ON DELETE CASCADE).
    op.drop_column("oneonone", "completed_at")
