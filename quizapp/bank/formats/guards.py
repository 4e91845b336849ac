"""Refuse hostile or broken input before any parser sees it: size, encoding, zip bombs, counts.

The file checks themselves are quizapp.uploads' (shared with the school registry); here each
refusal becomes an ImportRejected with one FormatError that says, in Vietnamese, what is wrong
with the file as a whole (field "", the line where one is at fault).
"""

from __future__ import annotations

import functools

from flask_babel import gettext as _

from quizapp import uploads
from quizapp.bank.formats.question import FormatError, ImportRejected

MAX_IMPORT_BYTES = uploads.MAX_UPLOAD_BYTES  # the default; QUIZAPP_UPLOAD_MAX_BYTES rules in an app
MAX_QUESTIONS = 20_000
MAX_XLSX_UNPACKED_BYTES = uploads.MAX_XLSX_UNPACKED_BYTES
MAX_XLSX_ENTRIES = uploads.MAX_XLSX_ENTRIES


def reject(filename: str, message: str, *, line: int | None = None, field: str = "") -> None:
    """Raise ImportRejected with a single error about the file."""
    raise ImportRejected([FormatError(filename, line, field, message)])


def _as_import_error(check):
    """Run one of quizapp.uploads' checks; report its refusal as ImportRejected."""

    @functools.wraps(check)
    def guarded(data, filename):
        try:
            return check(data, filename)
        except uploads.UploadRefused as refused:
            message = refused.message
            if message == _("tệp rỗng"):
                message = _("tệp rỗng, không có câu hỏi nào")
            reject(filename, message, line=refused.line)

    return guarded


check_size = _as_import_error(uploads.check_size)  # the upload limit of the app, if any
check_xlsx_container = _as_import_error(uploads.check_xlsx_container)


@_as_import_error
def decode_text(data: bytes, filename: str) -> str:
    """Return the text of a UTF-8 file, refusing binary junk, other encodings and blank files."""
    text = uploads.decode_text(data, filename)
    if not text.strip():
        raise uploads.UploadRefused(filename, _("tệp rỗng"))
    return text


def check_count(count: int, filename: str) -> None:
    """Refuse a file that holds more than MAX_QUESTIONS questions."""
    if count > MAX_QUESTIONS:
        reject(
            filename,
            _(
                "tệp có %(n)s câu hỏi, tối đa %(limit)s câu mỗi lần nhập",
                n=f"{count:,}",
                limit=f"{MAX_QUESTIONS:,}",
            ),
        )


def check_not_empty(count: int, filename: str) -> None:
    """Refuse a file that parsed cleanly but holds no question."""
    if count == 0:
        reject(filename, _("tệp không có câu hỏi nào"))
