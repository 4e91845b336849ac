"""Presets and episodes: create, validate, and turn them into an engine show.

Everything a producer types is checked by building the engine's ``Show`` from it; the errors
come back with their file line (loading.py).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask_babel import gettext as _

from quizapp.bank.formats.question import FormatError, ImportRejected
from quizapp.contests.models import Contest, ContestQuestion
from quizapp.core.permissions import owned, owns
from quizapp.engine import InvalidGame
from quizapp.engine.show import ContentError, PresetError, Show
from quizapp.engine.show.content import RESERVES, iter_questions
from quizapp.engine.texts import render
from quizapp.extensions import db
from quizapp.gameshow.loading import read_content, read_preset
from quizapp.gameshow.models import Episode, ShowPreset
from quizapp.live.tokens import seat_token, studio_key, studio_key_valid

PRESET_DIR = Path(__file__).parent / "presets"
EPISODE_DIR = Path(__file__).parent / "episodes"
AUDIENCE_MIN_S, AUDIENCE_MAX_S, AUDIENCE_UNTIMED_S = 15, 240, 60
MAX_NAME = 60


class EpisodeError(Exception):
    """An episode that cannot be saved; ``errors`` are FormatErrors (file, line, field)."""

    def __init__(self, errors: list[FormatError]) -> None:
        super().__init__("; ".join(e.describe() for e in errors))
        self.errors = errors


def builtin_presets() -> dict[str, str]:
    """The shipped presets: {slug: YAML text}."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(
        PRESET_DIR.glob("*.yaml"))}


def preset_choices() -> list[tuple[str, str]]:
    """Every preset a producer may start an episode from: shipped first, then their copies."""
    import yaml
    shipped = [(slug, yaml.safe_load(text)["name"]) for slug, text in builtin_presets().items()]
    copies = [(p.slug, p.name) for p in ShowPreset.query.order_by(ShowPreset.name)]
    return shipped + copies


def preset_text(slug: str) -> str | None:
    stored = ShowPreset.query.filter_by(slug=slug).first()
    return stored.yaml_text if stored else builtin_presets().get(slug)


def may_edit_preset(user, preset: ShowPreset | None) -> bool:
    """Every producer may read and use any preset; only its owner (or an admin) may change it,
    or everyone when the owner allowed it. A new code is free for anyone to take."""
    return preset is None or owns(user, preset) or preset.others_may_edit


def save_preset(slug: str, text: str, user, others_may_edit: bool | None = None) -> ShowPreset:
    """Store a producer's preset under ``slug``; raise ImportRejected with each line's error.

    ``others_may_edit`` (None: unchanged) is honoured for the owner and admins only.
    """
    from quizapp.engine.show.preset import KEY_PATTERN
    if not KEY_PATTERN.match(slug or "") or slug in builtin_presets():
        raise ImportRejected([FormatError("preset.yaml", None, "slug",
                                          _("mã chỉ gồm a-z, 0-9, '-' và không trùng mẫu có sẵn"))])
    preset = ShowPreset.query.filter_by(slug=slug).first()
    if not may_edit_preset(user, preset):
        raise ImportRejected([FormatError("preset.yaml", None, "slug",
                                          _("thể thức này của người khác: lưu dưới một mã mới"))])
    data = read_preset(text)
    if preset is None:
        preset = ShowPreset(slug=slug, owner_id=user.id, others_may_edit=False)
    preset.name, preset.yaml_text, preset.updated_by_id = data["name"], text, user.id
    if others_may_edit is not None and owns(user, preset):
        preset.others_may_edit = others_may_edit
    db.session.add(preset)
    db.session.commit()
    return preset


# Demo contents by preset slug: a fixed table, so no request value ever becomes a file path.
DEMO_CONTENT = {"olympia": "olympia-demo.yaml", "millionaire": "millionaire-demo.yaml",
                "millionaire-fff": "millionaire-fff-demo.yaml", "quiz-bowl": "quiz-bowl-demo.yaml"}


def demo_content(slug: str) -> str:
    """The demo content shipped for a preset (what a new episode's editor starts with)."""
    name = DEMO_CONTENT.get(slug)
    return (EPISODE_DIR / name).read_text(encoding="utf-8") if name else "rounds:\n"


def contestant_message(invalid: InvalidGame) -> str:
    """The engine names what is wrong with the contestants by a code and numbers; we word it."""
    if invalid.code == "contestants_count":
        return _("thể thức này cần %(seats)d thí sinh", **invalid.params)
    if invalid.code == "contestant_name":
        return _("thí sinh %(seat)d: cần họ tên từ 1 đến 60 ký tự", **invalid.params)
    return invalid.message


