"""The `quizapp` command: init, demo, serve, users, schools, units (and feature groups)."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import gettext as _

from quizapp import create_app


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_default_commands=False,
             add_version_option=False)
def cli():
    """quizapp: cuộc thi trực tiếp, chiến dịch tự học và gameshow về an toàn thông tin."""


def register_commands(app):
    """Attach the command groups to `app` (so `flask --app quizapp` works as well)."""
    from quizapp.bank.cli import bank_cli
    from quizapp.coverage.cli import privacy_cli, report_cli

    for command in (init_command, demo_command, serve_command, users, schools, units, bank_cli,
                    report_cli, privacy_cli):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
def init_command():
    """Create or upgrade the database and load the bank's topics.

    Units and schools are imported (`quizapp units`); questions are loaded by `quizapp bank load`.
    """
    from quizapp.bank.service import load_topics

    _upgrade_database()
    topics = load_topics()
    click.echo(f"Database ready ({current_app.config['SQLALCHEMY_DATABASE_URI'].split('://')[0]});"
               f" {topics} topics added. Import the administrative units with"
               " `quizapp units import FILE`; load the questions with `quizapp bank load`.")


@click.command("demo")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo_command(host, port):
    """Set up demo data (SAMPLE units and schools, admin) and serve on the LAN."""
    from quizapp.accounts.models import User
    from quizapp.accounts.service import create_user, generate_password
    from quizapp.bank.service import load_shipped_bank
    from quizapp.gameshow.service import seed_demo_episodes
    from quizapp.schools.seed import load_sample_schools, load_sample_units

    _upgrade_database()
    load_sample_units()
    click.echo(f"SAMPLE units and schools (named as samples, not real) added: "
               f"{load_sample_schools()}")
    click.echo(f"Questions loaded from questions/: {load_shipped_bank()}")
    admin = User.query.filter_by(role="admin").first()
    if admin is None:
        password = generate_password()
        admin = create_user("admin", password, "admin", _("Quản trị viên"))
        click.secho(f"Admin account: admin / {password}   (shown once; keep it)", bold=True)
    else:
        click.echo("Admin account exists (quizapp users set-password admin to reset it).")
    click.echo(f"Demo gameshow episodes (drafts): {seed_demo_episodes(admin)}")
    _serve(host, port, max_connections=5000)


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--max-connections", default=20000, show_default=True, type=int,
              help="Simultaneous connections (eventlet's own default, 1024, is too low).")
@with_appcontext
def serve_command(host, port, max_connections):
    """Serve the app with the Socket.IO server (production style)."""
    _upgrade_database()
    _serve(host, port, max_connections)


def _serve(host, port, max_connections):
    from quizapp.config import public_url
    from quizapp.core.qr import terminal_qr
    from quizapp.extensions import socketio

    app = current_app._get_current_object()
    app.config["SERVER_PORT"] = port
    url = public_url(app)
    click.echo(f"\nquizapp is running. Phones on this network open: {url}\n")
    click.echo(terminal_qr(url))
    kwargs = {"host": host, "port": port}
    if app.config["ASYNC_MODE"] == "eventlet":
        kwargs["max_size"] = max_connections
        kwargs["log_output"] = False
    elif app.config["ASYNC_MODE"] == "threading":
        kwargs["allow_unsafe_werkzeug"] = True
    socketio.run(app, **kwargs)


def _upgrade_database():
    from flask_migrate import upgrade

    upgrade(directory=str(Path(__file__).resolve().parent / "migrations"))


@click.group()
def users():
    """Manage staff accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "editor", "host", "viewer"]), required=True)
