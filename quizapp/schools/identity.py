"""Which participation counts, for which pupil and which school: the one rule.

The aggregation (coverage/rollup.py) calls `counted_participation` for every stored player or
campaign attempt; nothing else decides who is counted.

* **School.** A participation counts for a school only when the school was *verified*
  (`is_verified`): it came from the link (the school's own game, a per-school QR code, a
  campaign poster), from a roster entry, or a host resolved or confirmed it after the game.
  A school merely picked from the list in an open game (a TV audience, a PIN shared on the
  internet) does not count for coverage; it still counts in the audience figures.
* **Pupil.** With a roster entry the entry is the pupil: namesakes stay apart, a class change
  keeps the person. Without one the pupil is *school + class + name*, where names of the same
  class that are one typo apart, or a short form of a single full name seen earlier in the
  year, are the same pupil (`NameDirectory`). Such figures are "estimated".
* **Groups.** A shared phone answering for a named group counts once for each member.

Identities are stored as hashes, never as names, so the report keeps its counts after a school
year is anonymised.
"""

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app

from quizapp.engine.folding import fold_accents, name_key

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_LETTER = re.compile(r"[\W_]+")
_CLASS_PREFIX = re.compile(r"^(lop|class)\s*")

# How a player's school was known (Player.school_source).
SCHOOL_SOURCES = ("link", "roster", "picked", "unmatched", "empty", "capped", "resolved",
                  "confirmed")
VERIFIED_SOURCES = frozenset({"link", "roster", "resolved", "confirmed"})
GROUP_SIZE = (2, 6)
# A typo merges two spellings of a word only when both have at least this many letters.
TYPO_MIN_LETTERS = 3


def spelling_key(name: str) -> str:
    """Return `name` as the directory compares it: lower case, letters and digits, single
    spaces, and its accents when it was typed with them ("hoàng công hưng"), else folded.

    Two spellings with accents that differ only in their accents are two names (Hùng and
    Hưng are two pupils); a spelling without accents is the same name as any accented one
    it folds to.
    """
    text = " ".join(_NOT_LETTER.sub(" ", unicodedata.normalize("NFC", name or "").casefold())
                    .split())
    return text if text != fold_accents(text) else name_key(name)


def class_key(class_name: str) -> str:
    """Return a class name folded to letters and digits: "Lớp 7A", "7 a", "7/A" -> "7a"."""
    folded = name_key(class_name)
    return _NOT_WORD.sub("", _CLASS_PREFIX.sub("", folded))[:40]


def code_key(code: str) -> str:
    """Return a student code upper-cased without spaces or punctuation."""
    return _NOT_WORD.sub("", name_key(code)).upper()[:32]


def identity_key() -> bytes:
    """The secret that keys pupil hashes (QUIZAPP_IDENTITY_KEY, else the app's secret key).

    Without it, hashing a class list cannot find which pupils took part: the stored hashes
    reveal nothing to someone who has the database but not the key.
    """
    secret = current_app.config.get("IDENTITY_KEY") or current_app.config["SECRET_KEY"]
    return hashlib.blake2b(f"pupil-identity\x1f{secret}".encode(), digest_size=32).digest()


def keyed(digest: str) -> str:
    """Return the stored identity of an unkeyed digest (also how old rows were re-keyed)."""
    return hashlib.blake2b(bytes.fromhex(digest), digest_size=12,
                           key=identity_key()).hexdigest()


def name_identity(klass: str, name: str) -> str:
    """Return the hash of a pupil known by folded class and folded name (no roster)."""
    raw = f"{klass}\x1f{name}".encode()
    return keyed(hashlib.blake2b(raw, digest_size=12).hexdigest())


def participant_identity(class_name: str, name: str) -> str:
    """Return the hash that identifies a student within a school (class + name)."""
    return name_identity(class_key(class_name), name_key(name))


def roster_identity(entry_id: int) -> str:
    """Return the hash of a pupil known by their roster entry."""
    return keyed(hashlib.blake2b(f"roster\x1f{entry_id}".encode(), digest_size=12).hexdigest())


def group_identity(member_identities) -> str:
    """Return the hash of a shared-phone group: the same members are the same group."""
    raw = "\x1f".join(sorted(member_identities)).encode()
    return keyed(hashlib.blake2b(b"group\x1f" + raw, digest_size=12).hexdigest())


