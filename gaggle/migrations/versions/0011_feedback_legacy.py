"""A feedback request has a title, a description and a due date it may enforce, and a network a
logo, as the legacy platform's had.

Revision ID: 0011_feedback
Revises: 0010_review
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_feedback"
down_revision: str | None = "0010_review"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Added and dropped in place, without copying either table (SQLite drops a column itself
# since 3.35); a literal default keeps Alembic from copying the table on SQLite to add it.
COLUMNS = {
    "feedback_request": [
        sa.Column("title", sa.String(length=200), server_default="", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("enforce_due_date", sa.Boolean(), server_default="0", nullable=False),
    ],
    "network": [sa.Column("logo_img", sa.String(length=2000), server_default="", nullable=False)],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in reversed(columns):
            op.drop_column(table, column.name)
