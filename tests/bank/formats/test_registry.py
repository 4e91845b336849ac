"""The format registry: names, detection by extension and content, dispatch."""

import re
from pathlib import Path

import pytest

from quizapp.bank import formats


def test_every_format_has_parse_and_write():
    assert set(formats.FORMATS) == {
        "yaml",
        "csv",
        "xlsx",
        "kahoot_xlsx",
        "gift",
        "aiken",
        "moodle_xml",
    }
    for name, module in formats.FORMATS.items():
        assert module.NAME == name
        assert callable(module.parse) and callable(module.write)


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("mat-khau.yaml", "yaml"),
        ("Bo-cau-hoi.YML", "yaml"),
        ("cau-hoi.csv", "csv"),
        ("cau-hoi.xlsx", "xlsx"),
        ("moodle-export.xml", "moodle_xml"),
        ("de-thi.gift", "gift"),
        ("de-thi.txt", "gift"),
        ("anh.png", None),
    ],
)
def test_detect_by_extension(filename, expected):
    assert formats.detect_format(filename) == expected


def test_txt_content_tells_aiken_from_gift(sample):
    assert formats.detect_format("a.txt", sample("an-toan.aiken.txt")) == "aiken"
    assert formats.detect_format("a.txt", sample("an-toan.gift")) == "gift"


@pytest.mark.parametrize(
    "name",
    [
        "lua-dao.yaml",
        "cau-hoi-excel.csv",
        "an-toan.gift",
        "an-toan.aiken.txt",
        "an-toan.moodle.xml",
    ],
)
def test_parse_dispatches_on_the_file_name(sample, name):
    assert formats.parse(sample(name), name)


def test_write_refuses_an_unknown_format():
    with pytest.raises(ValueError):
        formats.write("docx", [])


DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


@pytest.mark.parametrize(
    ("fence", "filename"),
    [("gift", "x.gift"), ("xml", "x.xml"), ("csv", "x.csv"), ("text", "x.txt")],
)
def test_examples_in_docs_formats_md_import(fence, filename):
    blocks = re.findall(rf"```{fence}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        assert formats.parse(block.encode(), filename)
