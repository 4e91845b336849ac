"""Open uploaded files defensively: size limits, UTF-8 text, spreadsheets that are not zip bombs.

Every importer (schools, questions) reads user files through these functions, so the checks
against hostile files live in one place. Errors are `UploadRefused` with a Vietnamese message.
"""

import io
import zipfile

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_ENTRIES = 2000
MAX_XLSX_RATIO = 200  # a real workbook compresses ~5-20x; a zip bomb compresses 1000x and more


class UploadRefused(ValueError):
    """The file cannot be read at all (too big, not text, not a spreadsheet...)."""

    def __init__(self, filename: str, message: str):
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message


def check_size(data: bytes, filename: str, limit: int = MAX_UPLOAD_BYTES) -> None:
    if not data:
        raise UploadRefused(filename, "tệp rỗng")
    if len(data) > limit:
        raise UploadRefused(filename, f"tệp lớn hơn giới hạn {limit // (1024 * 1024)} MB")


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def decode_text(data: bytes, filename: str) -> str:
    """Return the file as text, refusing binary junk and encodings other than UTF-8."""
    check_size(data, filename)
    if b"\x00" in data[:8192] or is_zip(data):
        raise UploadRefused(filename, "không phải tệp văn bản (có thể là tệp nhị phân bị đổi tên)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            filename,
            f"không đọc được dạng UTF-8 (byte {error.start}); hãy lưu lại tệp với mã UTF-8",
        ) from None


def open_xlsx(data: bytes, filename: str):
    """Return a read-only openpyxl workbook after checking the zip is not a bomb."""
    check_size(data, filename)
    if not is_zip(data):
        raise UploadRefused(filename, "không phải tệp Excel .xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRefused(filename, "tệp .xlsx bị hỏng") from None
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_XLSX_ENTRIES or declared > MAX_XLSX_UNCOMPRESSED or (
        declared > 10 * 1024 * 1024 and declared > MAX_XLSX_RATIO * len(data)
    ):
        raise UploadRefused(filename, "tệp .xlsx giải nén ra quá lớn (nghi là zip bomb)")
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken workbooks; all mean the same here
        raise UploadRefused(
            filename, "không mở được tệp .xlsx (tệp hỏng hoặc không đúng định dạng)") from None


def safe_cell(value):
    """Neutralise spreadsheet formula injection in an exported text cell."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
