"""Gameshow pages: episodes and presets for the producer, the studio pages, the data feed."""

import yaml
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from quizapp.bank.formats.question import SLUG_RE, ImportRejected
from quizapp.contests.live.links import join_url
from quizapp.contests.live.registry import registry_of
from quizapp.core.headers import frameable
from quizapp.core.permissions import owns, public, requires
from quizapp.core.qr import svg_qr
from quizapp.engine.show import public_view
from quizapp.engine.show.show import GRAPHICS
from quizapp.extensions import db
from quizapp.gameshow import feed, pictures, record, service
from quizapp.gameshow.forms import EpisodeForm, PresetForm, ProductionForm
from quizapp.gameshow.models import Episode, ShowPreset
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live.tokens import link_expired, read_seat_token

bp = Blueprint("gameshow", __name__)
STAFF_PAGES = {"mc": "gameshow/mc.html", "judge": "gameshow/judge.html",
               "keys": "gameshow/keys.html"}


def _own(episode_id) -> Episode:
    episode = db.get_or_404(Episode, episode_id)
    if not owns(current_user, episode):
        abort(403)
    return episode


def _keyed(episode_id) -> Episode:
    episode = db.get_or_404(Episode, episode_id)
    if not service.studio_key_accepted(episode, request.args.get("k", "")):
        abort(403)
    if link_expired(episode.finished_at):
        abort(410)
    return episode


# ----------------------------------------------------------------- producer
@bp.get("/shows/")
@requires("contests.run")
def episode_list():
    return render_template("gameshow/list.html", episodes=service.episodes_for(current_user).all(),
                           presets=service.preset_choices())


def _contestants_from_form(seats: int) -> list[dict]:
    return service.clean_contestants(request.form.getlist("name")[:seats],
                                     request.form.getlist("school")[:seats])


def _seats_of(slug: str) -> int:
    return service.parse_seats(service.preset_text(slug))


@bp.route("/shows/new", methods=["GET", "POST"])
@bp.route("/shows/<int:episode_id>/edit", methods=["GET", "POST"])
@requires("contests.run")
def episode_edit(episode_id=None):
    """Create or edit a draft: title, preset, contestants and each round's questions."""
    episode = _own(episode_id) if episode_id else None
    form = EpisodeForm()
    form.preset.choices = service.preset_choices()
    errors = []
    if request.method == "GET":
        slug = request.args.get("preset", "olympia")
        if not SLUG_RE.match(slug):  # a preset is named by its slug, never by a path or bytes
            slug = ""
        if episode is not None:
            form.title.data, form.preset.data = episode.title, episode.preset_slug
            form.content.data = episode.content_yaml
        else:
            form.preset.data = slug
            form.content.data = service.demo_content(slug)
    contestants = episode.contestants if episode else []
    if form.validate_on_submit():
        contestants = _contestants_from_form(service.parse_seats(service.episode_rules(
            episode, form.preset.data, form.refresh_rules.data)))
        try:
            episode = service.save_episode(current_user, form.title.data, form.preset.data,
                                           form.content.data, contestants, episode,
                                           refresh_rules=form.refresh_rules.data)
        except service.EpisodeError as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            flash(_("Đã lưu chương trình."), "success")
            return redirect(url_for(".episode_page", episode_id=episode.id))
    seats = service.parse_seats(service.episode_rules(episode, form.preset.data or "olympia"))
    contestants = (contestants + [{"name": "", "school": ""}] * seats)[:seats]
    return render_template("gameshow/edit.html", form=form, episode=episode, errors=errors,
                           contestants=contestants)


@bp.get("/shows/<int:episode_id>")
@requires("contests.run")
def episode_page(episode_id):
    """The producer's page: the studio links (with QR codes for the seats) and the record."""
    episode = _own(episode_id)
    key = service.studio_key_of(episode)
    seats = [{"seat": n, **person, "url": url_for(".seat_page",
                                                  token=service.seat_token_of(episode, n),
                                                  _external=True)}
             for n, person in enumerate(episode.contestants, start=1)]
    for seat in seats:
        seat["qr"] = svg_qr(seat["url"])
    pin = episode.audience_game.pin if episode.audience_game else None
    links = {
        "mc": url_for(".studio_page", episode_id=episode.id, role="mc"),
        "judge": url_for(".studio_page", episode_id=episode.id, role="judge"),
        "keys": url_for(".studio_page", episode_id=episode.id, role="keys"),
        "screen": url_for(".screen_page", episode_id=episode.id, k=key, _external=True),
        "overlay": url_for(".overlay_page", episode_id=episode.id, k=key, _external=True),
        "feed_json": url_for(".feed_json", episode_id=episode.id, k=key, _external=True),
        "feed_vmix": url_for(".feed_vmix", episode_id=episode.id, k=key, _external=True),
        "feed_xml": url_for(".feed_xml", episode_id=episode.id, k=key, _external=True),
        "feed_caspar": url_for(".feed_xml", episode_id=episode.id, k=key, format="caspar",
                               _external=True),
    }
    production = ProductionForm(formdata=None, timecode_fps=episode.timecode_fps,
                                timecode_start=episode.timecode_start,
                                **{role: (episode.staff or {}).get(role, "")
                                   for role in service.STAFF_ROLES})
    rehearsal = service.rehearsal_of(episode) if episode.status == "draft" else None
    original = db.session.get(Episode, episode.rehearsal_of_id) if \
        episode.rehearsal_of_id else None
    audience_url = join_url(pin) if pin else None
    return render_template("gameshow/episode.html", episode=episode, seats=seats, links=links,
                           audience_url=audience_url, pin=pin,
                           audience_qr=svg_qr(audience_url) if audience_url else "",
                           production=production, rehearsal=rehearsal, original=original)


