"""Purged commenters (`outreach purge`): their author keys, so imports keep their comments out.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('purged_author',
    sa.Column('author_key', sa.String(), nullable=False),
    sa.Column('platform', sa.String(), nullable=False),
    sa.Column('purged_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('author_key')
    )


def downgrade() -> None:
    op.drop_table('purged_author')