def build_show(preset_yaml: str, content_yaml: str, contestants: list[dict], seed: int) -> Show:
    """Build the engine show an episode describes; raise EpisodeError naming each problem."""
    try:
        preset = read_preset(preset_yaml)
        document, content = read_content(content_yaml)
    except ImportRejected as rejected:
        raise EpisodeError(rejected.errors) from None
    try:
        return Show.create(preset, content, contestants, seed=seed)
    except ContentError as invalid:
        raise EpisodeError(document.rejected(invalid.problems).errors) from None
    except PresetError as invalid:
        raise EpisodeError([FormatError("", None, path, render(message, _))
                            for path, message in invalid.problems]) from None
    except InvalidGame as invalid:
        raise EpisodeError([FormatError("", None, "contestants", contestant_message(invalid))]
                           ) from None


def clean_contestants(names: list[str], schools: list[str]) -> list[dict]:
    return [{"name": (name or "").strip()[:MAX_NAME], "school": (school or "").strip()[:100]}
            for name, school in zip(names, schools, strict=False)]


def episode_rules(episode: Episode | None, preset_slug: str, refresh: bool = False) -> str | None:
    """The rules an episode saves with: its own copy while it keeps its preset (so a later
    change to the preset never reaches it unnoticed), else the preset as it is now."""
    if episode is not None and episode.preset_slug == preset_slug and not refresh:
        return episode.preset_yaml
    return preset_text(preset_slug)


def save_episode(user, title: str, preset_slug: str, content_yaml: str,
                 contestants: list[dict], episode: Episode | None = None,
                 refresh_rules: bool = False) -> Episode:
    """Create or update a draft episode once the engine accepts it.

    A draft keeps the copy of the rules it was first saved with unless ``refresh_rules`` asks
    for the preset's current text (or another preset is chosen).
    """
    if episode is not None and episode.status != "draft":
        raise EpisodeError([FormatError("", None, "status", _("chương trình đã phát sóng"))])
    preset_yaml = episode_rules(episode, preset_slug, refresh_rules)
    if preset_yaml is None:
        raise EpisodeError([FormatError("", None, "preset", _("không có mẫu chương trình này"))])
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise EpisodeError([FormatError("", None, "title",
                                         _("cần tên chương trình (≤ 200 ký tự)"))])
    seed = episode.seed if episode else secrets.randbits(48)
    show = build_show(preset_yaml, content_yaml, contestants, seed)
    episode = episode or Episode(created_by_id=user.id, seed=seed)
    episode.title, episode.preset_slug, episode.preset_yaml = title, preset_slug, preset_yaml
    episode.content_yaml, episode.contestants = content_yaml, contestants
    episode.snapshot, episode.seq = show.snapshot(), 0
    db.session.add(episode)
    db.session.commit()
    return episode


def audience_contest(episode: Episode, show: Show, host) -> Contest:
    """A contest holding the questions viewers play along with (rounds marked audience)."""
    contest = Contest(title=_("Khán giả: %(title)s", title=episode.title)[:200],
                      host_id=host.id,
                      options={"preview_ms": 0, "shuffle_answers": False, "late_join": True,
                               "streak_bonus": False, "max_players": 50_000})
    position = 0
    for rules in show.preset.rounds:
        if not rules.audience:
            continue
        seconds = rules.settings.get("time_s") or 0
        limit = min(AUDIENCE_MAX_S, max(AUDIENCE_MIN_S, seconds)) if seconds else \
            AUDIENCE_UNTIMED_S
        reserves = show.content.get(RESERVES, {}).get(rules.key, [])  # may stand in on a void
        for question in [*iter_questions({rules.key: show.content[rules.key]}), *reserves]:
            contest.questions.append(ContestQuestion(question_id=question.id, position=position,
                                                     time_limit_s=limit))
            position += 1
    db.session.add(contest)
    db.session.flush()
    return contest


def start_episode(episode: Episode, host) -> Episode:
    """Put a draft on air: rebuild it from the bank as it is now, open the audience game."""
    from flask import current_app

    from quizapp.contests.live.games import open_game
    from quizapp.contests.live.registry import registry_of
    if episode.status != "draft" or episode.rehearsal_of_id is not None:
        raise EpisodeError([FormatError("", None, "status", _("chương trình đã lên sóng"))])
    show = build_show(episode.preset_yaml, episode.content_yaml, episode.contestants,
                      episode.seed)
    for rehearsal in Episode.query.filter_by(rehearsal_of_id=episode.id, status="live"):
        rehearsal.status, rehearsal.finished_at = "finished", db.func.now()  # on air for real
    contest = audience_contest(episode, show, host)
    game = open_game(contest, host)
    episode.audience_game_id = game.id
    episode.snapshot = episode.start_snapshot = show.snapshot()
    episode.status, episode.seq, episode.started_at = "live", 0, db.func.now()
    episode.on_air_ms = registry_of(current_app).clock()  # where a start timecode counts from
    db.session.commit()
    return episode


