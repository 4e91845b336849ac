"""The bank checker on small banks written for the test, and on the shipped questions/."""

from pathlib import Path

import pytest

from quizapp.bank.catalog import bank_stats, check_bank, load_bank, near_duplicates

SHIPPED = Path(__file__).resolve().parents[2] / "questions"


def topic_file(slug, body, name=None):
    return f"topic:\n  slug: {slug}\n  name: {name or slug}\n  name_en: {slug}\nquestions:\n{body}"


def question(key, text, kind="true_false", extra="    answer: true\n", explanation="Vì vậy."):
    return (
        f'  - key: {key}\n    kind: {kind}\n    text: "{text}"\n{extra}'
        f'    explanation: "{explanation}"\n    difficulty: 1\n    audience: [public]\n'
    )


def write_bank(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_clean_bank_passes_and_is_counted(tmp_path):
    write_bank(
        tmp_path,
        {
            "otp.yaml": topic_file(
                "otp",
                question("otp-001", "OTP là bí mật.") + question("otp-002", "OTP dùng một lần."),
            ),
            "wifi.yaml": topic_file(
                "wifi",
                question(
                    "wifi-001",
                    "Em có dùng Wi-Fi công cộng không?",
                    kind="poll",
                    extra="    choices:\n      - text: Có\n      - text: Không\n",
                    explanation="",
                ),
            ),
        },
    )
    bank = load_bank(tmp_path)
    assert check_bank(bank) == []
    stats = bank_stats(bank)
    assert stats["total"]["questions"] == 3
    assert stats["topic"] == {"otp": 2, "wifi": 1}
    assert stats["kind"] == {"true_false": 2, "poll": 1}
    assert stats["difficulty"] == {1: 3}
    assert stats["audience"] == {"public": 3}


def test_cross_file_defects_are_each_reported_with_file_and_line(tmp_path):
    write_bank(
        tmp_path,
        {
            "otp.yaml": topic_file("otp", question("otp-001", "OTP là bí mật.")),
            "wifi.yaml": topic_file(
                "wifi",
                question("otp-001", "Wi-Fi lạ an toàn.")  # key used in otp.yaml, wrong prefix
                + question("wifi-002", "otp LÀ bí mật!"),  # same text once normalised
            ),
            "sai-ten.yaml": topic_file("khac", question("khac-001", "Tên tệp sai.")),
            "hong.yaml": topic_file(
                "hong", question("hong-001", "Thiếu giải thích.", explanation="")
            ),
        },
    )
    errors = check_bank(load_bank(tmp_path))
    found = {(e.file, e.line, e.field) for e in errors}
    assert ("wifi.yaml", 6, "key") in found  # duplicate key and wrong topic prefix
    assert sum(1 for e in errors if e.file == "wifi.yaml" and e.field == "key") == 2
    assert ("wifi.yaml", 13, "text") in found
    assert ("sai-ten.yaml", None, "topic.slug") in found
    assert ("hong.yaml", 10, "explanation") in found
    duplicate = next(e for e in errors if e.field == "text")
    assert "otp.yaml:6" in duplicate.message


def test_near_duplicates_are_warnings_not_errors(tmp_path):
    write_bank(
        tmp_path,
        {
            "otp.yaml": topic_file(
                "otp",
                question("otp-001", "Mã OTP phải được giữ bí mật tuyệt đối.")
                + question("otp-002", "Mã OTP phải được giữ bí mật tuyệt đối nhé.")
                + question("otp-003", "Wi-Fi công cộng có an toàn không?"),
            )
        },
    )
    bank = load_bank(tmp_path)
    assert check_bank(bank) == []
    [(first, second, ratio)] = near_duplicates(bank)
    assert (first.question.key, second.question.key) == ("otp-001", "otp-002")
    assert ratio >= 0.9


@pytest.mark.skipif(not any(SHIPPED.glob("*.yaml")), reason="the shipped bank is not written yet")
def test_shipped_bank_passes_the_checker():
    bank = load_bank(SHIPPED)
    errors = check_bank(bank)
    assert errors == [], "\n".join(str(e) for e in errors)
    assert bank.questions
