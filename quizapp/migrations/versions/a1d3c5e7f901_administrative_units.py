"""administrative units replace districts; school types name their levels

Districts become legacy units (kind "district", valid until 30/06/2025: the day before
districts were abolished). A school keeps its unit; "multi_level" schools become
"lower_upper" (THCS-THPT) with no enrolment per level, which the data-quality lists show.

Revision ID: a1d3c5e7f901
Revises: b7d41c0e9a12
Create Date: 2026-12-06 03:40:00

"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = 'a1d3c5e7f901'
down_revision = 'b7d41c0e9a12'
branch_labels = None
depends_on = None

KINDS = "('province', 'commune', 'ward', 'special_zone', 'district')"
LEVELS_NEW = ("('primary', 'lower_secondary', 'upper_secondary', 'primary_lower', "
              "'lower_upper', 'all_levels', 'continuing_education', 'university')")
LEVELS_OLD = ("('primary', 'lower_secondary', 'upper_secondary', 'multi_level', "
              "'continuing_education')")
DISTRICTS_ENDED = date(2025, 6, 30)


def upgrade():
    unit = op.create_table(
        'admin_unit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('is_sample', sa.Boolean(), nullable=False),
        sa.CheckConstraint(f"kind IN {KINDS}", name=op.f('ck_admin_unit_kind_known')),
        sa.ForeignKeyConstraint(['parent_id'], ['admin_unit.id'],
                                name=op.f('fk_admin_unit_parent_id_admin_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_unit')),
        sa.UniqueConstraint('code', name=op.f('uq_admin_unit_code')))
    connection = op.get_bind()
    districts = connection.execute(sa.text("SELECT id, code, name FROM district")).all()
    if districts:
        op.bulk_insert(unit, [
            {"id": i, "code": code, "name": name, "kind": "district", "parent_id": None,
             "valid_from": None, "valid_to": DISTRICTS_ENDED, "is_sample": False}
            for i, code, name in districts])
        if connection.dialect.name == "postgresql":
            op.execute("SELECT setval('admin_unit_id_seq', (SELECT MAX(id) FROM admin_unit))")
    op.execute("UPDATE school SET level = 'lower_upper' WHERE level = 'multi_level'")
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('enrolment_by_level', sa.JSON(), nullable=True))
    op.execute("UPDATE school SET unit_id = district_id, enrolment_by_level = '{}'")
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_school_district_id_district'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_school_level_known'), type_='check')
        batch_op.drop_column('district_id')
        batch_op.alter_column('unit_id', nullable=False)
        batch_op.alter_column('enrolment_by_level', nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_school_unit_id_admin_unit'), 'admin_unit',
                                    ['unit_id'], ['id'])
        batch_op.create_check_constraint('level_known', f"level IN {LEVELS_NEW}")
    op.drop_table('district')
    op.create_table(
        'school_unit_history',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('until', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['school_id'], ['school.id'],
                                name=op.f('fk_school_unit_history_school_id_school'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['admin_unit.id'],
                                name=op.f('fk_school_unit_history_unit_id_admin_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_school_unit_history')))
    with op.batch_alter_table('school_unit_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_unit_history_school_id'), ['school_id'],
                              unique=False)


def downgrade():
    op.drop_table('school_unit_history')
    district = op.create_table(
        'district',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
        sa.UniqueConstraint('code', name=op.f('uq_district_code')),
        sa.UniqueConstraint('name', name=op.f('uq_district_name')))
    rows = op.get_bind().execute(sa.text("SELECT id, code, name FROM admin_unit")).all()
    if rows:
        op.bulk_insert(district, [{"id": i, "code": c, "name": n} for i, c, n in rows])
    op.execute("UPDATE school SET level = 'multi_level' WHERE level IN "
               "('primary_lower', 'lower_upper', 'all_levels')")
    op.execute("UPDATE school SET level = 'continuing_education' WHERE level = 'university'")
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district_id', sa.Integer(), nullable=True))
    op.execute("UPDATE school SET district_id = unit_id")
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_school_unit_id_admin_unit'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_school_level_known'), type_='check')
        batch_op.drop_column('unit_id')
        batch_op.drop_column('enrolment_by_level')
        batch_op.alter_column('district_id', nullable=False)
        batch_op.create_foreign_key('fk_school_district_id_district', 'district',
                                    ['district_id'], ['id'])
        batch_op.create_check_constraint('level_known', f"level IN {LEVELS_OLD}")
    op.drop_table('admin_unit')
