"""`quizapp bank check | load | import | export`."""

import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from quizapp.bank.catalog import (
    bank_fairness,
    bank_stats,
    check_bank,
    legal_check,
    load_bank,
    load_legal_registry,
    near_duplicates,
)
from quizapp.bank.fairness import describe_figures, fairness_findings
from quizapp.bank.findings import N_
from quizapp.bank.legal import REGISTRY_FILE, registry_findings


@click.group("bank")
def bank_cli():
    """Check, import and export questions."""


@bank_cli.command("check")
@click.argument("directory", default=None, required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(directory):
    """Validate the shipped bank (questions/): schema, fairness and legal citations.

    Prints the counts and the fairness figures; warns on legal citations not reviewed for 12
    months; exits 1 on any error (a file defect, a fairness limit broken, a superseded document
    cited as current).
    """
    from quizapp.bank.service import SHIPPED_BANK

    directory = directory or SHIPPED_BANK
    bank = load_bank(directory)
    errors = [str(e) for e in check_bank(bank)]
    registry, registry_errors = load_legal_registry(directory)
    errors += [str(e) for e in registry_errors]
    findings = legal_check(bank, registry, date.today())
    findings += registry_findings(registry, date.today())
    warnings = [f.located() for f in findings if f.severity == "warning"]
    errors += [f.located() for f in findings if f.severity == "error"]
    stats = bank_stats(bank)
    click.echo(f"{stats['total']['questions']} questions in {len(bank.topics)} topics")
    for name in ("status", "topic", "kind", "difficulty", "audience"):
        counts = ", ".join(f"{key}: {value}" for key, value in sorted(stats[name].items()))
        click.echo(f"  {name:10} {counts}")
    figures = bank_fairness(bank)
    for line in describe_figures(figures):
        click.echo(f"  {line.render()}")
    errors += [f.render() for f in fairness_findings(figures)]
    cited = sum(1 for q in bank.live_questions if q.sources)
    flagged = len({f.key for f in findings if f.file != str(REGISTRY_FILE)})
    click.echo("  " + N_("Câu trích văn bản pháp luật: %(cited)s; cần rà soát lại: %(flagged)s; "
                         "văn bản trong danh mục: %(documents)s.")
               % {"cited": cited, "flagged": flagged, "documents": len(registry.documents)})
    for first, second, ratio in near_duplicates(bank):
        click.echo(f"  near-duplicate ({ratio:.0%}): {first.question.key} ~ {second.question.key}")
    for warning in warnings:
        click.echo(f"warning: {warning}")
    for error in errors:
        click.echo(error, err=True)
    if errors:
        click.echo(f"{len(errors)} error(s).", err=True)
        sys.exit(1)
    click.echo("OK")


@bank_cli.command("load")
@click.argument("directory", default=None, required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def load_command(directory):
    """Load or update the shipped bank (questions/): safe to repeat.

    New questions are created, corrected ones updated, retired ones retired; a question a person
    changed in the editor since the last load is left alone and listed.
    """
    from quizapp.bank.service import SHIPPED_BANK, QuestionRejected, sync_shipped_bank

    try:
        report = sync_shipped_bank(directory or SHIPPED_BANK)
    except QuestionRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        click.echo("Refused: the bank has defects (quizapp bank check); nothing was loaded.",
                   err=True)
        sys.exit(1)
    click.echo(f"Shipped bank: {report.created} created, {report.updated} updated, "
               f"{report.retired} retired, {report.unchanged} unchanged, "
               f"{len(report.skipped)} skipped.")
    for key, reason in report.skipped:
        click.echo(f"  skipped {key}: {reason}")


@bank_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default=None, help="yaml, csv, xlsx, kahoot_xlsx, gift, aiken, "
              "moodle_xml (default: from the file name)")
@click.option("--topic", default=None, help="Topic slug for questions whose file names no "
              "known topic (formats without topics, GIFT/Moodle categories that are not topics).")
@click.option("--status", default="draft", show_default=True,
              type=click.Choice(["draft", "review"]),
              help="Imported questions are never approved on arrival: a reviewer approves them.")
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
