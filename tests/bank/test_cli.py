"""`quizapp bank check | import | export`."""

from pathlib import Path

from quizapp.bank.models import Question

SAMPLES = Path(__file__).parent / "formats" / "samples"


def test_bank_check_passes_on_the_shipped_bank(runner):
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 0, result.output
    assert "10 topics" in result.output and result.output.strip().endswith("OK")
    assert "Câu trích văn bản pháp luật: " in result.output  # (re-check count depends on today)
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


def _single_choice_bank(tmp_path, keys_at):
    """Write a one-topic bank whose single-choice keys sit at the given positions."""
    body = ""
    for number, key_at in enumerate(keys_at, start=1):
        choices = "".join(
            f'      - text: "Lựa chọn {number}{letter}"\n'
            + ("        correct: true\n" if i == key_at else "")
            for i, letter in enumerate("abcd"))
        body += (f'  - key: otp-{number:03d}\n    kind: single\n'
                 f'    text: "Câu hỏi số {number} về mã OTP?"\n    choices:\n{choices}'
                 '    explanation: "Vì vậy."\n    difficulty: 1\n    audience: [public]\n')
    (tmp_path / "otp.yaml").write_text(
        "topic: {slug: otp, name: OTP, name_en: OTP}\nquestions:\n" + body, encoding="utf-8")
    return tmp_path


def test_bank_check_prints_fairness_figures_and_fails_over_a_limit(runner, tmp_path):
    fair = runner.invoke(args=["bank", "check", str(_single_choice_bank(tmp_path, [0, 1, 2, 3]))])
    assert fair.exit_code == 0, fair.output
    assert "Vị trí đáp án đúng: A 25%, B 25%, C 25%, D 25%" in fair.output
    assert "đáp án đúng là lựa chọn dài nhất: 0%" in fair.output
    unfair = runner.invoke(args=["bank", "check", str(_single_choice_bank(tmp_path, [1, 1, 1, 0]))])
    assert unfair.exit_code == 1
    assert "Vị trí B giữ 75% đáp án đúng của câu một đáp án, vượt giới hạn 35%." in unfair.output
