"""game: the PIN a finished game had

Revision ID: 3b1f0c9d2e7a
Revises: a1d5e0c7b914
Create Date: 2026-12-06 03:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3b1f0c9d2e7a'
down_revision = 'a1d5e0c7b914'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('game', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_pin', sa.String(length=6), nullable=True))
        batch_op.create_index(batch_op.f('ix_game_ended_pin'), ['ended_pin'], unique=False)


def downgrade():
    with op.batch_alter_table('game', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_game_ended_pin'))
        batch_op.drop_column('ended_pin')
