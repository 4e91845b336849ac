"""episode staff accounts and record timecode

Revision ID: b71c0e4a9d21
Revises: c3e8a5f1d204
Create Date: 2026-12-06 03:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b71c0e4a9d21'
down_revision = 'c3e8a5f1d204'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('timecode_fps', sa.Integer(), nullable=False,
                                      server_default='25'))
        batch_op.add_column(sa.Column('timecode_start', sa.String(length=11), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('on_air_ms', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_column('on_air_ms')
        batch_op.drop_column('timecode_start')
        batch_op.drop_column('timecode_fps')
        batch_op.drop_column('staff')
