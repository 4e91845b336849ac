"""question legal sources: valid_as_of and sources; search text with one i/y spelling

Revision ID: a1d5e0c7b914
Revises: b71c0e4a9d21
Create Date: 2026-12-06 04:30:00

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1d5e0c7b914'
down_revision = 'b71c0e4a9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_as_of', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=False,
                                      server_default='[]'))
    _refresh_search_text()


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('sources')
        batch_op.drop_column('valid_as_of')


def _refresh_search_text():
    # The search form now folds the i/y spellings (kỹ = kĩ); stored rows get the same form so
    # a search for "ki thuat" finds "kỹ thuật". Same inputs as the bank service uses.
    from quizapp.bank.textnorm import normalize_text

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, text, body FROM question")).fetchall()
    for row_id, text, body in rows:
        body = json.loads(body) if isinstance(body, str) else (body or {})
        parts = [text, *body.get("answers", []),
                 *(c.get("text", "") for c in body.get("choices", []))]
        bind.execute(sa.text("UPDATE question SET search_text = :s WHERE id = :i"),
                     {"s": normalize_text(" ".join(parts), accents=False), "i": row_id})
