"""Read and write the Aiken format: a question line, "A. ..." choice lines, "ANSWER: B".

Aiken carries single-answer multiple choice and nothing else: no explanation, difficulty,
audience, tags or key. Imported questions get an empty explanation (an editor adds it) and the
defaults of docs/formats.md. true_false is exported as the choices "Đúng" / "Sai".
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from quizapp.bank.formats import guards
from quizapp.bank.formats.question import (
    Choice,
    ExportRejected,
    FormatError,
    ImportRejected,
    Question,
    validate_question,
)
from quizapp.engine.questions import TRUE_FALSE_CHOICES

NAME = "aiken"
EXTENSIONS = (".txt", ".aiken")
MEDIA_TYPE = "text/plain"

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CHOICE = re.compile(r"^([A-Z])\s*[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
_ANSWER_LINE = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Z][ \t]*$", re.MULTILINE)


def looks_like_aiken(text: str) -> bool:
    """Return True if the text has Aiken's "ANSWER: X" lines (to tell .txt files apart)."""
    return _ANSWER_LINE.search(text) is not None


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of an Aiken file; raise ImportRejected with every error and its line."""
    text = guards.decode_text(data, filename)
    errors: list[FormatError] = []
    questions: list[Question] = []
    lines: list[str] = []
    choices: list[tuple[str, str]] = []
    start = 0

    def fail(line: int, field: str, message: str) -> None:
        errors.append(FormatError(filename, line, field, message))

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        choice = _CHOICE.match(line)
        if answer:
            if not lines:
                fail(number, "ANSWER", _("dòng ANSWER: không có câu hỏi phía trên"))
                continue
            question = _finish(lines, choices, answer.group(1).strip(), number, start, fail)
            if question is not None:
                questions.append(question)
                guards.check_count(len(questions), filename)
            lines, choices = [], []
        elif choice and lines:
            expected = LETTERS[len(choices)] if len(choices) < len(LETTERS) else "?"
            if choice.group(1) != expected:
                fail(
                    number,
                    "choices",
                    _(
                        "lựa chọn '%(letter)s' đứng sai chỗ, cần '%(expected)s.'",
                        letter=choice.group(1),
                        expected=expected,
                    ),
                )
            choices.append((choice.group(1), choice.group(2).strip()))
        elif choices:
            fail(number, "choices", _("sau các lựa chọn phải là dòng 'ANSWER: <chữ cái>'"))
        else:
            if not lines:
                start = number
            lines.append(line)
    if lines:
        fail(start, "ANSWER", _("câu hỏi thiếu dòng 'ANSWER: <chữ cái>'"))
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def _finish(lines, choices, letter, line, start, fail) -> Question | None:
    letters = [c[0] for c in choices]
    if not choices:
        fail(start, "choices", _("câu hỏi không có lựa chọn 'A. ...'"))
        return None
    if len(letter) != 1 or letter.upper() not in letters:
        fail(
            line,
            "ANSWER",
            _(
                "'%(letter)s' không phải một trong các lựa chọn (%(letters)s)",
                letter=letter,
                letters=", ".join(letters),
            ),
        )
        return None
    question = Question(
        kind="single",
        text="\n".join(lines),
        choices=[Choice(text, key == letter.upper()) for key, text in choices],
    )
    found = validate_question(question, require_explanation=False)
    for error in found:
        fail(start, error.field, error.message)
    return None if found else question


def write(questions: list[Question]) -> bytes:
    """Return an Aiken file; raise ExportRejected for what Aiken cannot carry.

    Only single (and true_false, as "Đúng" / "Sai") questions without line breaks are written.
    """
    problems = []
    for number, q in enumerate(questions, start=1):
        where = q.key or _("câu %(n)d", n=number)
        if q.kind not in ("single", "true_false"):
            problems.append(
                FormatError("", number, where, _("Aiken không có dạng câu '%(kind)s'", kind=q.kind))
            )
        texts = [q.text, *(c.text for c in q.choices)]
        if any("\n" in t for t in texts):
            problems.append(
                FormatError("", number, where, _("Aiken không cho xuống dòng trong câu"))
            )
        if _ANSWER.match(q.text) or _CHOICE.match(q.text):
            problems.append(FormatError("", number, where, _("câu hỏi bắt đầu như một dòng Aiken")))
    if problems:
        raise ExportRejected(problems)
    blocks = []
    for q in questions:
        if q.kind == "true_false":
            choices = [
                Choice(TRUE_FALSE_CHOICES[0], q.answer is True),
                Choice(TRUE_FALSE_CHOICES[1], q.answer is False),
            ]
        else:
            choices = q.choices
        lines = [q.text]
        lines += [f"{LETTERS[i]}. {c.text}" for i, c in enumerate(choices)]
        lines.append(f"ANSWER: {next(LETTERS[i] for i, c in enumerate(choices) if c.correct)}")
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
