"""episode rehearsals

Revision ID: e7a4c1b9d302
Revises: 7c2e9a41d5b0
Create Date: 2026-12-06 04:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e7a4c1b9d302'
down_revision = '7c2e9a41d5b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rehearsal_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_episode_rehearsal_of_id'), ['rehearsal_of_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_episode_rehearsal_of_id_episode'), 'episode',
                                    ['rehearsal_of_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_episode_rehearsal_of_id_episode'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_episode_rehearsal_of_id'))
        batch_op.drop_column('rehearsal_of_id')