def member_identity(class_name: str, member) -> str:
    """Return the pupil identity of one group member (a full name, or a roster entry)."""
    if isinstance(member, dict):
        return roster_identity(int(member["roster_entry"]))
    return participant_identity(class_name, member)


def is_verified(source: str, school_id: int | None, game_school_id: int | None = None) -> bool:
    """Tell whether a participation's school may count for coverage.

    `source` is how the school was known; `game_school_id` the school that runs the game
    (None for an open or TV game). Choosing one's own school from the list in that school's
    own game is as good as the link.
    """
    if school_id is None:
        return False
    if source in VERIFIED_SOURCES:
        return True
    return source in ("picked", "") and game_school_id is not None \
        and school_id == game_school_id


@dataclass(frozen=True)
class Participation:
    """What the aggregation needs of one stored player or attempt."""

    school_id: int | None
    source: str
    class_name: str
    name: str
    game_school_id: int | None = None
    roster_entry_id: int | None = None
    # a shared phone: the members' full names, or {"roster_entry": id, "name": ...} each
    members: tuple = ()
    kicked: bool = False
    # Which program and which stored row: two rows of one program are two pupils, so a
    # name already used by another row of the program is a namesake (see counted_participation).
    program: tuple | None = None
    row_id: int | None = None


@dataclass(frozen=True)
class CountedPupil:
    """One pupil reached by a participation."""

    school_id: int
    class_key: str
    identity: str
    estimated: bool  # known by name, not by a roster entry


@dataclass
class NameDirectory:
    """The pupils of the school year known so far, by school and class, in order of arrival.

    Fed the names in the order they were first used, it maps every later spelling to the
    first one it matches, so a program's identities never change when later programs add
    names. Roster entries (when a school has a roster) take precedence over names.
    """

    roster: dict = field(default_factory=dict)  # (school, class_key, name_key) -> [entry ids]
    _known: dict = field(default_factory=lambda: defaultdict(list))  # (school, class) -> names
    _canonical: dict = field(default_factory=dict)  # (school, class, name) -> canonical name
    _roster_names: dict = field(default_factory=dict)  # (school, class) -> [(name, entry)]
    _in_program: dict = field(default_factory=dict)  # (program, school, class, name) -> [rows]

    def add_roster_entry(self, school_id, entry_id, class_name, full_name) -> None:
        klass, name = class_key(class_name), spelling_key(full_name)
        self.roster.setdefault((school_id, klass, name), []).append(entry_id)
        self._roster_names.setdefault((school_id, klass), []).append((name, entry_id))

    def learn(self, school_id, klass: str, name: str) -> str:
        """Return the canonical spelling of `name` in the class, adding it if it is new."""
        key = (school_id, klass, name)
        found = self._canonical.get(key)
        if found is not None:
            return found
        known = self._known[(school_id, klass)]
        if name in known:
            canonical = name
        else:
            matches = [other for other in known if alike(name, other)]
            canonical = matches[0] if len(matches) == 1 else name
            if canonical == name:
                known.append(name)
        self._canonical[key] = canonical
        return canonical

    def namesake_index(self, program, school_id, klass, name, row) -> int:
        """Return 0 for the first row of `program` using `name`, 1 for the next one, ...

        Two rows of one program are two people (a pupil cannot join a game twice), so the
        second row with a pupil's name is a namesake, not the same pupil again."""
        rows = self._in_program.setdefault((program, school_id, klass, name), [])
        if row not in rows:
            rows.append(row)
        return rows.index(row)

    def known_names(self):
        """Yield ((school, class), [distinct pupils' names]) as the rule tells them apart."""
        return list(self._known.items())

    def roster_entry(self, school_id, klass: str, name: str) -> int | None:
        """The one roster entry a typed name stands for: spelt the same, else the one entry
        it is a typo or short form of; None when there is none or several (namesakes)."""
        entries = self.roster.get((school_id, klass, name), ())
        if entries:
            return entries[0] if len(entries) == 1 else None
        found = {entry for other, entry in self._roster_names.get((school_id, klass), ())
                 if alike(name, other)}
        return found.pop() if len(found) == 1 else None


def alike(a: str, b: str) -> bool:
    """Tell whether two spelling keys (see spelling_key) are one pupil written twice."""
    folded_a, folded_b = fold_accents(a), fold_accents(b)
    if a != b and folded_a == folded_b and a != folded_a and b != folded_b:
        return False  # both typed with accents, and the accents differ: two names
    return same_pupil(folded_a, folded_b)


