"""A check-in that closes its objective keeps its final assessment, as the legacy API's did.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("objective_checkin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("final_assessment", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("objective_checkin", schema=None) as batch_op:
        batch_op.drop_column("final_assessment")
