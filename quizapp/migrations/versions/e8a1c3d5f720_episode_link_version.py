"""episodes carry a link version the producer raises to rotate studio and seat links

Revision ID: e8a1c3d5f720
Revises: d4f6a8b0c2e1
Create Date: 2026-12-06 04:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a1c3d5f720'
down_revision = 'd4f6a8b0c2e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('link_version')
