"""Caption sentiment on posts, from the sentiment issue (comments already had these columns).

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("sentiment_label", sa.String()),
    ("sentiment_score", sa.Float()),
    ("sentiment_positive", sa.Float()),
    ("sentiment_neutral", sa.Float()),
    ("sentiment_negative", sa.Float()),
    ("sentiment_model", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        for name, type_ in _COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
