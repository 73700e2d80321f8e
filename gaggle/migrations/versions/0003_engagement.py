"""engagement: recognitions, 1-on-1s, feedback and private notes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 19:37:44.084959
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import gaggle.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "badge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=True),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_badge_creator_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_badge_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge")),
        sa.UniqueConstraint("network_id", "name", name=op.f("uq_badge_network_id")),
    )
    with op.batch_alter_table("badge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_badge_network_id"), ["network_id"], unique=False)

    op.create_table(
        "feedback_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_feedback_request_creator_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_feedback_request_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["userprofile.id"],
            name=op.f("fk_feedback_request_subject_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_request")),
    )
    with op.batch_alter_table("feedback_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_request_creator_id"), ["creator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_request_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_request_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "oneonone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scheduled_start", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["userprofile.id"],
            name=op.f("fk_oneonone_facilitator_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_oneonone_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["userprofile.id"],
            name=op.f("fk_oneonone_participant_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneonone")),
    )
    with op.batch_alter_table("oneonone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oneonone_facilitator_id"), ["facilitator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oneonone_network_id"), ["network_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_oneonone_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oneonone_scheduled_start"), ["scheduled_start"], unique=False
        )

    op.create_table(
        "private_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("about_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["about_id"],
            ["userprofile.id"],
            name=op.f("fk_private_note_about_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["userprofile.id"],
            name=op.f("fk_private_note_author_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_private_note_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_private_note")),
    )
    with op.batch_alter_table("private_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_private_note_about_id"), ["about_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_private_note_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_private_note_network_id"), ["network_id"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("submitted", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["userprofile.id"],
            name=op.f("fk_feedback_author_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_feedback_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["userprofile.id"],
            name=op.f("fk_feedback_recipient_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_request.id"],
            name=op.f("fk_feedback_request_id_feedback_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("request_id", "author_id", name=op.f("uq_feedback_request_id")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_network_id"), ["network_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_recipient_id"), ["recipient_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_request_id"), ["request_id"], unique=False)

    op.create_table(
        "feedback_request_responder",
        sa.Column("feedback_request_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_request_id"],
            ["feedback_request.id"],
            name=op.f("fk_feedback_request_responder_feedback_request_id_feedback_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_feedback_request_responder_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "feedback_request_id", "userprofile_id", name=op.f("pk_feedback_request_responder")
        ),
    )
    op.create_table(
        "oneonone_action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("oneonone_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["userprofile.id"],
            name=op.f("fk_oneonone_action_item_assignee_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_oneonone_action_item_creator_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["oneonone_id"],
            ["oneonone.id"],
            name=op.f("fk_oneonone_action_item_oneonone_id_oneonone"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneonone_action_item")),
    )
    with op.batch_alter_table("oneonone_action_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oneonone_action_item_oneonone_id"), ["oneonone_id"], unique=False
        )

    op.create_table(
        "oneonone_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("oneonone_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["userprofile.id"],
            name=op.f("fk_oneonone_note_author_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["oneonone_id"],
            ["oneonone.id"],
            name=op.f("fk_oneonone_note_oneonone_id_oneonone"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneonone_note")),
    )
    with op.batch_alter_table("oneonone_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oneonone_note_oneonone_id"), ["oneonone_id"], unique=False
        )

    op.create_table(
        "recognition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("badge_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["badge_id"],
            ["badge.id"],
            name=op.f("fk_recognition_badge_id_badge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_recognition_creator_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_recognition_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["userprofile.id"],
            name=op.f("fk_recognition_recipient_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition")),
    )
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recognition_badge_id"), ["badge_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recognition_created"), ["created"], unique=False)
        batch_op.create_index(batch_op.f("ix_recognition_creator_id"), ["creator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recognition_network_id"), ["network_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recognition_recipient_id"), ["recipient_id"], unique=False
        )

    op.create_table(
        "recognition_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recognition_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["userprofile.id"],
            name=op.f("fk_recognition_comment_author_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recognition_id"],
            ["recognition.id"],
            name=op.f("fk_recognition_comment_recognition_id_recognition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition_comment")),
    )
    with op.batch_alter_table("recognition_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_comment_recognition_id"), ["recognition_id"], unique=False
        )

    op.create_table(
        "recognition_like",
        sa.Column("recognition_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["userprofile.id"],
            name=op.f("fk_recognition_like_profile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recognition_id"],
            ["recognition.id"],
            name=op.f("fk_recognition_like_recognition_id_recognition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recognition_id", "profile_id", name=op.f("pk_recognition_like")),
    )


def downgrade() -> None:
    op.drop_table("recognition_like")
    with op.batch_alter_table("recognition_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_comment_recognition_id"))

    op.drop_table("recognition_comment")
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_network_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_creator_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_created"))
        batch_op.drop_index(batch_op.f("ix_recognition_badge_id"))

    op.drop_table("recognition")
    with op.batch_alter_table("oneonone_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oneonone_note_oneonone_id"))

    op.drop_table("oneonone_note")
    with op.batch_alter_table("oneonone_action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oneonone_action_item_oneonone_id"))

    op.drop_table("oneonone_action_item")
    op.drop_table("feedback_request_responder")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_request_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_network_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_author_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("private_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_private_note_network_id"))
        batch_op.drop_index(batch_op.f("ix_private_note_author_id"))
        batch_op.drop_index(batch_op.f("ix_private_note_about_id"))

    op.drop_table("private_note")
    with op.batch_alter_table("oneonone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oneonone_scheduled_start"))
        batch_op.drop_index(batch_op.f("ix_oneonone_participant_id"))
        batch_op.drop_index(batch_op.f("ix_oneonone_network_id"))
        batch_op.drop_index(batch_op.f("ix_oneonone_facilitator_id"))

    op.drop_table("oneonone")
    with op.batch_alter_table("feedback_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_request_subject_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_request_network_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_request_creator_id"))

    op.drop_table("feedback_request")
    with op.batch_alter_table("badge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_network_id"))

    op.drop_table("badge")
