"""a per-question row that fences answers scored by the workers before the reveal

Revision ID: c4e6a8b0d2f4
Revises: a3c5e7f9b1d2
Create Date: 2026-12-06 09:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f4'
down_revision = 'a3c5e7f9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_seal',
        sa.Column('game_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('sealed', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['game_id'], ['game.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('game_id', 'question_id'),
    )


def downgrade():
    op.drop_table('answer_seal')
