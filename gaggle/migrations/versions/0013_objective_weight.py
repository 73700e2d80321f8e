"""An objective has a weight among the objectives aligned to the same parent, as the legacy
platform's did.

The objectives there are get the default weight, 1: nothing tells another.

Revision ID: 0013_objective_weight
Revises: 0012_objective
Create Date: 2026-12-12 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_objective_weight"
down_revision: str | None = "0012_objective"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, without copying the table, so that nothing that refers to an objective
    # is cascaded away.
    op.add_column(
        "objective", sa.Column("weight", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("objective", "weight")
