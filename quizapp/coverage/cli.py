"""`quizapp report coverage|freeze|versions|offline-import`: the coverage report from the
terminal."""

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.group("report")
def report_cli():
    """Reports for the education department."""


def _period(period_text, as_of):
    from quizapp.coverage.periods import PeriodError, parse_period

    try:
        return parse_period(period_text, as_of or None)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--period / --as-of") from None


@report_cli.command("coverage")
@click.option("--period", "period_text", required=True,
              help="2026 (calendar year) or 2025-2026 (school year).")
@click.option("--as-of", "as_of", default="",
              help="Report day, e.g. 2026-12-15 (default: 15/12 for a calendar year, the last "
                   "day for a school year).")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "xlsx", "csv"]),
              default=None, help="Default: from the file's extension.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def report_coverage(period_text, as_of, fmt, file):
    """Write the coverage report of a period to FILE (frozen figures when frozen)."""
    from quizapp.coverage import report

    period = _period(period_text, as_of)
    fmt = fmt or file.suffix.lower().lstrip(".")
    if fmt not in report.FORMATS:
        raise click.BadParameter("docx, pdf, xlsx or csv", param_hint="--format")
    data = report.report_data(period)
    body, _mimetype = report.render(data, fmt)
    file.write_bytes(body)
    state = f"frozen v{data['frozen']['version']}" if data.get("frozen") else "live figures"
    click.echo(f"Wrote {file} ({period.label}, as of {period.as_of_text}, {state}).")


@report_cli.command("freeze")
@click.option("--period", "period_text", required=True, help="2026 or 2025-2026.")
@click.option("--as-of", "as_of", default="", help="Report day, e.g. 2026-12-15.")
@click.option("--reason", default="", help="Required for a new version of a frozen period.")
@click.option("--number", default="", help="The report's document number, e.g. 245.")
@with_appcontext
def report_freeze(period_text, as_of, reason, number):
    """Freeze the figures of a period (a new version when it is already frozen)."""
    from quizapp.coverage import freeze

    period = _period(period_text, as_of)
    try:
        record = freeze.freeze(period, None, reason, number)
    except freeze.FreezeError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Frozen {record.period} as of {period.as_of_text}: version {record.version}.")


@report_cli.command("versions")
@click.option("--period", "period_text", required=True, help="2026 or 2025-2026.")
@click.option("--diff", "show_diff", is_flag=True, help="Also list what each version changed.")
@with_appcontext
def report_versions(period_text, show_diff):
    """List the frozen versions of a period (and the differences between them)."""
    from quizapp.coverage import freeze

    period = _period(period_text, "")
    previous = None
    for record in freeze.versions(period.key):
        click.echo(f"v{record.version}\t{record.at:%Y-%m-%d %H:%M}\t{record.by_name}\t"
                   f"as of {record.as_of}\t{record.reason}")
        if show_diff and previous is not None:
            for change in freeze.differences(previous.figures, record.figures):
                click.echo(f"    {change['path']}: {change['old']} -> {change['new']}")
        previous = record


@report_cli.command("offline-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True,
              help="The department account the programs are recorded under (it must be "
                   "allowed to manage schools, as on the web page).")
@with_appcontext
def report_offline_import(file, username):
    """Import programs held outside the app from a CSV or XLSX file; all or nothing."""
    from quizapp.accounts.models import User
    from quizapp.cli import read_import_file
    from quizapp.core.permissions import can
    from quizapp.coverage.offline_import import import_programs
    from quizapp.schools.registry import RegistryRejected

    user = User.query.filter_by(username=username).first()
    if user is None or not user.active or not can(user, "schools.manage"):
        raise click.BadParameter(f"no active account {username!r} allowed to manage schools",
                                 param_hint="--user")
    try:
        count = import_programs(read_import_file(file), file.name, user)
    except RegistryRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        click.echo(f"Refused: {len(rejected.errors)} error(s); nothing was imported.", err=True)
        raise SystemExit(1) from None
    click.echo(f"Imported: {count} program(s) held outside the app.")


@report_cli.command("offline-template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def report_offline_template(file):
    """Write the layout of the programs-held-outside-the-app file (CSV) to FILE."""
    from quizapp.coverage.offline_import import template_csv

    file.write_bytes(template_csv())
    click.echo(f"Wrote {file}.")


@report_cli.command("coverage-refresh")
@click.option("--rebuild", is_flag=True, help="Recompute everything (anonymised years kept).")
@with_appcontext
def report_refresh(rebuild):
    """Roll up the programs that finished since the last dashboard view."""
    from quizapp.coverage import rollup

    added = rollup.rebuild() if rebuild else rollup.refresh()
    click.echo(f"{added} program(s) rolled up.")


@report_cli.command("coverage-demo")
@click.option("--year", "year_text", default="", help="School year (default: the current one).")
@with_appcontext
def report_demo(year_text):
    """Add DEMO programs (titles marked "(demo)") for the sample schools only."""
    from quizapp.accounts.models import User
    from quizapp.bank.service import load_shipped_bank
    from quizapp.coverage import demo, service
    from quizapp.schools.seed import load_sample_schools, load_sample_units
    from quizapp.schools.years import parse_year

    year = parse_year(year_text, None) if year_text else service.current_year()
    if year is None:
        raise click.BadParameter("use the form 2025-2026", param_hint="--year")
    host = User.query.filter_by(role="admin").order_by(User.id).first()
    if host is None:
        raise click.ClickException("Create an admin account first (quizapp users create).")
    load_sample_units()
    load_sample_schools()
    load_shipped_bank()
    click.echo(f"{demo.seed_demo(year, host)} demo program(s) added for the sample schools.")


@click.group("privacy")
def privacy_cli():
    """Pupils' names: deletion after the retention period."""


@privacy_cli.command("purge")
@with_appcontext
def privacy_purge():
    """Anonymise the school years of periods frozen longer ago than the retention setting."""
    from flask import current_app

    from quizapp.coverage import privacy

    months = current_app.config["PRIVACY_RETENTION_MONTHS"]
    if months <= 0:
        click.echo("Retention is 0 (QUIZAPP_PRIVACY_RETENTION_MONTHS): names are kept.")
        return
    years = privacy.purge()
    done = ", ".join(f"{y}-{y + 1}" for y in years) or "none"
    click.echo(f"Names deleted for school years: {done} (retention {months} months).")
