"""`quizapp report coverage --year 2025-2026 FILE`: the yearly workbook from the terminal."""

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.group("report")
def report_cli():
    """Reports for the education department."""


@report_cli.command("coverage")
@click.option("--year", "year_text", default="", help="School year, e.g. 2025-2026 "
              "(default: the current one).")
@click.option("--level", default="secondary", show_default=True,
              help="secondary (THCS, THPT, liên cấp), all, or one level key.")
@click.option("--csv", "as_csv", is_flag=True, help="Write the schools as CSV instead.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def report_coverage(year_text, level, as_csv, file):
    """Write the yearly coverage workbook (the same as the dashboard's download) to FILE."""
    from quizapp.coverage import report, service
    from quizapp.schools.years import parse_year, year_label

    year = parse_year(year_text, None) if year_text else service.current_year()
    if year is None:
        raise click.BadParameter("use the form 2025-2026", param_hint="--year")
    if level not in report.LEVEL_NAMES:
        raise click.BadParameter(f"one of {', '.join(report.LEVEL_NAMES)}",
                                 param_hint="--level")
    if as_csv:
        file.write_bytes(report.csv_bytes(year, level))
    else:
        with file.open("wb") as out:
            report.write_workbook(year, out, level)
    click.echo(f"Wrote {file} (school year {year_label(year)}).")


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
    from quizapp.schools.seed import load_sample_schools, load_units
    from quizapp.schools.years import parse_year

    year = parse_year(year_text, None) if year_text else service.current_year()
    if year is None:
        raise click.BadParameter("use the form 2025-2026", param_hint="--year")
    host = User.query.filter_by(role="admin").order_by(User.id).first()
    if host is None:
        raise click.ClickException("Create an admin account first (quizapp users create).")
    load_units()
    load_sample_schools()
    load_shipped_bank()
    click.echo(f"{demo.seed_demo(year, host)} demo program(s) added for the sample schools.")
