"""campaigns may let one phone answer for a named group of pupils

Revision ID: a3c5e7f9b142
Revises: f2b7d9e1a356
Create Date: 2026-12-06 06:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b142'
down_revision = 'f2b7d9e1a356'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allow_groups', sa.Boolean(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_members', sa.JSON(none_as_null=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('group_members')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('allow_groups')
