"""campaign: when the host ended it early

Revision ID: 7c2e9a41d5b0
Revises: d5f2b8c4e613
Create Date: 2026-12-06 04:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7c2e9a41d5b0'
down_revision = 'd5f2b8c4e613'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
