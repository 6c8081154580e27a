"""Audience composition from the import issue (gender, age, territory, active hours).

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audience_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('captured_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('dimension', sa.String(), nullable=False),
    sa.Column('bucket', sa.String(), nullable=False),
    sa.Column('share', sa.Float(), nullable=True),
    sa.Column('count', sa.Float(), nullable=True),
    sa.Column('imported_file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['imported_file_id'], ['imported_file.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'captured_on', 'source', 'dimension', 'bucket')
    )
    with op.batch_alter_table('audience_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audience_share_account_id'), ['account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audience_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audience_share_account_id'))

    op.drop_table('audience_share')
