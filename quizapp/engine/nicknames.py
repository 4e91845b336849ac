"""Clean and check the nicknames players choose on their phones."""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizapp.engine.folding import clean_text, fold_accents, nickname_key

# Vietnamese full names are often 20-30 characters; the phone warns before it shortens.
MAX_NICKNAME_LENGTH = 40

# Blocked words, compared after folding (casefold, no diacritics, đ -> d), so "địt mẹ",
# "Dit Me" and "DIT ME" are all caught. Kept small on purpose: teachers can Kick/Rename.
# Whole words (a token of the nickname):
_BLOCKED_WORDS = frozenset(
    {
        # Vietnamese (unambiguous once accents are gone) and common abbreviations
        "dit", "dcm", "dmm", "dcmm", "dkm", "vcl", "vkl", "clgt", "cmm", "dm", "dmcs",
        # English
        "fuck", "fucker", "fucking", "shit", "bitch", "cunt", "asshole", "nigger", "nigga",
        "whore", "slut", "porn", "dick", "cock", "pussy", "bastard",
    }
)  # fmt: skip
# Phrases (consecutive words):
_BLOCKED_PHRASES = (
    ("du", "ma"), ("du", "me"), ("dit", "me"), ("con", "cac"), ("cai", "lon"),
    ("vai", "lon"), ("lon", "me"), ("mother", "fucker"), ("mat", "lon"), ("oc", "lon"),
)  # fmt: skip
# Found anywhere once letters are squeezed together ("f.u.c.k", "ditme"): long enough not to
# hit real names.
_BLOCKED_SQUEEZED = ("fuck", "bitch", "nigger", "asshole", "ditme", "ditconme", "motherfuck")
# Words whose accent-free spelling is an everyday word (lồn/lớn, cặc/các, đĩ/đi, buồi/buổi,
# đéo/đeo): blocked only when written with their accents.
_BLOCKED_ACCENTED = frozenset({"lồn", "cặc", "đĩ", "buồi", "đéo", "đụ", "địt"})

_WORD = re.compile(r"[^\W_]+")


clean_nickname = clean_text  # a nickname is shown as any cleaned text


def _is_blocked(name: str) -> bool:
    lowered = name.casefold()
    if any(word in _BLOCKED_ACCENTED for word in _WORD.findall(lowered)):
        return True
    words = _WORD.findall(fold_accents(lowered))
    if any(word in _BLOCKED_WORDS for word in words):
        return True
    pairs = set(zip(words, words[1:], strict=False))
    if any(phrase in pairs for phrase in _BLOCKED_PHRASES):
        return True
    squeezed = "".join(words)
    return any(part in squeezed for part in _BLOCKED_SQUEEZED)


def check_nickname(name: str, taken: Iterable[str]) -> str | None:
    """Return an error code for this nickname, or None if it may be used.

    ``taken`` holds the nicknames already in the game; the comparison ignores case.
    Codes: nickname_empty, nickname_too_long (over MAX_NICKNAME_LENGTH after cleaning),
    nickname_taken, nickname_blocked.
    """
    cleaned = clean_nickname(name)
    if not cleaned:
        return "nickname_empty"
    if len(cleaned) > MAX_NICKNAME_LENGTH:
        return "nickname_too_long"
    if _is_blocked(cleaned):
        return "nickname_blocked"
    key = nickname_key(cleaned)
    if any(nickname_key(other) == key for other in taken):
        return "nickname_taken"
    return None
