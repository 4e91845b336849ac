"""pupil identities keyed with a secret

Every stored identity (campaign attempts, the coverage roll-up) becomes keyed(identity), the
same function new identities go through (schools/identity.py), so counts stay the same and a
class list can no longer be hashed to find who took part. Needs the app (its key): run with
`quizapp db upgrade` / `quizapp init`. A downgrade leaves them keyed: the unkeyed values are not kept.

Revision ID: f2b4d6e8a0c3
Revises: e8a1c3d5f720
Create Date: 2026-12-06 04:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f2b4d6e8a0c3'
down_revision = 'e8a1c3d5f720'
branch_labels = None
depends_on = None

CHUNK = 5000


def upgrade():
    from flask import has_app_context

    connection = op.get_bind()
    for table in ("attempt", "coverage_participant"):
        rows = connection.execute(sa.text(f"SELECT id, identity FROM {table}")).all()
        if not rows:
            continue
        if not has_app_context():
            raise RuntimeError("re-keying pupil identities needs the app's key: "
                               "run `quizapp db upgrade`")
        from quizapp.schools.identity import keyed

        for start in range(0, len(rows), CHUNK):
            connection.execute(
                sa.text(f"UPDATE {table} SET identity = :identity WHERE id = :id"),
                [{"id": row_id, "identity": keyed(identity)}
                 for row_id, identity in rows[start:start + CHUNK]])


def downgrade():
    # The unkeyed values are gone on purpose: identities stay keyed. Code from before this
    # revision would count a returning pupil twice until `report coverage-refresh --rebuild`.
    pass
