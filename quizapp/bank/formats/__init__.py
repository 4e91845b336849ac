"""Import and export question files: one module per format, all pure (bytes in, questions out).

Every module has `parse(data: bytes, filename: str) -> list[Question]` (all-or-nothing: it raises
ImportRejected listing every error with file, line and field) and `write(questions) -> bytes`
(raising ExportRejected for questions the format cannot carry). docs/formats.md describes each.
"""

from __future__ import annotations

from types import ModuleType

from flask_babel import gettext as _

from quizapp.bank.formats import (
    aiken,
    csv_format,
    gift,
    guards,
    kahoot_xlsx,
    moodle_xml,
    xlsx_format,
    yaml_format,
)
from quizapp.bank.formats.guards import MAX_IMPORT_BYTES, MAX_QUESTIONS
from quizapp.bank.formats.question import (
    AUDIENCES,
    KINDS,
    Choice,
    ExportRejected,
    FormatError,
    ImportRejected,
    Question,
    validate_question,
)

__all__ = [
    "AUDIENCES",
    "FORMATS",
    "KINDS",
    "MAX_IMPORT_BYTES",
    "MAX_QUESTIONS",
    "Choice",
    "ExportRejected",
    "FormatError",
    "ImportRejected",
    "Question",
    "detect_format",
    "parse",
    "validate_question",
    "write",
]

FORMATS: dict[str, ModuleType] = {
    "yaml": yaml_format,
    "csv": csv_format,
    "xlsx": xlsx_format,
    "kahoot_xlsx": kahoot_xlsx,
    "gift": gift,
    "aiken": aiken,
    "moodle_xml": moodle_xml,
}


def detect_format(filename: str, data: bytes | None = None) -> str | None:
    """Return the format name for a file name, or None if the extension is unknown.

    Two extensions are shared: .xlsx (our template or Kahoot's) and .txt (GIFT or Aiken). With
    `data` the content decides; without it .xlsx means our template and .txt means GIFT.
    """
    name = filename.lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xml"):
        return "moodle_xml"
    if name.endswith(".gift"):
        return "gift"
    if name.endswith(".aiken"):
        return "aiken"
    if name.endswith(".xlsx"):
        if data is not None and kahoot_xlsx.looks_like_kahoot(data, filename):
            return "kahoot_xlsx"
        return "xlsx"
    if name.endswith(".txt"):
        if data is not None:
            try:
                text = guards.decode_text(data, filename)
            except ImportRejected:
                return "gift"  # let the parser report the encoding problem
            if aiken.looks_like_aiken(text):
                return "aiken"
        return "gift"
    return None


def parse(data: bytes, filename: str, fmt: str | None = None) -> list[Question]:
    """Return the questions of a file in format `fmt` (None: detect from name and content)."""
    guards.check_size(data, filename)
    name = fmt or detect_format(filename, data)
    if name is None or name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        guards.reject(filename, _("không nhận ra định dạng tệp (hỗ trợ: %(known)s)", known=known))
    return FORMATS[name].parse(data, filename)


def write(fmt: str, questions: list[Question]) -> bytes:
    """Return `questions` as a file in format `fmt`; raise ExportRejected if it can't carry them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    return FORMATS[fmt].write(questions)
