"""Objectives, key results and check-ins; review cycles and reviews.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 19:23:17.017152
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import gaggle.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_review_cycle_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_cycle")),
    )
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_cycle_network_id"), ["network_id"], unique=False
        )

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("self_answers", sa.JSON(), nullable=False),
        sa.Column("reviewer_answers", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["review_cycle.id"],
            name=op.f("fk_review_cycle_id_review_cycle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["userprofile.id"],
            name=op.f("fk_review_reviewer_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["userprofile.id"],
            name=op.f("fk_review_subject_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("cycle_id", "subject_id", name=op.f("uq_review_cycle_id")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_reviewer_id"), ["reviewer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("objective_type", sa.String(length=20), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_objective_creator_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_objective_department_id_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_objective_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["objective.id"],
            name=op.f("fk_objective_parent_id_objective"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_creator_id"), ["creator_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_objective_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_objective_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objective_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "key_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("measurement_type", sa.String(length=20), nullable=False),
        sa.Column("starting_value", sa.Float(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("current_value", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_key_result_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_result")),
    )
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_key_result_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "objective_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("assessment_status", sa.Integer(), nullable=True),
        sa.Column("close_objective", sa.Boolean(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_objective_checkin_creator_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_checkin_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_checkin")),
    )
    with op.batch_alter_table("objective_checkin", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objective_checkin_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "objective_owner",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_owner_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_objective_owner_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("objective_id", "userprofile_id", name=op.f("pk_objective_owner")),
    )
    op.create_table(
        "key_result_owner",
        sa.Column("key_result_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_result_id"],
            ["key_result.id"],
            name=op.f("fk_key_result_owner_key_result_id_key_result"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_key_result_owner_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "key_result_id", "userprofile_id", name=op.f("pk_key_result_owner")
        ),
    )
    op.create_table(
        "objective_checkin_key_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("key_result_id", sa.Integer(), nullable=False),
        sa.Column("previous_value", sa.Float(), nullable=False),
        sa.Column("current_value", sa.Float(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["objective_checkin.id"],
            name=op.f("fk_objective_checkin_key_result_checkin_id_objective_checkin"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["key_result_id"],
            ["key_result.id"],
            name=op.f("fk_objective_checkin_key_result_key_result_id_key_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_checkin_key_result")),
    )
    with op.batch_alter_table("objective_checkin_key_result", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objective_checkin_key_result_checkin_id"), ["checkin_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_objective_checkin_key_result_key_result_id"),
            ["key_result_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("objective_checkin_key_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_checkin_key_result_key_result_id"))
        batch_op.drop_index(batch_op.f("ix_objective_checkin_key_result_checkin_id"))

    op.drop_table("objective_checkin_key_result")
    op.drop_table("key_result_owner")
    op.drop_table("objective_owner")
    with op.batch_alter_table("objective_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_checkin_objective_id"))

    op.drop_table("objective_checkin")
    with op.batch_alter_table("key_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_result_objective_id"))

    op.drop_table("key_result")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_parent_id"))
        batch_op.drop_index(batch_op.f("ix_objective_network_id"))
        batch_op.drop_index(batch_op.f("ix_objective_department_id"))
        batch_op.drop_index(batch_op.f("ix_objective_creator_id"))

    op.drop_table("objective")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_subject_id"))
        batch_op.drop_index(batch_op.f("ix_review_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_review_cycle_id"))

    op.drop_table("review")
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_cycle_network_id"))

    op.drop_table("review_cycle")