@click.option("--name", "display_name", default="")
@click.option("--school", "school_code", default="", help="School code (for a host).")
@click.option("--password", default=None, help="Default: a random one, printed once.")
@with_appcontext
def users_create(username, role, display_name, school_code, password):
    """Create a staff account."""
    from quizapp.accounts.service import AccountError, create_user, generate_password
    from quizapp.schools.models import School, code_is

    school = None
    if school_code:
        school = School.query.filter(code_is(school_code)).first()
        if school is None:
            raise click.ClickException(f"No school with code {school_code!r}.")
    shown = password is None
    password = password or generate_password()
    try:
        user = create_user(username, password, role, display_name, school)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.username} ({user.role}).")
    if shown:
        click.echo(f"Password: {password}")


@users.command("list")
@with_appcontext
def users_list():
    """List staff accounts."""
    from quizapp.accounts.models import User

    for user in User.query.order_by(User.username):
        school = user.school.code if user.school else "-"
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username:20} {user.role:8} {school:16} {state}")


@users.command("set-password")
@click.argument("username")
@click.option("--password", default=None, help="Default: a random one, printed once.")
@with_appcontext
def users_set_password(username, password):
    """Set (or reset) a staff account's password."""
    from quizapp.accounts.models import User
    from quizapp.accounts.service import AccountError, generate_password, set_password

    user = User.query.filter_by(username=username.lower()).first()
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    shown = password is None
    password = password or generate_password()
    try:
        set_password(user, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Password changed for {user.username}." + (f" New password: {password}"
                                                           if shown else ""))


@click.group()
def schools():
    """Import and export the school registry."""


@schools.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def schools_import(file):
    """Import (upsert by code) schools from a CSV or XLSX file; all or nothing."""
    from quizapp.schools.registry import import_schools

    _import_all_or_nothing(import_schools, file)


@schools.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def schools_export(file):
    """Export the registry to FILE (.xlsx or .csv, by extension)."""
    from quizapp.schools.registry import export_csv, export_xlsx

    body = export_xlsx() if file.suffix.lower() == ".xlsx" else export_csv()
    file.write_bytes(body)
    click.echo(f"Wrote {file}.")


@click.group()
def units():
    """Administrative units (province, xã / phường / đặc khu): import, template, list."""


def read_import_file(file: Path) -> bytes:
    """Read a file for an importer, refusing one above the upload limit before reading it."""
    from quizapp.uploads import upload_limit

    if file.stat().st_size > upload_limit():
        raise click.ClickException(f"{file.name}: file too large "
                                   f"(max {upload_limit() // (1024 * 1024)} MiB)")
    return file.read_bytes()


def _import_all_or_nothing(importer, file: Path) -> None:
    """Run a registry-style importer on FILE; print each located error and exit 1 if refused."""
    from quizapp.schools.registry import RegistryRejected

    try:
        result = importer(read_import_file(file), file.name)
    except RegistryRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        click.echo(f"Refused: {len(rejected.errors)} error(s); nothing was imported.", err=True)
        sys.exit(1)
    click.echo(f"Imported: {result.added} added, {result.updated} updated.")


@units.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def units_import(file):
    """Import (upsert by code) units from a CSV or XLSX file; all or nothing."""
    from quizapp.schools.units import import_units

    _import_all_or_nothing(import_units, file)


@units.command("template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def units_template(file):
    """Write the import layout with SAMPLE rows (codes MAU-..., not real units) to FILE."""
    from quizapp.schools.units import template_csv

    file.write_bytes(template_csv())
    click.echo(f"Wrote {file} (the rows are samples: replace them with the official list).")


@units.command("list")
@with_appcontext
def units_list():
    """List the units: code, kind, name, parent, validity."""
    from quizapp.schools.models import AdminUnit

    for unit in AdminUnit.query.order_by(AdminUnit.kind, AdminUnit.code):
        days = f"{unit.valid_from or '…'} – {unit.valid_to or '…'}"
        sample = " (SAMPLE)" if unit.is_sample else ""
        parent = unit.parent.code if unit.parent else "-"
        click.echo(f"{unit.code}\t{unit.kind}\t{unit.name}{sample}\t{parent}\t{days}")
