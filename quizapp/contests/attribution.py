"""Which school a live player belongs to: from the link, not from typing.

* A game run by a school's host belongs to that school (scope "own"): every player is that
  school's, source "link".
* An inter-school game hands out one QR code per school; each carries a signed school link,
  so a scan is that school, source "link". Without one, the phone's picker lists registry
  schools by name: a pick is source "picked" (a claim, not verified).
* An open game (a TV audience, a PIN shared widely) only has the picker.
* Typed text matching no registry school is kept, "unmatched"; nothing is "empty". The host
  resolves unmatched names to registry schools after the game ("resolved") and may confirm
  picked schools ("confirmed"). schools/identity.py decides what of this counts.
"""

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func

from quizapp.contests.models import Game, Player
from quizapp.extensions import db
from quizapp.schools.matching import match_school, suggest_schools
from quizapp.schools.models import School

SCOPES = ("own", "inter_school", "open")
CLAIMS_PER_ADDRESS = 10  # joins claiming one school from one address in one game
CLAIMS_PER_GAME = 300  # unverified joins claiming one school in one game


def game_scope(options: dict, game_school_id: int | None) -> str:
    """Return how a game knows its players' schools (see the module docstring)."""
    scope = (options or {}).get("school_scope") or ("own" if game_school_id else "open")
    if scope == "own" and game_school_id is None:
        return "open"
    return scope if scope in SCOPES else "open"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="quizapp-school-link")


def school_link(game_id: int, school_id: int) -> str:
    """Return the signed token of one school's QR code for one game."""
    return _serializer().dumps([game_id, school_id])


def read_school_link(token, game_id: int) -> int | None:
    """Return the school id of a valid link token of this game, else None."""
    if not isinstance(token, str) or not token or len(token) > 120:
        return None
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2 and data[0] == game_id
            and isinstance(data[1], int)):
        return None
    return data[1]


@dataclass(frozen=True)
class Attribution:
    school_id: int | None
    school_name: str
    source: str

    def record(self, **extra) -> dict:
        return {"school_id": self.school_id, "school_source": self.source, **extra}


def attribute(game_id: int, scope: str, game_school_id: int | None, typed: str = "",
              code: str = "", link: str = "") -> Attribution:
    """Return the school of a joining player from the game, the link, or the picker."""
    linked = read_school_link(link, game_id) if link else None
    if linked is not None:
        school = db.session.get(School, linked)
        if school is not None and school.active:
            return Attribution(school.id, school.name, "link")
    if scope == "own" and game_school_id is not None:
        school = db.session.get(School, game_school_id)
        return Attribution(school.id, school.name, "link")
    school = match_school(typed, code)
    if school is not None:
        return Attribution(school.id, school.name, "picked")
    typed = " ".join((typed or "").split())[:100]
    return Attribution(None, typed, "unmatched" if typed else "empty")


# --------------------------------------------------------------- after the game (the host)
def claims(game: Game) -> list[dict]:
    """Players of a game grouped by how their school was known, for the host to review."""
    rows = db.session.query(Player.school_source, Player.school_id, Player.school_name,
                            func.count()).filter(
        Player.game_id == game.id, Player.kicked.is_(False)).group_by(
        Player.school_source, Player.school_id, Player.school_name).all()
    out = []
    for source, school_id, name, count in rows:
        item = {"source": source or "picked", "school_id": school_id, "name": name,
                "players": count, "suggestions": []}
        if item["source"] == "unmatched":
            item["suggestions"] = suggest_schools(name)
        out.append(item)
    order = {"unmatched": 0, "capped": 1, "picked": 2, "empty": 3}
    out.sort(key=lambda item: (order.get(item["source"], 4), -item["players"], item["name"]))
    return out


def resolve(game: Game, typed_name: str, school: School) -> int:
    """Give the players who typed `typed_name` the registry school the host chose."""
    changed = Player.query.filter(
        Player.game_id == game.id, Player.school_source == "unmatched",
        Player.school_name == typed_name).update(
        {"school_id": school.id, "school_source": "resolved"}, synchronize_session=False)
    db.session.commit()
    return changed


def confirm(game: Game, school: School, source: str = "picked") -> int:
    """The host vouches that the players who picked `school` are its pupils."""
    if source not in ("picked", "capped", ""):
        return 0
    changed = Player.query.filter(
        Player.game_id == game.id, Player.school_id == school.id,
        Player.school_source == source).update(
        {"school_source": "confirmed"}, synchronize_session=False)
    db.session.commit()
    return changed
