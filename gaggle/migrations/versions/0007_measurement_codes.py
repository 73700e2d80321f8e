"""Key results' measurement types become the legacy API's integer codes (1 percent, 3 numeric,
7 binary, one code per currency); a bare "currency" becomes US dollars (2), the legacy default.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What each stored name becomes, and back (every currency code goes back to "currency").
CODES = {"percent": 1, "currency": 2, "numeric": 3, "binary": 7}


def _convert(source: str, target: str, type_, cases: dict, default) -> None:
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column(target, type_, nullable=True))
    column = sa.column(source)
    op.execute(
        sa.table("key_result", column, sa.column(target))
        .update()
        .values({target: sa.case(cases, value=column, else_=default)})
    )
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.drop_column(source)
        batch_op.alter_column(
            target, new_column_name="measurement_type", existing_type=type_, nullable=False
        )


def upgrade() -> None:
    _convert("measurement_type", "measurement_code", sa.Integer(), CODES, 1)


def downgrade() -> None:
    names = {code: name for name, code in CODES.items()}
    _convert("measurement_type", "measurement_name", sa.String(length=20), names, "currency")
