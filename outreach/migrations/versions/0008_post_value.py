"""Derived values per post and age (post_value): what a report reads instead of snapshots.

Empty after the upgrade; the next import or pull (or ``outreach init``) computes them. Until
then every value is read from the snapshots, as before.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

METRICS = (
    "views", "reach", "likes", "comments", "shares", "saves", "reposts", "quotes", "replies",
    "bookmarks", "profile_visits", "follows", "link_clicks",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "post_value",
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("post.id"), primary_key=True),
        sa.Column("age_days", sa.Float(), primary_key=True),
        sa.Column("newest_at", sa.BigInteger(), nullable=True),
        sa.Column("oldest_at", sa.BigInteger(), nullable=True),
        sa.Column("gap_days", sa.Float(), nullable=True),
        *(sa.Column(name, sa.Float(), nullable=True) for name in METRICS),
    )


def downgrade() -> None:
    op.drop_table("post_value")
