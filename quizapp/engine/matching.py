"""Decide whether a typed answer matches one of the accepted answers.

The bank editor uses the same function to preview matches, so what a student types in a live
game and what the editor shows behave the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from quizapp.engine.folding import fold_accents

# The five Vietnamese tone marks (huyền, sắc, hỏi, ngã, nặng) as combining characters.
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")

# A syllable that is one of these initials plus a final y, in NFD (tone mark after the letter).
# Vietnamese writes these syllables with y or i (kỹ/kĩ, lý/lí, mỹ/mĩ, công ty/công ti) and school
# textbooks use i; after a vowel y is a different sound (tay, quy), so only these initials fold.
_I_OR_Y_SYLLABLE = re.compile(r"^(ph|[bdhklmnstv])y([\u0300-\u036f]*)$")


def fold_i_y(word: str) -> str:
    """Return ``word`` with the interchangeable final y spelled i: "kỹ" -> "kĩ", "ly" -> "li".

    ``word`` is one lower-case syllable; any other word comes back unchanged (as NFC).
    """
    decomposed = unicodedata.normalize("NFD", word)
    folded = _I_OR_Y_SYLLABLE.sub(r"\1i\2", decomposed)
    return unicodedata.normalize("NFC", folded)


def fold_spelling(text: str) -> str:
    """Return lower-case ``text`` with each word's i/y spelling folded (see ``fold_i_y``)."""
    return " ".join(fold_i_y(word) for word in text.split())


def _canonical_tones(word: str) -> str:
    """Move a word's Vietnamese tone marks to its end, so "hoà" and "hòa" compare equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    rest = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return rest + tones


def _keys(text: str, accent_insensitive: bool) -> tuple[str, str]:
    """Return the two comparison keys: punctuation as spaces, and punctuation deleted."""
    text = unicodedata.normalize("NFC", text).casefold()
    if accent_insensitive:
        text = fold_accents(text)
    spaced: list[str] = []
    deleted: list[str] = []
    for ch in text:
        if unicodedata.category(ch).startswith("P"):
            spaced.append(" ")
        elif ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            spaced.append(" ")
            deleted.append(" ")
        else:
            spaced.append(ch)
            deleted.append(ch)
    keys = []
    for chars in (spaced, deleted):
        words = [fold_i_y(w) for w in "".join(chars).split()]
        if not accent_insensitive:
            words = [_canonical_tones(w) for w in words]
        keys.append(" ".join(words))
    return keys[0], keys[1]


def answer_matches(given: str, accepted: Iterable[str], accent_insensitive: bool) -> bool:
    """Return True if ``given`` matches one of ``accepted``.

    Both sides are NFC-normalised (NFD input is fine), casefolded, trimmed, and runs of
    whitespace collapsed. Punctuation is ignored: the texts match if they are equal with
    punctuation read as a space ("mật-khẩu" = "mật khẩu") or with it deleted
    ("e-mail" = "email"). Vietnamese tone-mark placement does not matter ("hoà" = "hòa").
    With ``accent_insensitive`` all diacritics are dropped and đ reads as d, so
    "mat khau" matches "mật khẩu". The two spellings of a final i/y after a consonant are one
    (``fold_i_y``: "kĩ thuật" = "kỹ thuật", "quản lí" = "quản lý"). An answer that is empty after
    this never matches.
    """
    if not isinstance(given, str):
        return False
    given_keys = _keys(given, accent_insensitive)
    if not given_keys[0] and not given_keys[1]:
        return False
    for candidate in accepted:
        keys = _keys(candidate, accent_insensitive)
        if (given_keys[0] and given_keys[0] == keys[0]) or (
            given_keys[1] and given_keys[1] == keys[1]
        ):
            return True
    return False
