"""Hostile and broken files are refused with one clear error: never a traceback, never a hang."""

import io
import random
import zipfile

import openpyxl
import pytest

from quizapp.bank import formats
from quizapp.bank.formats import guards, moodle_xml, xlsx_format, yaml_format
from quizapp.bank.formats.question import Choice, ImportRejected, Question

FILENAMES = {
    "yaml": "x.yaml",
    "csv": "x.csv",
    "xlsx": "x.xlsx",
    "kahoot_xlsx": "k.xlsx",
    "gift": "x.gift",
    "aiken": "x.txt",
    "moodle_xml": "x.xml",
}
TEXT_FORMATS = ["yaml", "csv", "gift", "aiken"]


def refusal(fmt, data, filename=None):
    """Parse with one format module; return the single error it must raise."""
    with pytest.raises(ImportRejected) as caught:
        formats.FORMATS[fmt].parse(data, filename or FILENAMES[fmt])
    assert len(caught.value.errors) == 1, caught.value.errors
    return caught.value.errors[0]


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_oversized_files_are_refused_before_parsing(fmt):
    data = b"a" * (guards.MAX_IMPORT_BYTES + 1)
    assert formats.MAX_IMPORT_BYTES == 20 * 1024 * 1024
    assert "quá lớn" in refusal(fmt, data).message


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_files_are_refused(fmt, data):
    message = refusal(fmt, data).message
    assert "rỗng" in message or "không có" in message


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_binary_junk_is_not_a_utf8_text_file(fmt):
    junk = random.Random(7).randbytes(4096)
    assert "không phải tệp văn bản UTF-8" in refusal(fmt, junk).message


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_other_encodings_are_named_as_not_utf8(fmt, encoding):
    # Windows-1258 cannot hold every precomposed Vietnamese letter; what it can is enough here.
    data = "kind,text\nsingle,Mật khẩu mạnh là gì?\n".encode(encoding, errors="replace")
    assert "UTF-8" in refusal(fmt, data).message


def test_registry_refuses_unknown_extensions_and_junk_xlsx():
    with pytest.raises(ImportRejected) as caught:
        formats.parse(b"MZ\x90\x00", "virus.exe")
    assert "định dạng" in caught.value.errors[0].message
    assert "xlsx" in refusal("xlsx", b"PK\x03\x04 not really a zip").message


@pytest.fixture(scope="module")
def zip_bomb():
    """A real bomb: under 1 MB of zip that unpacks to 208 MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            zeros = bytes(1 << 24)
            for _ in range(13):
                entry.write(zeros)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "kahoot_xlsx"])
def test_xlsx_zip_bomb_is_refused_without_opening_it(fmt, zip_bomb, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    assert len(zip_bomb) < 1_000_000
    assert "giải nén" in refusal(fmt, zip_bomb).message


def test_xlsx_with_thousands_of_entries_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(guards.MAX_XLSX_ENTRIES):
            archive.writestr(f"junk/{i}", "")
    assert "thành phần" in refusal("xlsx", out.getvalue()).message


def test_sheet_declaring_a_million_rows_is_refused_quickly():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kind", "text"])
    sheet.cell(row=1_000_000, column=1, value="single")
    out = io.BytesIO()
    book.save(out)
    assert "dòng" in refusal("xlsx", out.getvalue()).message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="essay"><questiontext><text>&lol9;</text></questiontext></question></quiz>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_and_dtds_are_refused(data):
    error = refusal("moodle_xml", data)
    assert "DTD" in error.message and error.line == 2


def test_broken_xml_gives_its_line():
    error = refusal("moodle_xml", b"<quiz>\n<question type='essay'>\n</quiz>\n")
    assert error.line == 3 and "XML" in error.message


def test_yaml_alias_bomb_is_refused_at_the_first_alias():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("questions: *a9")
    error = refusal("yaml", "\n".join(lines).encode())
    assert "'&'" in error.message and error.line is not None


def test_a_harmless_alias_is_refused_too():
    data = b"questions:\n  - &q {kind: true_false, text: x, answer: true, explanation: y}\n  - *q\n"
    assert refusal("yaml", data).line == 2  # the anchor's line


def many_gift(count):
    return "".join(f"::q{i}:: Câu {i}? {{T####Vì.}}\n\n" for i in range(count)).encode()


def test_more_than_20000_questions_are_refused():
    assert guards.MAX_QUESTIONS == 20_000
    assert "20,001" in refusal("gift", many_gift(20_001)).message
    moodle = "<quiz>" + "<question type='essay'/>" * 20_001 + "</quiz>"
    assert "20,001" in refusal("moodle_xml", moodle.encode()).message


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_every_format_applies_the_question_limit(fmt, monkeypatch):
    # The real limit costs seconds per format to build; a lowered one proves each parser checks.
    question = Question(
        kind="single", text="Câu?", choices=[Choice("a", True), Choice("b")], explanation="x"
    )
    data = formats.write(fmt, [question] * 6)
    monkeypatch.setattr(guards, "MAX_QUESTIONS", 5)
    assert "tối đa 5 câu" in refusal(fmt, data).message


def test_exactly_the_limit_is_still_accepted(monkeypatch):
    monkeypatch.setattr(guards, "MAX_QUESTIONS", 5)
    assert len(formats.parse(many_gift(5), "x.gift")) == 5


def test_registry_parse_checks_size_for_every_extension():
    with pytest.raises(ImportRejected):
        formats.parse(b"x" * (guards.MAX_IMPORT_BYTES + 1), "unknown.bin")


def test_direct_module_parsers_never_leak_other_exceptions():
    # A zoo of small malformed inputs: each must end in ImportRejected, nothing else.
    samples = [b"{", b"\xef\xbb\xbf", b"::", b"}{", b"A.\nANSWER:", b"<quiz/>", b"---\n- 1\n"]
    for fmt in ["yaml", "csv", "gift", "aiken", "moodle_xml"]:
        for data in samples:
            with pytest.raises(ImportRejected):
                formats.FORMATS[fmt].parse(data, FILENAMES[fmt])
    with pytest.raises(ImportRejected):
        xlsx_format.parse(b"PK\x05\x06" + bytes(18), "x.xlsx")
    with pytest.raises(ImportRejected):
        moodle_xml.parse(b"<notquiz/>", "x.xml")
    with pytest.raises(ImportRejected):
        yaml_format.parse(b"just a string", "x.yaml")
