"""show presets have an owner, who may let others edit them

Revision ID: c3e8a5f1d204
Revises: a1d3c5e7f901
Create Date: 2026-12-06 03:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8a5f1d204'
down_revision = 'a1d3c5e7f901'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('show_preset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('others_may_edit', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_show_preset_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_show_preset_owner_id_user'), 'user',
                                    ['owner_id'], ['id'])
    # The last producer who saved a preset is the best guess of its owner.
    op.execute("UPDATE show_preset SET owner_id = updated_by_id")


def downgrade():
    with op.batch_alter_table('show_preset', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_show_preset_owner_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_show_preset_owner_id'))
        batch_op.drop_column('others_may_edit')
        batch_op.drop_column('owner_id')
