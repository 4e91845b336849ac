"""session version per user and the device of each failed login

Revision ID: b7d41c0e9a12
Revises: cbf2837265e8
Create Date: 2026-12-06 03:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41c0e9a12'
down_revision = 'cbf2837265e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_failed_login_device'), ['device'], unique=False)


def downgrade():
    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_login_device'))
        batch_op.drop_column('device')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
