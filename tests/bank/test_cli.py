"""`quizapp bank check | import | export`."""

from pathlib import Path

from quizapp.bank.models import Question

SAMPLES = Path(__file__).parent / "formats" / "samples"


def test_bank_check_passes_on_the_shipped_bank(runner):
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 0, result.output
    assert "10 topics" in result.output and result.output.strip().endswith("OK")
    total = int(result.output.split(" questions")[0].split()[-1])
    assert total >= 400


def test_bank_check_fails_on_a_broken_bank(runner, tmp_path):
    (tmp_path / "hong.yaml").write_text("topic: {slug: khac, name: X, name_en: X}\nquestions: [\n")
    result = runner.invoke(args=["bank", "check", str(tmp_path)])
    assert result.exit_code == 1 and "hong.yaml" in result.output


def test_bank_import_and_export(runner, topic, tmp_path):
    result = runner.invoke(args=["bank", "import", str(SAMPLES / "an-toan.gift"),
                                 "--topic", "mat-khau", "--status", "review"])
    assert result.exit_code == 0, result.output
    count = Question.query.count()
    assert count > 0 and f"Imported {count} questions (review)" in result.output
    out = tmp_path / "bank.xml"
    result = runner.invoke(args=["bank", "export", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("<?xml")


def test_bank_import_refuses_a_bad_file(runner, topic):
    result = runner.invoke(args=["bank", "import", str(SAMPLES / "bad.gift"),
                                 "--topic", "mat-khau"])
    assert result.exit_code == 1 and "nothing was imported" in result.output
    assert Question.query.count() == 0
