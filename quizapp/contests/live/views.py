"""The pages of a live game: the phone's join/play page, the host console, the big screen."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.bank.media import media_of_token, media_path
from quizapp.bank.models import Media
from quizapp.contests import attribution
from quizapp.contests.live import gameinfo
from quizapp.contests.live.links import join_url
from quizapp.contests.models import Game
from quizapp.core.permissions import owns, public, requires
from quizapp.core.qr import svg_qr
from quizapp.extensions import db
from quizapp.live.tokens import link_expired, screen_key, screen_key_valid
from quizapp.schools import matching, rosters

bp = Blueprint("live", __name__)


@bp.get("/play")
@bp.get("/play/<pin>")
@public
def play(pin=None):
    """The phone page: join with a PIN, nickname and school, then play."""
    if pin is not None and not (len(pin) == 6 and pin.isdigit()):
        abort(404)
    typed = request.args.get("pin")
    if pin is None and typed is not None:  # the PIN box of the home page
        typed = "".join(typed.split())[:20]
        if len(typed) == 6 and typed.isdigit():
            return redirect(url_for("live.play", pin=typed))
    pin_status = pin_state(pin) if pin else ("malformed" if typed is not None else None)
    link = request.args.get("s", "")[:120]
    fixed, roster = _known_school(pin, link) if pin_status == "live" else (None, False)
    # The picker lists registry schools by name and unit; the code travels hidden.
    schools = [] if fixed else [{"c": c.code, "n": c.label}
                                for c in matching.registry_choices()]
    return render_template("live/play.html", pin=pin if pin_status == "live" else None,
                           asked_pin=pin, pin_status=pin_status, schools=schools,
                           school_link=link if fixed else "", fixed_school=fixed,
                           roster=roster)


def _known_school(pin, link) -> tuple[str | None, bool]:
    """The school a join page is for (the host's school, or a per-school QR), and whether it
    has a roster; (None, False) when the phone must pick."""
    game = gameinfo.by_pin(pin)
    if game is None:
        return None, False
    scope = attribution.game_scope(game.options, game.school_id)
    school = attribution.attribute(game.id, scope, game.school_id, link=link)
    if school.source != "link":
        return None, False
    return school.school_name, rosters.has_roster(school.school_id)


def pin_state(pin: str) -> str:
    """Return "live" (a game has this PIN), "ended" (a finished game had it) or "unknown"."""
    if Game.query.filter_by(pin=pin).with_entities(Game.id).first():
        return "live"
    if Game.query.filter_by(ended_pin=pin).with_entities(Game.id).first():
        return "ended"
    return "unknown"


@bp.get("/play/media/<token>")
@public
def media(token):
    """A question's image, for the phones and screens of a game that shows it.

    The name is signed (bank.media.media_url) and handed out only with the question, so ids
    cannot be walked and a draft's image is not public.
    """
    media_id = media_of_token(token)
    if media_id is None:
        abort(404)
    item = db.get_or_404(Media, media_id)
    return Response(media_path(item).read_bytes(), mimetype=item.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})


def _hosted(game_id):
    game = db.get_or_404(Game, game_id)
    if not owns(current_user, game):
        abort(403)
    return game


@bp.get("/live/games/<int:game_id>/host")
@requires("contests.run")
def host_console(game_id):
    game = _hosted(game_id)
    return render_template(
        "live/host.html", game_id=game.id, pin=game.pin, title=game.contest.title,
        screen_url=url_for("live.big_screen", game_id=game.id, key=screen_key(game.id)),
        join_url=join_url(game.pin) if game.pin else None,
        results_url=url_for("contests.game_results", game_id=game.id))


@bp.get("/live/games/<int:game_id>/screen")
@public
def big_screen(game_id):
    """The projector page; the signed key in its URL is what lets it watch the game."""
    game = db.get_or_404(Game, game_id)
    key = request.args.get("key", "")
    if not screen_key_valid(game.id, key):
        abort(403)
    if link_expired(game.finished_at):
        abort(410)  # the podium with its nicknames is not shown forever
    url = join_url(game.pin) if game.pin else None
    return render_template("live/screen.html", game_id=game.id, key=key, pin=game.pin,
                           join_url=url, qr_svg=svg_qr(url) if url else "")
