"""coverage: pupil level per participant, program organiser, frozen periods; plan targets read right

The plan's "100%" is for university students ("sinh viên"), not school pupils: the seeded
"reached" target moves to the university level. "multi_level" leaves every target's levels.
Existing participants get their school's level when the school teaches one level; the rest are
recomputed by `quizapp report coverage-refresh --rebuild`.

Revision ID: d4f6a8b0c2e1
Revises: e7a4c1b9d302
Create Date: 2026-12-06 04:10:00

"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'd4f6a8b0c2e1'
down_revision = 'e7a4c1b9d302'
branch_labels = None
depends_on = None

SINGLE = {"primary": "primary", "lower_secondary": "lower_secondary",
          "upper_secondary": "upper_secondary", "continuing_education": "continuing_education",
          "university": "university"}


def upgrade():
    with op.batch_alter_table('coverage_participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=24), server_default='',
                                      nullable=False))
    with op.batch_alter_table('coverage_program', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='school',
                                      nullable=False))
        batch_op.create_check_constraint('channel_known',
                                         "channel IN ('school', 'department', 'tv')")
    for school_type, level in SINGLE.items():
        op.execute(sa.text(
            "UPDATE coverage_participant SET level = :level WHERE school_id IN "
            "(SELECT id FROM school WHERE level = :kind)").bindparams(level=level,
                                                                      kind=school_type))
    connection = op.get_bind()
    for target_id, indicator, levels, source in connection.execute(sa.text(
            "SELECT id, indicator, levels, source FROM coverage_target")).all():
        levels = json.loads(levels) if isinstance(levels, str) else (levels or [])
        levels = [lv for lv in levels if lv != "multi_level"]
        if indicator == "reached" and source.startswith("Kế hoạch 3630"):
            levels = ["university"]
        connection.execute(sa.text("UPDATE coverage_target SET levels = :levels WHERE id = :id"),
                           {"levels": json.dumps(levels), "id": target_id})
    op.create_table(
        'coverage_freeze',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('by_name', sa.String(length=120), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.CheckConstraint('version >= 1', name=op.f('ck_coverage_freeze_version_positive')),
        sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_coverage_freeze_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_freeze')),
        sa.UniqueConstraint('period', 'version', name='uq_coverage_freeze_version'))


def downgrade():
    op.drop_table('coverage_freeze')
    with op.batch_alter_table('coverage_program', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_coverage_program_channel_known'), type_='check')
        batch_op.drop_column('channel')
    with op.batch_alter_table('coverage_participant', schema=None) as batch_op:
        batch_op.drop_column('level')
