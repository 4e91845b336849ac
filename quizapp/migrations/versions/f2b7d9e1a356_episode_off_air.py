"""episodes keep the nicknames and schools the producer took off air

Revision ID: f2b7d9e1a356
Revises: f2b4d6e8a0c3
Create Date: 2026-12-06 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b7d9e1a356'
down_revision = 'f2b4d6e8a0c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('off_air', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('off_air')
