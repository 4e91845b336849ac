"""Every user-visible Vietnamese string has its English translation in the catalogue."""

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
    with (folder / "messages.po").open("rb") as source, (folder / "messages.mo").open("rb") as mo:
        written = {m.id: m.string for m in read_po(source) if m.id and m.string}
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}
    assert compiled == written
