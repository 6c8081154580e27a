"""Indexes for reports that follow the week's data, not the database's size.

The weekly report selects posts by publish time across all accounts, snapshots by the
file or collection run that brought them (data coverage), and files by account.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_post_published_at", "post", ["published_at"])
    op.create_index("ix_metric_snapshot_imported_file", "metric_snapshot", ["imported_file_id"])
    op.create_index("ix_imported_file_account", "imported_file", ["account_id", "imported_at"])


def downgrade() -> None:
    op.drop_index("ix_imported_file_account", "imported_file")
    op.drop_index("ix_metric_snapshot_imported_file", "metric_snapshot")
    op.drop_index("ix_post_published_at", "post")