@bp.post("/shows/<int:episode_id>/start")
@requires("contests.run")
def episode_start(episode_id):
    episode = _own(episode_id)
    try:
        service.start_episode(episode, current_user)
    except service.EpisodeError as refused:
        db.session.rollback()
        for problem in refused.errors:
            flash(problem.describe(), "danger")
    else:
        flash(_("Chương trình đã lên sóng. Mở bảng điều khiển của người dẫn."), "success")
    return redirect(url_for(".episode_page", episode_id=episode.id))


@bp.post("/shows/<int:episode_id>/rehearse")
@requires("contests.run")
def episode_rehearse(episode_id):
    """Rehearse a draft on a fresh live copy (no audience game); again: start over."""
    episode = _own(episode_id)
    try:
        copy = service.start_rehearsal(episode, current_user)
    except service.EpisodeError as refused:
        db.session.rollback()
        for problem in refused.errors:
            flash(problem.describe(), "danger")
        return redirect(url_for(".episode_page", episode_id=episode.id))
    flash(_("Bản tập dượt đã sẵn sàng: khán giả không chơi, bản nháp không đổi."), "success")
    return redirect(url_for(".episode_page", episode_id=copy.id))


@bp.post("/shows/<int:episode_id>/production")
@requires("contests.run")
def episode_production(episode_id):
    """Assign the MC, judge and keyboard accounts, and set the record's timecode."""
    episode = _own(episode_id)
    form = ProductionForm()
    if not form.validate_on_submit():
        for field, messages in form.errors.items():
            flash(f"{field}: {'; '.join(messages)}", "danger")
        return redirect(url_for(".episode_page", episode_id=episode.id))
    try:
        service.set_production(episode, {role: form[role].data for role in service.STAFF_ROLES},
                               form.timecode_fps.data, form.timecode_start.data.strip())
    except service.EpisodeError as refused:
        db.session.rollback()
        for problem in refused.errors:
            flash(problem.describe(), "danger")
    else:
        flash(_("Đã lưu phân công và mã thời gian."), "success")
    return redirect(url_for(".episode_page", episode_id=episode.id))


@bp.get("/shows/<int:episode_id>/record")
@requires("contests.run")
def episode_record(episode_id):
    """Every command of the match; ``?seq=N`` shows the show as it was right after N."""
    episode = _own(episode_id)
    if episode.start_snapshot is None:
        abort(404)
    seq = request.args.get("seq", type=int)
    moment = None
    if seq is not None:
        show = record.replay(episode, seq)
        moment = {"seq": seq, "view": public_view(show), "scores": record.score_rows(show)}
    return render_template("gameshow/record.html", episode=episode, moment=moment,
                           commands=episode.commands, reasons=record.REASONS,
                           timecode=lambda ms: record.timecode_of(episode, ms),
                           pressed_ms=record.pressed_ms)


@bp.get("/shows/<int:episode_id>/results.<fmt>")
@requires("contests.run")
def episode_export(episode_id, fmt):
    episode = _own(episode_id)
    if episode.snapshot is None or fmt not in ("xlsx", "csv"):
        abort(404)
    if fmt == "xlsx":
        body = record.export_xlsx(episode)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = record.export_csv(episode), "text/csv; charset=utf-8"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=gameshow-{episode.id}.{fmt}"})


@bp.route("/shows/presets/<slug>", methods=["GET", "POST"])
@requires("contests.run")
def preset_edit(slug):
    """Read a preset; save it (or a copy of one that is not yours to change) under a code."""
    text = service.preset_text(slug)
    if text is None:
        abort(404)
    stored = ShowPreset.query.filter_by(slug=slug).first()
    editable = stored is not None and service.may_edit_preset(current_user, stored)
    owner = stored is not None and owns(current_user, stored)
    form = PresetForm()
    errors = []
    if request.method == "GET":
        form.slug.data = slug if editable else f"{slug}-copy"
        form.text.data = text
        form.others_may_edit.data = bool(stored and stored.others_may_edit)
    elif form.validate_on_submit():
        try:
            saved = service.save_preset(form.slug.data.strip(), form.text.data, current_user,
                                        form.others_may_edit.data)
        except ImportRejected as rejected:
            db.session.rollback()
            errors = rejected.errors
        else:
            flash(_("Đã lưu thể thức."), "success")
            return redirect(url_for(".preset_edit", slug=saved.slug))
    return render_template("gameshow/preset.html", form=form, slug=slug, errors=errors,
                           builtin=slug in service.builtin_presets(), stored=stored,
                           editable=editable, owner=owner)


