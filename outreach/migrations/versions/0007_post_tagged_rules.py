"""Which tagging rules a post was last tagged with: NULL when it waits for tagging.

Set by a tagging run, cleared by an import that changes what the tags depend on (the
caption, or a publish time, account or type that was unknown). The next import, pull or
scheduled run tags exactly the posts still waiting, also after a kill.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("post") as batch_op:
        batch_op.add_column(sa.Column("tagged_rules", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("post") as batch_op:
        batch_op.drop_column("tagged_rules")
