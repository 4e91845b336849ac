"""Normalise question text for duplicate detection and accent-insensitive matching.

Pure. Diacritics are folded by the engine's `folding.fold_accents`, the one function that knows
Vietnamese (đ/Đ is its own letter, not a combining mark), and the i/y spellings by the answer
matcher's `fold_spelling`, so the bank's search and the live answer matching agree.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from quizapp.engine.folding import fold_accents
from quizapp.engine.matching import fold_spelling

_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Return `text` without diacritics: "Mật khẩu" -> "Mat khau", "Đà Nẵng" -> "Da Nang"."""
    return fold_accents(text)


def normalize_text(text: str, *, accents: bool = True) -> str:
    """Return the comparison form of `text`: NFC, casefolded, punctuation dropped, spaces collapsed.

    With `accents=False` (the search form) diacritics are removed too and the i/y spellings are
    one, so "Mật khẩu!" and "mat  khau" compare equal, and so do "kỹ thuật" and "ki thuat".
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    if not accents:
        folded = strip_accents(folded)
    # Punctuation and symbols become spaces so "mật-khẩu" and "mật khẩu" compare equal.
    kept = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in folded)
    collapsed = _SPACES.sub(" ", kept).strip()
    return collapsed if accents else fold_spelling(collapsed)


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, 0.0–1.0 (difflib ratio of their normalised forms)."""
    return difflib.SequenceMatcher(None, normalize_text(a), normalize_text(b)).ratio()


def slugify(text: str) -> str:
    """Return `text` as a slug of a-z, 0-9 and '-': "Lừa đảo trực tuyến" -> "lua-dao-truc-tuyen"."""
    bare = strip_accents(unicodedata.normalize("NFC", text)).lower()
    return _NON_SLUG.sub("-", bare).strip("-")
