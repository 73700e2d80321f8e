"""Review cycles and reviews keep who created them; a review keeps its subject's position at
its creation and when it was submitted and shared, as the legacy API's snapshots did.

What was not kept before stays unknown: the new columns of existing rows are null.

Revision ID: 0010_review
Revises: 0009_oneonone
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gaggle.models.base import UTCDateTime

revision: str = "0010_review"
down_revision: str | None = "0009_oneonone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _creator(batch_op, table: str) -> None:
    batch_op.add_column(sa.Column("creator_id", sa.Integer(), nullable=True))
    batch_op.create_foreign_key(
        batch_op.f(f"fk_{table}_creator_id_userprofile"),
        "userprofile",
        ["creator_id"],
        ["id"],
        ondelete="SET NULL",
    )


def upgrade() -> None:
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        _creator(batch_op, "review_cycle")
    with op.batch_alter_table("review", schema=None) as batch_op:
        _creator(batch_op, "review")
        batch_op.add_column(sa.Column("position", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("submitted", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("shared", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("shared")
        batch_op.drop_column("submitted")
        batch_op.drop_column("position")
        batch_op.drop_constraint(batch_op.f("fk_review_creator_id_userprofile"), type_="foreignkey")
        batch_op.drop_column("creator_id")
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_review_cycle_creator_id_userprofile"), type_="foreignkey"
        )
        batch_op.drop_column("creator_id")
