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
    """Vietnamese string constants of a module outside gettext calls and docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in GETTEXT_CALLS:
                allowed.update(id(sub) for sub in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            allowed.add(id(body[0].value))
    return sum(1 for node in ast.walk(tree) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and VIETNAMESE.search(node.value)
               and id(node) not in allowed)


# Modules still holding Vietnamese text outside the catalogue, and how much. Some of it is
# data, not messages (import column aliases, word lists, demo names, folding tables); the
# rest is debt. The count of a module may only go down, and no other module may start.
KNOWN_LITERALS = {
    # The coverage report is an administrative document in Vietnamese whatever the reader's
    # language (Nghị định 30/2020): its wording, the plan's quoted lines and the issuer's
    # defaults are document data, built under force_locale("vi").
    "coverage/report.py": 99, "coverage/document.py": 60, "config.py": 8,
    "bank/formats/question.py": 95, "bank/formats/tabular.py": 47,
    "schools/registry.py": 39, "schools/units.py": 36,
    "bank/formats/xlsx_format.py": 28, "engine/show/preset.py": 26, "coverage/demo.py": 23,
    "schools/rosters.py": 23, "bank/formats/yaml_format.py": 22,
    "contests/live/nicknames.py": 22, "bank/service.py": 18,
    "bank/formats/gift.py": 17, "engine/show/content.py": 22, "bank/formats/kahoot_xlsx.py": 16,
    "bank/legal.py": 16, "schools/models.py": 13, "bank/formats/aiken.py": 12,
    "bank/catalog.py": 11,
    "bank/formats/moodle_xml.py": 10, "bank/formats/guards.py": 7, "engine/nicknames.py": 7,
    "schools/seed.py": 7, "bank/formats/workbook.py": 6, "bank/media.py": 5,
    "coverage/privacy.py": 6, "engine/show/show.py": 4, "bank/formats/csv_format.py": 3,
    "cli.py": 2, "engine/folding.py": 2, "schools/views.py": 2,
    "bank/formats/__init__.py": 1, "bank/forms.py": 1, "bank/questionform.py": 1,
    "bank/review.py": 3,
    "coverage/cli.py": 1, "coverage/service.py": 5, "engine/questions.py": 1,
    "schools/roster_views.py": 1,
}


# The show engine (engine/show/) is being rebuilt to produce codes that its pages translate;
# until that lands it is outside this check.
REBUILT_ELSEWHERE = ("engine/show/",)


def test_python_text_goes_through_the_catalogue():
    found = {}
    for path in sorted((ROOT / "quizapp").rglob("*.py")):
        name = str(path.relative_to(ROOT / "quizapp"))
        if "migrations" in path.parts or name.startswith(REBUILT_ELSEWHERE):
            continue
        count = untranslated_literals(path)
        if count > KNOWN_LITERALS.get(name, 0):
            found[name] = count
    assert found == {}, "wrap user-visible text in _() / _l() (codes travel, text at the edge)"