# ----------------------------------------------------------------- studio
@bp.get("/studio/<int:episode_id>/<role>")
@requires("staff")
def studio_page(episode_id, role):
    """The MC console, the judge console or the studio keyboard of an episode.

    Open to the account the producer assigned to that role (or the producer when nobody is).
    """
    if role not in STAFF_PAGES:
        abort(404)
    episode = db.get_or_404(Episode, episode_id)
    if not service.may_staff(current_user, episode, role):
        abort(403)
    return render_template(STAFF_PAGES[role], episode=episode, role=role)


@bp.get("/studio/<int:episode_id>/screen")
@public
def screen_page(episode_id):
    """The studio screen (1920×1080); the key in its URL lets it watch the show. It shows the
    show only: the audience's play address and QR code are on the producer's and MC's pages."""
    episode = _keyed(episode_id)
    return render_template("gameshow/screen.html", episode=episode, key=request.args["k"])


@bp.get("/studio/<int:episode_id>/picture")
@public
def obstacle_picture(episode_id):
    """An obstacle picture of this episode, for its studio screen (the key's holders) only."""
    episode = _keyed(episode_id)
    wanted = request.args.get("p", "")
    named = pictures.pictures_of(yaml.safe_load(episode.content_yaml) or {})
    found = pictures.load(wanted) if wanted in named else None
    if found is None:
        abort(404)
    body, mimetype = found
    return Response(body, mimetype=mimetype, headers={"Cache-Control": "private, no-cache"})


@bp.get("/studio/<int:episode_id>/overlay")
@public
def overlay_page(episode_id):
    """The broadcast overlay: transparent, for OBS / vMix browser inputs (may be framed)."""
    episode = _keyed(episode_id)
    # ?only=scoreboard,lower: this page shows those graphics only (one vMix / OBS input each).
    only = [name for name in request.args.get("only", "").split(",")[:len(GRAPHICS)]
            if name in GRAPHICS]
    response = current_app.make_response(render_template(
        "gameshow/overlay.html", episode=episode, key=request.args["k"], only=only))
    return frameable(response, current_app.config["OVERLAY_FRAME_ANCESTORS"])


@bp.get("/studio/seat/<token>")
@public
def seat_page(token):
    """A contestant's buzzer: one huge button (and an answer box in typed rounds)."""
    found = read_seat_token(token)
    if found is None:
        abort(404)
    episode = db.get_or_404(Episode, found[0])
    if found[2] != episode.link_version:
        abort(404)
    if link_expired(episode.finished_at):
        abort(410)
    return render_template("gameshow/seat.html", episode=episode, seat=found[1], token=token)


@bp.post("/shows/<int:episode_id>/links/rotate")
@requires("contests.run")
def episode_rotate_links(episode_id):
    """New studio, overlay, feed and seat links; the old ones stop working at once."""
    episode = _own(episode_id)
    service.rotate_links(episode)
    flash(_("Đã đổi mọi đường dẫn của chương trình: đường dẫn cũ không còn dùng được."),
          "success")
    return redirect(url_for(".episode_page", episode_id=episode.id))


# ----------------------------------------------------------------- data feed
def _feed_values(episode: Episode) -> tuple[dict, dict]:
    live = studio_of(current_app).get(episode.id) if episode.status == "live" else None
    if live is not None:
        view, audience = public_view(live.show), live.audience_state
    elif episode.snapshot is not None:
        view, audience = public_view(episode.show()), None
    else:
        abort(404)
    now = registry_of(current_app).clock()
    return view, feed.fields(view, audience, now)


def _feed_response(response: Response) -> Response:
    """No caching, and CORS for the origins QUIZAPP_FEED_CORS_ORIGINS lists (HTML templates)."""
    response.headers["Cache-Control"] = "no-store"
    allowed = current_app.config["FEED_CORS_ORIGINS"]
    origin = request.headers.get("Origin")
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin and origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    return response


@bp.get("/studio/<int:episode_id>/feed.json")
@public
def feed_json(episode_id):
    view, values = _feed_values(_keyed(episode_id))
    return _feed_response(jsonify({"fields": values, "state": view}))


@bp.get("/studio/<int:episode_id>/feed-vmix.json")
@public
def feed_vmix(episode_id):
    """vMix's JSON data source: an array of flat rows, one per contestant (``rows=one``: one)."""
    _, values = _feed_values(_keyed(episode_id))
    body = [values] if request.args.get("rows") == "one" else feed.rows(values)
    return _feed_response(jsonify(body))


@bp.get("/studio/<int:episode_id>/feed.xml")
@public
def feed_xml(episode_id):
    _, values = _feed_values(_keyed(episode_id))
    body = feed.xml_caspar(values) if request.args.get("format") == "caspar" else \
        feed.xml(values)
    return _feed_response(Response(body, mimetype="application/xml"))
