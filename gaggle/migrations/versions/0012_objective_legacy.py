"""An objective keeps when it was last closed and may have stakeholders, and a key result a
description and who added it, as the legacy platform's did.

A closed objective's time is the latest check-in that closed it, or, closed by a change, its
last change. The key results there are get an empty description and no creator: nothing tells
who added them.

Revision ID: 0012_objective
Revises: 0011_feedback
Create Date: 2026-12-11 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gaggle.models.base import UTCDateTime

revision: str = "0012_objective"
down_revision: str | None = "0011_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added and dropped in place, without copying the table (SQLite drops a column itself
    # since 3.35), so that nothing that refers to an objective is cascaded away.
    op.add_column("objective", sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True))
    objective = sa.table(
        "objective",
        sa.column("id"),
        sa.column("closed"),
        sa.column("modified"),
        sa.column("closed_at"),
    )
    checkin = sa.table(
        "objective_checkin",
        sa.column("objective_id"),
        sa.column("close_objective"),
        sa.column("created"),
    )
    closing = (
        sa.select(sa.func.max(checkin.c.created))
        .where(checkin.c.objective_id == objective.c.id, checkin.c.close_objective.is_(True))
        .scalar_subquery()
    )
    op.execute(
        objective.update()
        .where(objective.c.closed.is_(True))
        .values(closed_at=sa.func.coalesce(closing, objective.c.modified))
    )

    op.add_column(
        "key_result", sa.Column("description", sa.Text(), server_default="", nullable=False)
    )
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column("creator_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_key_result_creator_id_userprofile"),
            "userprofile",
            ["creator_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "objective_stakeholder",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_stakeholder_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_objective_stakeholder_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "objective_id", "userprofile_id", name=op.f("pk_objective_stakeholder")
        ),
    )


def downgrade() -> None:
    op.drop_table("objective_stakeholder")
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_key_result_creator_id_userprofile"), type_="foreignkey"
        )
        batch_op.drop_column("creator_id")
    op.drop_column("key_result", "description")
    op.drop_column("objective", "closed_at")
