"""people and oauth

Revision ID: 0001
Revises:
Create Date: 2026-11-28 17:00:01.186349
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import gaggle.models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("business_cycle_length", sa.Integer(), nullable=False),
        sa.Column("business_cycle_start_month", sa.Integer(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network")),
        sa.UniqueConstraint("name", name=op.f("uq_network_name")),
    )
    op.create_table(
        "rate_limit_bucket",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_bucket")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("first_name", sa.String(length=150), nullable=False),
        sa.Column("last_name", sa.String(length=150), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("date_joined", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("email", name=op.f("uq_user_email")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "oauth_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("client_secret_hash", sa.String(length=200), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column(
            "client_type",
            sa.Enum("confidential", "public", name="clienttype", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "grant_type",
            sa.Enum("authorization-code", "password", name="granttype", native_enum=False),
            nullable=False,
        ),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("require_pkce", sa.Boolean(), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
            name=op.f("fk_oauth_application_owner_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_application")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_application_client_id")),
    )
    with op.batch_alter_table("oauth_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_application_owner_id"), ["owner_id"], unique=False
        )

    op.create_table(
        "userprofile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("reports_to_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("phone_number", sa.String(length=50), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("employee_id", sa.String(length=100), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("activated", sa.Boolean(), nullable=False),
        sa.Column("profile_img", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_userprofile_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reports_to_id"],
            ["userprofile.id"],
            name=op.f("fk_userprofile_reports_to_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_userprofile_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_userprofile")),
        sa.UniqueConstraint("user_id", name=op.f("uq_userprofile_user_id")),
    )
    with op.batch_alter_table("userprofile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_userprofile_network_id"), ["network_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_userprofile_reports_to_id"), ["reports_to_id"], unique=False
        )

    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("creator_id", sa.Integer(), nullable=True),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("modified", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["userprofile.id"],
            name=op.f("fk_department_creator_id_userprofile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_department_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["department.id"],
            name=op.f("fk_department_parent_id_department"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("network_id", "name", name=op.f("uq_department_network_id")),
    )
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_department_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "oauth_authorization_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=True),
        sa.Column("code_challenge_method", sa.String(length=10), nullable=True),
        sa.Column("expires", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_application.id"],
            name=op.f("fk_oauth_authorization_code_application_id_oauth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_oauth_authorization_code_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_authorization_code")),
        sa.UniqueConstraint("code_digest", name=op.f("uq_oauth_authorization_code_code_digest")),
    )
    with op.batch_alter_table("oauth_authorization_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_code_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_code_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "department_leader",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_department_leader_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_department_leader_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "department_id", "userprofile_id", name=op.f("pk_department_leader")
        ),
    )
    op.create_table(
        "department_member",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("userprofile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_department_member_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["userprofile_id"],
            ["userprofile.id"],
            name=op.f("fk_department_member_userprofile_id_userprofile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "department_id", "userprofile_id", name=op.f("pk_department_member")
        ),
    )
    op.create_table(
        "oauth_access_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("expires", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("authorization_code_id", sa.Integer(), nullable=True),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_application.id"],
            name=op.f("fk_oauth_access_token_application_id_oauth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["authorization_code_id"],
            ["oauth_authorization_code.id"],
            name=op.f("fk_oauth_access_token_authorization_code_id_oauth_authorization_code"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_oauth_access_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_access_token")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_oauth_access_token_token_digest")),
    )
    with op.batch_alter_table("oauth_access_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_access_token_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_access_token_authorization_code_id"),
            ["authorization_code_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_access_token_expires"), ["expires"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oauth_access_token_family"), ["family"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_oauth_access_token_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "oauth_refresh_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("access_token_id", sa.Integer(), nullable=True),
        sa.Column("authorization_code_id", sa.Integer(), nullable=True),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("expires", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", gaggle.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created", gaggle.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["access_token_id"],
            ["oauth_access_token.id"],
            name=op.f("fk_oauth_refresh_token_access_token_id_oauth_access_token"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_application.id"],
            name=op.f("fk_oauth_refresh_token_application_id_oauth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["authorization_code_id"],
            ["oauth_authorization_code.id"],
            name=op.f("fk_oauth_refresh_token_authorization_code_id_oauth_authorization_code"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_oauth_refresh_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_refresh_token")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_oauth_refresh_token_token_digest")),
    )
    with op.batch_alter_table("oauth_refresh_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_access_token_id"), ["access_token_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_authorization_code_id"),
            ["authorization_code_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_expires"), ["expires"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oauth_refresh_token_family"), ["family"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("oauth_refresh_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_family"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_expires"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_authorization_code_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_application_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_access_token_id"))

    op.drop_table("oauth_refresh_token")
    with op.batch_alter_table("oauth_access_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_access_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_token_family"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_token_expires"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_token_authorization_code_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_token_application_id"))

    op.drop_table("oauth_access_token")
    op.drop_table("department_member")
    op.drop_table("department_leader")
    with op.batch_alter_table("oauth_authorization_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_code_user_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_code_application_id"))

    op.drop_table("oauth_authorization_code")
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_parent_id"))
        batch_op.drop_index(batch_op.f("ix_department_network_id"))

    op.drop_table("department")
    with op.batch_alter_table("userprofile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_userprofile_reports_to_id"))
        batch_op.drop_index(batch_op.f("ix_userprofile_network_id"))

    op.drop_table("userprofile")
    with op.batch_alter_table("oauth_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_application_owner_id"))

    op.drop_table("oauth_application")
    op.drop_table("user")
    op.drop_table("rate_limit_bucket")
    op.drop_table("network")
