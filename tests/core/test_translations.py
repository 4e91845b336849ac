"""Every user-visible Vietnamese string has its English translation in the catalogue."""

import ast
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_english_catalogue_covers_every_message(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as template:
        wanted = {m.id for m in read_po(template) if m.id}
    with (ROOT / "quizapp/translations/en/LC_MESSAGES/messages.po").open("rb") as catalogue:
        translated = {m.id for m in read_po(catalogue) if m.id and m.string}
    assert sorted(wanted - translated) == []


def test_compiled_catalogue_matches_the_source():
    from babel.messages.mofile import read_mo

    folder = ROOT / "quizapp/translations/en/LC_MESSAGES"
    def key(value):  # a plural entry's id and strings are sequences
        return tuple(value) if isinstance(value, list | tuple) else value

    with (folder / "messages.po").open("rb") as source, (folder / "messages.mo").open("rb") as mo:
        written = {key(m.id): key(m.string) for m in read_po(source) if m.id and m.string}
        compiled = {key(m.id): key(m.string) for m in read_mo(mo) if m.id}
    assert compiled == written


VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)
GETTEXT_CALLS = {"_", "_l", "N_", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"}


def test_scripts_have_no_text_of_their_own():
    """Browser scripts read every visible string from their page's translated JSON block."""
    literal = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
    found = {}
    for path in sorted((ROOT / "static/js").glob("*.js")):
        code = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        code = re.sub(r"(?m)(^|[^:\\])//.*$", r"\1", code)
        texts = [m.group(0) for m in literal.finditer(code) if VIETNAMESE.search(m.group(0))]
        if texts:
            found[path.name] = texts
    assert found == {}


def test_live_scripts_use_only_strings_their_page_provides():
    pages = {"play.js": "live/play.html", "host.js": "live/host.html",
             "screen.js": "live/screen.html"}
    missing = {}
    for script, template in pages.items():
        code = (ROOT / "static/js" / script).read_text(encoding="utf-8")
        page = (ROOT / "templates" / template).read_text(encoding="utf-8")
        block = page.split('id="strings">', 1)[1].split("</script>", 1)[0]
        provided = set(re.findall(r'^\s*"(\w+)":', block, re.M))
        used = set(re.findall(r"\bS\.(\w+)", code))
        if used - provided:
            missing[script] = sorted(used - provided)
    assert missing == {}


def untranslated_literals(path: Path) -> int:
    """Vietnamese string constants of a module outside gettext calls, docstrings and patterns.

    A regular expression that reads Vietnamese text (re.compile's pattern) is not text shown.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in GETTEXT_CALLS or (name == "compile" and getattr(func, "value", None)
                                         and getattr(func.value, "id", "") == "re"):
                allowed.update(id(sub) for sub in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            allowed.add(id(body[0].value))
    return sum(1 for node in ast.walk(tree) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and VIETNAMESE.search(node.value)
               and id(node) not in allowed)


# Modules whose Vietnamese is data, never the app's own words; each holds nothing else.
VIETNAMESE_DATA = {
    # The coverage report is a Vietnamese administrative document whatever the reader's language
    # (Nghị định 30/2020, DOCX, PDF and its workbook): its wording is document data, built in
    # these two modules under force_locale("vi").
    "coverage/report.py": "the report's wording, headers and the plan's quoted lines",
    "coverage/document.py": "the decree's layout: motto, title, 'Nơi nhận', signature block",
    "coverage/plan.py": "the plan's citation and own words, quoted in targets and the report",
    "config.py": "the report issuer's defaults (names of bodies and a place)",
    "coverage/anonymous.py": "the names anonymised pupils get in the database",
    "coverage/demo.py": "the demo's pupils' names and programs' titles",
    "schools/seed.py": "the sample units and schools, and the units template's sample rows",
    "bank/formats/layout.py": "our spreadsheet layout's bilingual headers and cell words (a file "
                              "format) and the template's sample questions (bank content)",
    "contests/live/nicknames.py": "the animal and colour words generated nicknames are made of",
    "engine/nicknames.py": "the words a nickname may not contain",
    "engine/folding.py": "the letters đ and Đ that folding maps to d",
    "engine/questions.py": "the two choices of a true/false question: question content, "
                           "Vietnamese like the bank",
}

def test_python_text_goes_through_the_catalogue():
    found = {}
    for path in sorted((ROOT / "quizapp").rglob("*.py")):
        name = str(path.relative_to(ROOT / "quizapp"))
        if "migrations" in path.parts or name in VIETNAMESE_DATA:
            continue
        count = untranslated_literals(path)
        if count:
            found[name] = count
    assert found == {}, "wrap user-visible text in _() / _l() (codes travel, text at the edge)"


def test_data_modules_hold_vietnamese_data():
    """Every module listed as data exists and still holds Vietnamese (else it leaves the list)."""
    stale = [name for name in VIETNAMESE_DATA if not (ROOT / "quizapp" / name).exists()
             or untranslated_literals(ROOT / "quizapp" / name) == 0]
    assert stale == []
