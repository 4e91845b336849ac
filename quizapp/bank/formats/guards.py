"""Refuse hostile or broken input before any parser sees it: size, encoding, zip bombs, counts.

Every check raises ImportRejected with one FormatError that says, in Vietnamese, what is wrong
with the file as a whole (field "" or "file", line None).
"""

from __future__ import annotations

import io
import re
import zipfile

from quizapp.bank.formats.question import FormatError, ImportRejected

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_QUESTIONS = 20_000
# An .xlsx of 20,000 questions unpacks to well under 100 MiB; a zip bomb declares far more.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XLSX_ENTRIES = 1_000
# NUL and other C0 controls never occur in a text file people write; they mean binary data.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def reject(filename: str, message: str, *, line: int | None = None, field: str = "") -> None:
    """Raise ImportRejected with a single error about the file."""
    raise ImportRejected([FormatError(filename, line, field, message)])


def check_size(data: bytes, filename: str) -> None:
    """Refuse empty files and files above MAX_IMPORT_BYTES, before anything parses them."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("data must be bytes")
    if len(data) > MAX_IMPORT_BYTES:
        mib = MAX_IMPORT_BYTES // (1024 * 1024)
        reject(filename, f"tệp quá lớn ({len(data):,} byte), tối đa {mib} MiB")
    if not data.strip():
        reject(filename, "tệp rỗng, không có câu hỏi nào")


def decode_text(data: bytes, filename: str) -> str:
    """Return the text of a UTF-8 file (a BOM is allowed) with newlines made '\\n'.

    Refuses binary junk and other encodings (Windows-1258, UTF-16...) with one clear error.
    """
    check_size(data, filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reject(
            filename,
            "không phải tệp văn bản UTF-8 (hãy lưu lại với mã hoá UTF-8)",
            line=line,
        )
    binary = _BINARY.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        reject(filename, "không phải tệp văn bản UTF-8 (có ký tự nhị phân)", line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        reject(filename, "tệp rỗng, không có câu hỏi nào")
    return text


def check_xlsx_container(data: bytes, filename: str) -> None:
    """Refuse a non-zip or a zip bomb by reading only the zip directory, not its contents.

    zipfile stops reading an entry at its declared size, so the declared sizes are a real bound.
    """
    check_size(data, filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        reject(filename, "không phải tệp Excel .xlsx hợp lệ")
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            reject(filename, f"tệp .xlsx có quá nhiều thành phần ({len(entries)})")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            reject(
                filename,
                f"tệp .xlsx giải nén ra {unpacked:,} byte, vượt giới hạn an toàn "
                f"({MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MiB)",
            )
        if "[Content_Types].xml" not in archive.namelist():
            reject(filename, "không phải tệp Excel .xlsx hợp lệ")


def check_count(count: int, filename: str) -> None:
    """Refuse a file that holds more than MAX_QUESTIONS questions."""
    if count > MAX_QUESTIONS:
        reject(filename, f"tệp có {count:,} câu hỏi, tối đa {MAX_QUESTIONS:,} câu mỗi lần nhập")


def check_not_empty(count: int, filename: str) -> None:
    """Refuse a file that parsed cleanly but holds no question."""
    if count == 0:
        reject(filename, "tệp không có câu hỏi nào")