def start_rehearsal(episode: Episode, host) -> Episode:
    """Put a live copy of a draft on the studio pages, without an audience game.

    Any earlier rehearsal of the draft is ended first (its record stays readable), so
    "rehearse again" is a reset. The draft itself stays a draft.
    """
    from flask import current_app

    from quizapp.contests.live.registry import registry_of
    if episode.status != "draft" or episode.rehearsal_of_id is not None:
        raise EpisodeError([FormatError("", None, "status", _("chỉ tập dượt được bản nháp"))])
    show = build_show(episode.preset_yaml, episode.content_yaml, episode.contestants,
                      episode.seed)
    for old in Episode.query.filter_by(rehearsal_of_id=episode.id, status="live"):
        old.status, old.finished_at = "finished", db.func.now()
    copy = Episode(title=_("Tập dượt: %(title)s", title=episode.title)[:200],
                   preset_slug=episode.preset_slug,
                   preset_yaml=episode.preset_yaml, content_yaml=episode.content_yaml,
                   contestants=episode.contestants, seed=episode.seed,
                   created_by_id=episode.created_by_id, staff=dict(episode.staff or {}),
                   timecode_fps=episode.timecode_fps, timecode_start=episode.timecode_start,
                   rehearsal_of_id=episode.id, status="live", seq=0, started_at=db.func.now(),
                   on_air_ms=registry_of(current_app).clock())
    copy.snapshot = copy.start_snapshot = show.snapshot()
    db.session.add(copy)
    db.session.commit()
    return copy


def rehearsal_of(episode: Episode) -> Episode | None:
    """The draft's rehearsal on the studio pages now, if any."""
    return Episode.query.filter_by(rehearsal_of_id=episode.id, status="live").first()


def episodes_for(user):
    return owned(Episode.query.order_by(Episode.id.desc()), Episode, user)


STAFF_ROLES = ("mc", "judge", "keys")


def may_staff(user, episode: Episode, role: str) -> bool:
    """May ``user`` open the ``role`` console (mc, judge, keys) of ``episode``?

    A role assigned to an account is that account's alone, so the record names who judged;
    a role nobody is assigned to is the producer's (the episode's creator or an admin).
    """
    if role not in STAFF_ROLES or not getattr(user, "is_authenticated", False):
        return False
    assigned = (episode.staff or {}).get(role)
    if assigned:
        return user.username == assigned and user.active
    return owns(user, episode)


def set_production(episode: Episode, staff: dict[str, str], fps: int, start: str) -> None:
    """Assign the staff accounts and the record's timecode; raise EpisodeError naming each field.

    Each role gets its own account (one account for two roles is refused: the point is to
    know who did what); an empty name hands the role back to the producer.
    """
    from quizapp.accounts.models import User
    from quizapp.gameshow.timecode import TimecodeError, check_rate, parse
    problems: list[FormatError] = []
    chosen: dict[str, str] = {}
    for role in STAFF_ROLES:
        name = (staff.get(role) or "").strip()
        if not name:
            continue
        user = User.query.filter_by(username=name).first()
        if user is None or not user.active:
            problems.append(FormatError("", None, role,
                                        _("không có tài khoản '%(name)s'", name=name[:64])))
        elif name in chosen.values():
            problems.append(FormatError("", None, role,
                                        _("mỗi vai trò cần một tài khoản riêng")))
        else:
            chosen[role] = name
    try:
        check_rate(fps)
        if start:
            parse(start, fps)
    except TimecodeError as bad:
        problems.append(FormatError("", None, "timecode", str(bad)))
    if problems:
        raise EpisodeError(problems)
    episode.staff, episode.timecode_fps, episode.timecode_start = chosen, fps, start
    db.session.commit()


def seed_demo_episodes(user) -> int:
    """Create a draft episode from each shipped demo content (once); return how many."""
    import yaml
    if Episode.query.count():
        return 0
    created = 0
    for path in sorted(EPISODE_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        seats = parse_seats(preset_text(data["preset"]))
        people = [{"name": p["name"], "school": p["school"]} for p in data["contestants"]]
        save_episode(user, _("%(title)s (mẫu)", title=data["title"]), data["preset"], text,
                     people[:seats])
        created += 1
    return created


def parse_seats(preset_yaml: str | None) -> int:
    """How many contestants a preset seats (4 when it cannot be read yet)."""
    import yaml
    try:
        return int(yaml.safe_load(preset_yaml)["seats"]) if preset_yaml else 4
    except (yaml.YAMLError, KeyError, TypeError, ValueError):
        return 4


def studio_key_of(episode: Episode) -> str:
    """The studio key of the episode's screen, overlay and feed links (current version)."""
    return studio_key(episode.id, episode.link_version)


def seat_token_of(episode: Episode, seat: int) -> str:
    return seat_token(episode.id, seat, episode.link_version)


def studio_key_accepted(episode: Episode, key) -> bool:
    """Whether `key` is the episode's current studio key (a rotated one is not)."""
    return studio_key_valid(episode.id, key, episode.link_version)


def rotate_links(episode: Episode) -> None:
    """Issue new studio and seat links; every earlier one stops working."""
    episode.link_version = (episode.link_version or 0) + 1
    db.session.commit()
