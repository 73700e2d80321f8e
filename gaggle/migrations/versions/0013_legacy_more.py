"""An objective has a weight among the objectives aligned to the same parent and may have
followers and contributing departments, and a badge may have an image, as the legacy
platform's did.

The objectives there are get the default weight, 1, no followers and no contributing
departments; the badges there no image: nothing tells another.

Revision ID: 0013_legacy
Revises: 0012_objective
Create Date: 2026-12-12 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_legacy"
down_revision: str | None = "0012_objective"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, without copying the tables, so that nothing that refers to an objective
    # or a badge is cascaded away.
    op.add_column(
        "objective", sa.Column("weight", sa.Integer(), server_default="1", nullable=False)
    )
    op.create_table(
        "objective_follower",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_follower_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_objective_follower_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "objective_id", "userprofile_id", name=op.f("pk_objective_follower")
        ),
    )
    op.create_table(
        "objective_contributing_team",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_contributing_team_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_objective_contributing_team_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "objective_id", "department_id", name=op.f("pk_objective_contributing_team")
        ),
    )
    op.add_column("badge", sa.Column("image", sa.String(length=2000), nullable=True))


def downgrade() -> None:
    op.drop_column("badge", "image")
    op.drop_table("objective_contributing_team")
    op.drop_table("objective_follower")
    op.drop_column("objective", "weight")
