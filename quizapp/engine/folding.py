"""Name folding: the one place that decides when two names, nicknames or labels are the same.

Pure. Everyone compares through these functions: the engine (nickname clashes, the host's
search), live games (bans), school and roster imports (names, codes, column headers) and the
pupil identity rule, so a name banned, matched or counted in one place is the same everywhere.
"""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold_accents(text: str) -> str:
    """Return ``text`` without diacritics: combining marks removed, đ/Đ turned into d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def clean_text(raw: object) -> str:
    """Return text as it will be shown: NFC, no control or invisible characters, single spaces.

    Control characters, zero-width characters, bidi overrides and other format characters
    are removed; every kind of space becomes one plain space; ends are trimmed.
    """
    if not isinstance(raw, str):
        return ""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", raw):
        category = unicodedata.category(ch)
        if ch.isspace() or category in ("Zs", "Zl", "Zp"):
            out.append(" ")
        elif category not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    return unicodedata.normalize("NFC", " ".join("".join(out).split()))


def name_key(text: object) -> str:
    """Return the key names are compared on: no accents, lower case, letters and digits only.

    "Kẻ  Phá", "kẻ phá" and "Ke-Pha" share one key; so do "THCS Lê Lợi" and "thcs le loi".
    """
    folded = fold_accents(clean_text(text)).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def nickname_key(text: object) -> str:
    """Return the key two nicknames in one game clash on: cleaned and case-folded.

    Accents count here ("Lan" and "Lân" are two pupils); bans use `name_key`, which ignores them.
    """
    return clean_text(text).casefold()
