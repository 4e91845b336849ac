"""`quizapp bank check | import | export`."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from quizapp.bank.catalog import bank_stats, check_bank, load_bank, near_duplicates


@click.group("bank")
def bank_cli():
    """Check, import and export questions."""


@bank_cli.command("check")
@click.argument("directory", default=None, required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(directory):
    """Validate every file of the shipped bank (questions/) and print counts."""
    from quizapp.bank.service import SHIPPED_BANK

    bank = load_bank(directory or SHIPPED_BANK)
    errors = check_bank(bank)
    for error in errors:
        click.echo(str(error), err=True)
    stats = bank_stats(bank)
    click.echo(f"{stats['total']['questions']} questions in {len(bank.topics)} topics")
    for name in ("topic", "kind", "difficulty", "audience"):
        counts = ", ".join(f"{key}: {value}" for key, value in sorted(stats[name].items()))
        click.echo(f"  {name:10} {counts}")
    for first, second, ratio in near_duplicates(bank):
        click.echo(f"  near-duplicate ({ratio:.0%}): {first.question.key} ~ {second.question.key}")
    if errors:
        click.echo(f"{len(errors)} error(s).", err=True)
        sys.exit(1)
    click.echo("OK")


@bank_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default=None, help="yaml, csv, xlsx, kahoot_xlsx, gift, aiken, "
              "moodle_xml (default: from the file name)")
@click.option("--topic", default=None, help="Topic slug for formats that do not carry one.")
@click.option("--status", default="draft", show_default=True,
              type=click.Choice(["draft", "review", "approved", "retired"]))
@with_appcontext
def import_command(file, fmt, topic, status):
    """Import a question file: all of it, or nothing (every error is listed)."""
    from quizapp.bank.service import QuestionRejected, import_file

    with click.progressbar(length=1, label=f"Importing {file.name}") as bar:
        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)

        try:
            report = import_file(file.read_bytes(), file.name, None, fmt=fmt, topic_slug=topic,
                                 status=status, progress=progress)
        except QuestionRejected as rejected:
            bar.render_finish()
            for error in rejected.errors:
                click.echo(str(error), err=True)
            click.echo(f"Refused: {len(rejected.errors)} error(s); nothing was imported.",
                       err=True)
            sys.exit(1)
    click.echo(f"Imported {report.created} questions ({status}).")


@bank_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default=None, help="Default: from the file name.")
@click.option("--status", default=None, help="Only questions with this status.")
@with_appcontext
def export_command(file, fmt, status):
    """Export the bank (or the questions of one status) to FILE."""
    from quizapp.bank import formats
    from quizapp.bank.formats.question import ExportRejected
    from quizapp.bank.models import Question
    from quizapp.bank.service import export_questions

    fmt = fmt or formats.detect_format(file.name)
    if fmt is None:
        raise click.ClickException("Unknown format; pass --format.")
    query = Question.query.order_by(Question.id)
    if status:
        query = query.filter_by(status=status)
    try:
        file.write_bytes(export_questions(query.all(), fmt))
    except ExportRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"{fmt} cannot carry these questions.") from None
    click.echo(f"Wrote {query.count()} questions to {file} ({fmt}).")