def same_pupil(a: str, b: str) -> bool:
    """Tell whether two folded names in one class are one pupil written twice.

    * A typo: the same words but one, and that one differs by a single edit (insert,
      delete, change, swap of neighbours) and has at least TYPO_MIN_LETTERS letters. In the
      given name (the last word) only a swap of neighbours counts, because one-letter
      neighbours are often two real names ("trang"/"trung", "an"/"anh").
    * A short form: one name is the last words of the other ("an" and "nguyen van an").

    Names with digits are never typos of each other ("hoc sinh 1"/"hoc sinh 2").
    Namesakes are one pupil under this rule: only a roster tells them apart.
    """
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if len(words_a) == len(words_b):
        differ = [i for i, (x, y) in enumerate(zip(words_a, words_b, strict=True)) if x != y]
        if len(differ) != 1:
            return False
        x, y = words_a[differ[0]], words_b[differ[0]]
        if any(ch.isdigit() for ch in x + y) or min(len(x), len(y)) < TYPO_MIN_LETTERS:
            return False
        if differ[0] == len(words_a) - 1:
            return _swapped(x, y)
        return _one_edit(x, y)
    short, full = sorted((words_a, words_b), key=len)
    return full[-len(short):] == short


def _swapped(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1 or _swapped(a, b)
    shorter, longer = sorted((a, b), key=len)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1:]


def counted_participation(row: Participation, directory: NameDirectory) -> list[CountedPupil]:
    """Return the pupils a stored participation reaches for coverage (none if it does not count).

    Not counted: a removed player, no school, a school that was not verified. A group counts
    each member. The directory must be fed in order of arrival (see NameDirectory). With
    `row.program` and `row.row_id` set, two rows of one program that carry one name are two
    namesakes (counted twice), never the same pupil counted once.
    """
    if row.kicked or not is_verified(row.source, row.school_id, row.game_school_id):
        return []
    klass = class_key(row.class_name) or "?"
    if row.roster_entry_id is not None and not row.members:
        return [CountedPupil(row.school_id, klass, roster_identity(row.roster_entry_id), False)]
    names = [m for m in row.members if isinstance(m, dict) or name_key(m)] \
        if row.members else [row.name]
    pupils, seen = [], set()
    for name in names:
        if isinstance(name, dict):  # a group member chosen from the roster
            identity = roster_identity(int(name["roster_entry"]))
            if identity not in seen:
                seen.add(identity)
                pupils.append(CountedPupil(row.school_id, klass, identity, False))
            continue
        canonical = directory.learn(row.school_id, klass, spelling_key(name))
        entry = directory.roster_entry(row.school_id, klass, canonical)
        identity = roster_identity(entry) if entry is not None else name_identity(klass,
                                                                                  canonical)
        if entry is None and row.program is not None:
            nth = directory.namesake_index(row.program, row.school_id, klass, canonical,
                                           (row.row_id, name))
            if nth:  # another row of this program already is this name: a namesake
                identity = name_identity(klass, f"{canonical}\x1f{nth}")
        if identity not in seen:
            seen.add(identity)
            pupils.append(CountedPupil(row.school_id, klass, identity, entry is None))
    return pupils


def clean_members(raw) -> list[str]:
    """Return the member names of a shared-phone group, or raise ValueError with a reason code.

    Codes: group_size (not 2-6 names), group_name (a name empty, over 40 characters or
    without two letters), group_duplicate (one name twice).
    """
    if not isinstance(raw, list) or not GROUP_SIZE[0] <= len(raw) <= GROUP_SIZE[1]:
        raise ValueError("group_size")
    names, keys = [], set()
    for item in raw:
        name = clean_member_name(item)
        if name_key(name) in keys:
            raise ValueError("group_duplicate")
        keys.add(name_key(name))
        names.append(name)
    return names


def clean_member_name(item) -> str:
    """Return one member's name tidied (NFC, single spaces), or raise ValueError("group_name")
    when it is not text, has control characters, fewer than two letters or over 40 characters
    (the nickname limit)."""
    if not isinstance(item, str) or len(item) > 160:
        raise ValueError("group_name")
    name = " ".join(unicodedata.normalize("NFC", item).split())
    if any(unicodedata.category(ch).startswith("C") for ch in name) or not (
            2 <= len(name_key(name).replace(" ", "")) and len(name) <= 40):
        raise ValueError("group_name")
    return name
