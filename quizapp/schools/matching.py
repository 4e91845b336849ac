"""Find registry schools from what people type: without accents, and by similarity.

A pupil picks a school by its name (the code stays hidden behind it); what matches no
registry school is kept as typed, "unmatched", and the host resolves it after the game from
the suggestions here (difflib on the folded names).
"""

import difflib
from dataclasses import dataclass

from quizapp.extensions import db
from quizapp.schools.identity import name_key
from quizapp.schools.models import School, code_is

# Words every school name carries: left out when comparing, so "THCS Lê Lợi" and
# "Trường THCS Lê Lợi" match and "Lê Lợi" alone is close to both.
_NOISE = ("truong", "pt", "ptdtbt", "ptdtnt", "thcs", "thpt", "th", "tieu hoc",
          "trung hoc co so", "trung hoc pho thong", "lien cap", "gdtx", "dan toc", "noi tru",
          "ban tru", "va")


def folded(name: str) -> str:
    """Return a school name folded for matching: no accents, case, punctuation or 'trường'."""
    text = f" {name_key(name)} "
    for word in sorted(_NOISE, key=len, reverse=True):
        text = text.replace(f" {word} ", " ")
    return " ".join(text.split()) or name_key(name)


@dataclass(frozen=True)
class Choice:
    id: int
    code: str
    name: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.name} — {self.unit}" if self.unit else self.name


def registry_choices() -> list[Choice]:
    """Every active school, as the phone's picker lists them (name and unit, no code)."""
    from quizapp.schools.models import AdminUnit

    rows = db.session.query(School.id, School.code, School.name, AdminUnit.name).join(
        AdminUnit, AdminUnit.id == School.unit_id).filter(School.active.is_(True))
    return sorted((Choice(*row) for row in rows), key=lambda c: (name_key(c.name), c.unit))


def match_school(text: str, code: str = "") -> School | None:
    """Return the one active school `code` names, or whose name `text` is (accents aside).

    None when nothing matches or when several schools share the name (then the host decides).
    """
    if code:
        school = School.query.filter(code_is(code[:32]), School.active.is_(True)).first()
        if school is not None:
            return school
    wanted = name_key(text)
    if not wanted:
        return None
    found = [school for school in School.query.filter_by(active=True)
             if name_key(school.name) == wanted or name_key(school.code) == wanted]
    return found[0] if len(found) == 1 else None


def suggest_schools(text: str, limit: int = 3, cutoff: float = 0.6) -> list[School]:
    """Return up to `limit` active schools whose folded name is most like `text`."""
    wanted = folded(text)
    if not wanted:
        return []
    schools = School.query.filter_by(active=True).all()
    scored = []
    for school in schools:
        ratio = difflib.SequenceMatcher(None, wanted, folded(school.name)).ratio()
        if ratio >= cutoff:
            scored.append((ratio, school.name, school))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [school for _, _, school in scored[:limit]]
