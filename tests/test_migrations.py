"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from quizapp.extensions import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_legal_sources_migration_refreshes_the_search_text(tmp_path):
    """Stored questions become findable by the other i/y spelling after the upgrade."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from quizapp.extensions import MIGRATIONS_DIR
    from tests.conftest import make_app

    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR), revision="b71c0e4a9d21")
        db.session.execute(text(
            "INSERT INTO topic (id, slug, name, name_en, critical_thinking) "
            "VALUES (1, 'ma-doc', 'Mã độc', 'Malware', 0)"))
        db.session.execute(text(
            "INSERT INTO question (id, topic_id, kind, text, body, explanation, difficulty, "
            "audience, source, status, normalized_text, search_text, created_at, updated_at) "
            "VALUES (1, 1, 'type_answer', 'Dấu chân kỹ thuật số là gì?', "
            "'{\"answers\": [\"nhật ký\"], \"accent_insensitive\": true}', 'Vì.', 1, 'public', '', "
            "'approved', 'dấu chân kỹ thuật số là gì', 'dau chan ky thuat so la gi nhat ky', "
            "'2026-01-01', '2026-01-01')"))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS_DIR))
        row = db.session.execute(text("SELECT search_text, sources, valid_as_of FROM question"))
        search_text, sources, valid_as_of = row.one()
        assert search_text == "dau chan ki thuat so la gi nhat ki"
        assert sources in ("[]", []) and valid_as_of is None
        downgrade(directory=str(MIGRATIONS_DIR), revision="b71c0e4a9d21")
        columns = [c[1] for c in db.session.execute(text("PRAGMA table_info(question)"))]
        assert "sources" not in columns and "valid_as_of" not in columns
        db.session.remove()
