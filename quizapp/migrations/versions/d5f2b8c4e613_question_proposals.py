"""edits of approved questions wait as proposals; campaigns keep their questions' content

Revision ID: d5f2b8c4e613
Revises: 3b1f0c9d2e7a
Create Date: 2026-12-06 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f2b8c4e613'
down_revision = '3b1f0c9d2e7a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['media.id'], name=op.f('fk_question_proposal_media_id_media')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_question_proposal_proposed_by_id_user')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_proposal_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_proposal')),
    sa.UniqueConstraint('question_id', name=op.f('uq_question_proposal_question_id'))
    )
    with op.batch_alter_table('campaign_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('campaign_question', schema=None) as batch_op:
        batch_op.drop_column('content')
    op.drop_table('question_proposal')
