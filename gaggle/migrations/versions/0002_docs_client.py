"""The public OAuth2 client Swagger UI uses to authorize ("Authorize" in /api/v/2.0/ui/).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 17:35:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCS_CLIENT_ID = "gaggle-docs"
# Loopback redirect URIs match on any port; other hosts are added with
# `gaggle apps set-redirect-uris gaggle-docs "..."`.
REDIRECT_URIS = (
    "http://127.0.0.1/api/v/2.0/ui/oauth2-redirect.html "
    "http://localhost/api/v/2.0/ui/oauth2-redirect.html"
)

applications = sa.table(
    "oauth_application",
    sa.column("client_id", sa.String),
    sa.column("client_secret_hash", sa.String),
    sa.column("owner_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("client_type", sa.String),
    sa.column("grant_type", sa.String),
    sa.column("redirect_uris", sa.Text),
    sa.column("require_pkce", sa.Boolean),
    sa.column("created", sa.DateTime(timezone=True)),
    sa.column("modified", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    now = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    op.bulk_insert(
        applications,
        [
            {
                "client_id": DOCS_CLIENT_ID,
                "client_secret_hash": None,
                "owner_id": None,
                "name": "Gaggle API documentation (Swagger UI)",
                "client_type": "public",
                "grant_type": "authorization-code",
                "redirect_uris": REDIRECT_URIS,
                "require_pkce": True,
                "created": now,
                "modified": now,
            }
        ],
    )


def downgrade() -> None:
    op.execute(applications.delete().where(applications.c.client_id == DOCS_CLIENT_ID))
