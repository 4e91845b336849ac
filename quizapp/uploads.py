"""Open uploaded files defensively: size limits, UTF-8 text, spreadsheets that are not zip bombs.

Every importer (schools, questions) reads user files through these checks, so the defences
against hostile files live in one place. A refusal is `UploadRefused` with a Vietnamese
message (and the line, where one is at fault); callers turn it into their own error type.
"""

import io
import re
import zipfile

from flask import current_app, has_app_context
from flask_babel import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # outside an app (the pure format parsers' own tests)
# An .xlsx of 20,000 questions unpacks to well under 100 MiB; a zip bomb declares far more.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XLSX_ENTRIES = 1_000
# NUL and other C0 controls never occur in a text file people write; they mean binary data.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class UploadRefused(ValueError):
    """The file cannot be read at all (too big, not text, not a spreadsheet...)."""

    def __init__(self, filename: str, message: str, line: int | None = None):
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message
        self.line = line


def upload_limit() -> int:
    """Return the largest file an importer accepts: QUIZAPP_UPLOAD_MAX_BYTES in an app."""
    if has_app_context():
        return current_app.config["UPLOAD_MAX_BYTES"]
    return MAX_UPLOAD_BYTES


def check_size(data: bytes, filename: str, limit: int | None = None) -> None:
    """Refuse empty files and files above `limit` (the upload limit), before parsing them."""
    limit = limit or upload_limit()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("data must be bytes")
    if len(data) > limit:
        raise UploadRefused(filename, _("tệp quá lớn (%(size)s byte), tối đa %(limit)d MiB",
                                        size=f"{len(data):,}", limit=limit // (1024 * 1024)))
    if not data.strip():
        raise UploadRefused(filename, _("tệp rỗng"))


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def decode_text(data: bytes, filename: str) -> str:
    """Return the text of a UTF-8 file (a BOM is allowed) with newlines made '\\n'.

    Refuses binary junk and other encodings (Windows-1258, UTF-16...) with one clear error.
    """
    check_size(data, filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            filename, _("không phải tệp văn bản UTF-8 (hãy lưu lại với mã hoá UTF-8)"),
            line=data[: error.start].count(b"\n") + 1) from None
    binary = _BINARY.search(text)
    if binary:
        raise UploadRefused(filename, _("không phải tệp văn bản UTF-8 (có ký tự nhị phân)"),
                            line=text.count("\n", 0, binary.start()) + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_xlsx_container(data: bytes, filename: str) -> None:
    """Refuse a non-zip or a zip bomb by reading only the zip directory, not its contents.

    zipfile stops reading an entry at its declared size, so the declared sizes are a real bound.
    """
    check_size(data, filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(filename, _("không phải tệp Excel .xlsx hợp lệ")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            raise UploadRefused(filename, _("tệp .xlsx có quá nhiều thành phần (%(n)d)",
                                            n=len(entries)))
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise UploadRefused(
                filename, _("tệp .xlsx giải nén ra %(size)s byte, vượt giới hạn an toàn "
                            "(%(limit)d MiB)", size=f"{unpacked:,}",
                            limit=MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)))
        if "[Content_Types].xml" not in archive.namelist():
            raise UploadRefused(filename, _("không phải tệp Excel .xlsx hợp lệ"))


def open_xlsx(data: bytes, filename: str):
    """Return a read-only openpyxl workbook, after check_xlsx_container."""
    check_xlsx_container(data, filename)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken workbooks; all mean the same here
        raise UploadRefused(
            filename, _("không mở được tệp .xlsx (tệp hỏng hoặc không đúng định dạng)")) from None
