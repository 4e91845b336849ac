"""The Question model, its native mapping and the schema rules of docs/question-schema.md."""

import dataclasses

import pytest

from quizapp.bank.formats.question import (
    AUDIENCES,
    KINDS,
    Choice,
    FormatError,
    ImportRejected,
    Question,
    validate_question,
)


def single(**changes):
    base = Question(
        kind="single",
        key="mat-khau-001",
        text="Mật khẩu nào mạnh nhất?",
        choices=[Choice("123456"), Choice("Tr@ng-Xanh-7!", True)],
        explanation="Dài và khó đoán.",
    )
    return dataclasses.replace(base, **changes)


def fields(errors):
    return [e.field for e in errors]


def test_constants_follow_the_schema():
    assert KINDS == ("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")
    assert AUDIENCES == ("lower_secondary", "upper_secondary", "public")


def test_a_valid_question_has_no_errors():
    assert validate_question(single()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"choices": [Choice("a", True), Choice("b", True)]}, "choices"),
        ({"choices": [Choice("a"), Choice("b")]}, "choices"),
        ({"choices": [Choice("a", True)]}, "choices"),
        ({"choices": [Choice(str(i), i == 0) for i in range(7)]}, "choices"),
        ({"choices": [Choice("a", True), Choice("x" * 121)]}, "choices[1].text"),
        ({"choices": [Choice("a", True), Choice("A")]}, "choices"),
        ({"text": ""}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": "có\x00ký tự lạ"}, "text"),
        ({"difficulty": 5}, "difficulty"),
        ({"difficulty": 0}, "difficulty"),
        ({"explanation": "  "}, "explanation"),
        ({"audience": []}, "audience"),
        ({"audience": ["kids"]}, "audience[0]"),
        ({"tags": ["Phishing"]}, "tags[0]"),
        ({"tags": ["lừa-đảo"]}, "tags[0]"),
        ({"key": "Mat_khau_1"}, "key"),
        ({"answer": True}, "answer"),
        ({"items": ["a", "b", "c"]}, "items"),
    ],
)
def test_each_rule_names_its_field(changes, field):
    assert field in fields(validate_question(single(**changes)))


def test_multiple_needs_one_correct_and_poll_none():
    multiple = single(kind="multiple", choices=[Choice("a", True), Choice("b", True)])
    assert validate_question(multiple) == []
    assert "choices" in fields(
        validate_question(dataclasses.replace(multiple, choices=[Choice("a"), Choice("b")]))
    )
    poll = single(kind="poll", choices=[Choice("a"), Choice("b")], explanation="")
    assert validate_question(poll) == []
    assert "choices" in fields(
        validate_question(dataclasses.replace(poll, choices=[Choice("a", True), Choice("b")]))
    )


def test_ordering_needs_three_to_six_items():
    ordering = Question(kind="ordering", text="Sắp xếp", items=["a", "b", "c"], explanation="Vì.")
    assert validate_question(ordering) == []
    assert "items" in fields(validate_question(dataclasses.replace(ordering, items=["a", "b"])))
    seven = [str(i) for i in range(7)]
    assert "items" in fields(validate_question(dataclasses.replace(ordering, items=seven)))


@pytest.mark.parametrize("kind", ["type_answer", "open"])
def test_type_answer_and_open_need_answers(kind):
    question = Question(kind=kind, text="Viết tắt?", answers=[], explanation="Vì.")
    assert "answers" in fields(validate_question(question))
    assert validate_question(dataclasses.replace(question, answers=["OTP"])) == []


def test_true_false_needs_a_boolean_answer():
    question = Question(kind="true_false", text="OTP là bí mật.", explanation="Đúng.")
    assert "answer" in fields(validate_question(question))
    assert validate_question(dataclasses.replace(question, answer=True)) == []


def test_explanation_may_be_waived_for_draft_imports_but_not_by_default():
    question = single(explanation="")
    assert fields(validate_question(question)) == ["explanation"]
    assert validate_question(question, require_explanation=False) == []


def test_to_dict_omits_keys_the_kind_does_not_use():
    data = Question(
        kind="true_false", text="OTP là bí mật.", answer=True, explanation="Đúng."
    ).to_dict()
    assert data == {
        "kind": "true_false",
        "text": "OTP là bí mật.",
        "answer": True,
        "explanation": "Đúng.",
        "difficulty": 2,
        "audience": ["lower_secondary", "upper_secondary", "public"],
    }
    assert single().to_dict()["choices"] == [
        {"text": "123456"},
        {"text": "Tr@ng-Xanh-7!", "correct": True},
    ]


def test_from_dict_reverses_to_dict():
    question = single(tags=["mat-khau"], source="Luật An ninh mạng", topic="mat-khau")
    assert Question.from_dict(question.to_dict(), topic="mat-khau") == question


def test_from_dict_lists_every_error_and_refuses_unused_or_unknown_keys():
    with pytest.raises(ImportRejected) as caught:
        Question.from_dict(
            {"kind": "true_false", "text": 12, "answer": "yes", "items": ["a"], "colour": "red"}
        )
    assert set(fields(caught.value.errors)) >= {"text", "answer", "items", "colour", "explanation"}


def test_format_error_reads_as_a_location_and_a_vietnamese_sentence():
    error = FormatError("mat-khau.yaml", 14, "difficulty", "giá trị '5' không hợp lệ (1–3)")
    assert str(error) == "mat-khau.yaml:14: difficulty: giá trị '5' không hợp lệ (1–3)"
    assert error.describe() == "dòng 14, trường 'difficulty': giá trị '5' không hợp lệ (1–3)"
