"""Who a participant is: school + normalised class + normalised name.

A student who plays two contests counts once in "students reached" when both rows give the
same school, the same class and the same name after normalisation. Normalisation forgives
what phones and hurried typing change (case, accents, spaces, "Lớp 7A" vs "7a") and nothing
more. The identity is stored as a hash, never as the name, so the report keeps its counts
after the names of a school year are anonymised.
"""

import hashlib
import re
import unicodedata

from quizapp.engine.matching import fold_accents

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CLASS_PREFIX = re.compile(r"^(lop|class)\s*")


def name_key(name: str) -> str:
    """Return `name` folded: NFC, no accents, lower case, single spaces, letters and digits."""
    folded = fold_accents(unicodedata.normalize("NFC", name or "")).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def class_key(class_name: str) -> str:
    """Return a class name folded to letters and digits: "Lớp 7A", "7 a", "7/A" -> "7a"."""
    folded = name_key(class_name)
    return _NOT_WORD.sub("", _CLASS_PREFIX.sub("", folded))[:40]


def code_key(code: str) -> str:
    """Return a student code upper-cased without spaces or punctuation."""
    return _NOT_WORD.sub("", name_key(code)).upper()[:32]


def participant_identity(class_name: str, name: str) -> str:
    """Return the hash that identifies a student within a school (class + name)."""
    raw = f"{class_key(class_name)}\x1f{name_key(name)}".encode()
    return hashlib.blake2b(raw, digest_size=12).hexdigest()
