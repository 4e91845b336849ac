"""coverage: programs held outside the app, with the record of every change

Revision ID: a3c5e7f9b102
Revises: a3c5e7f9b142
Create Date: 2026-12-06 06:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a3c5e7f9b102'
down_revision = 'a3c5e7f9b142'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'offline_program',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('kind_detail', sa.String(length=120), nullable=False),
        sa.Column('topic', sa.String(length=200), nullable=False),
        sa.Column('critical', sa.Boolean(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('participants', sa.JSON(), nullable=False),
        sa.Column('evidence_file', sa.String(length=64), nullable=True),
        sa.Column('evidence_name', sa.String(length=200), nullable=False),
        sa.Column('evidence_type', sa.String(length=40), nullable=False),
        sa.Column('evidence_size', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_by_name', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_name', sa.String(length=120), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_offline_program_dates_ordered')),
        sa.CheckConstraint("kind IN ('assembly', 'lesson', 'conference', 'extracurricular', "
                           "'contest', 'other')", name=op.f('ck_offline_program_kind_known')),
        sa.CheckConstraint("channel IN ('school', 'department')",
                           name=op.f('ck_offline_program_channel_known')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'],
                                name=op.f('fk_offline_program_created_by_id_user')),
        sa.ForeignKeyConstraint(['school_id'], ['school.id'],
                                name=op.f('fk_offline_program_school_id_school')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_program')),
        sa.UniqueConstraint('evidence_file', name=op.f('uq_offline_program_evidence_file')),
    )
    with op.batch_alter_table('offline_program', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_program_ends_on'), ['ends_on'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_offline_program_school_id'), ['school_id'],
                              unique=False)
    op.create_table(
        'offline_program_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('by_name', sa.String(length=120), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.CheckConstraint("action IN ('created', 'updated', 'deleted')",
                           name=op.f('ck_offline_program_change_action_known')),
        sa.ForeignKeyConstraint(['by_id'], ['user.id'],
                                name=op.f('fk_offline_program_change_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_program_change')),
    )
    with op.batch_alter_table('offline_program_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_program_change_program_id'),
                              ['program_id'], unique=False)


def downgrade():
    with op.batch_alter_table('offline_program_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_program_change_program_id'))
    op.drop_table('offline_program_change')
    with op.batch_alter_table('offline_program', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_program_school_id'))
        batch_op.drop_index(batch_op.f('ix_offline_program_ends_on'))
    op.drop_table('offline_program')
