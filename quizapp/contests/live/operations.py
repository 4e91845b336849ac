"""What the owner of a game does for a request: join, answer, resume, host commands, views.

These run where the game's engine lives (this process, or the owning worker when several
share the load: see authority.py). Each returns a JSON-ready dict, or raises Refused or the
engine's InvalidCommand; nothing here knows which socket asked.
"""

from quizapp.contests.live import nicknames
from quizapp.contests.live.joincode import join_code
from quizapp.contests.live.persistence import release_connection, update_player
from quizapp.contests.live.tally import applied_count
from quizapp.engine import (
    AddTime,
    End,
    InvalidCommand,
    Join,
    Kick,
    Next,
    OpenQuestion,
    Pause,
    RemoveChoices,
    Rename,
    Resume,
    Skip,
    Start,
    SubmitAnswer,
    audience_view,
    find_players,
    host_view,
    player_view,
    screen_view,
)
from quizapp.engine.folding import name_key
from quizapp.live.handlers import Refused


def _live(registry, game_id):
    live = registry.get(game_id)
    if live is None:
        raise Refused("unknown_game")
    return live


def _stored(ticket) -> None:
    """Wait until the input is in the database (it is acknowledged only then)."""
    release_connection()
    if ticket is not None and not ticket.wait():
        raise Refused("storage_failed")


def join(registry, game_id, player_key, nickname, school_name, class_name, record,
         origin=None, stored_at_origin=False):
    """Add a player; return their cleaned nickname and state.

    `record`: what the adapter learnt of the player's school and identity (school_id,
    school_source, roster_entry_id, group_members), stored with the player. `origin`: the
    worker the phone is connected to (dispatch.worker_address), which builds its blocks.
    With `stored_at_origin` that worker stores the player's row (returned as "row"): the
    owner only admits the player (tally.py, "joins where they arrive").
    """
    live = _live(registry, game_id)
    if name_key(nickname) in live.banned:
        raise Refused("nickname_banned")
    generated = live.options.get("nickname_policy") == "generated"
    for attempt in range(5):
        try:
            ticket = registry.run(live, Join(player_key, nickname, school_name, class_name),
                                  record, store_input=not stored_at_origin)
            break
        except InvalidCommand as refused:
            if refused.code == "nickname_taken" and generated and attempt < 4:
                nickname = nicknames.generated_nickname()
                continue
            raise
    if not stored_at_origin:
        release_connection()  # before flushing: the flush takes a connection of its own
        if ticket is not None and not ticket.stored:
            registry.writer.flush_soon()
        _stored(ticket)
    _held_by(live, player_key, origin)
    result = {"state": player_view(live.engine, player_key, registry.clock()),
              "streak": _streak(live, player_key)}
    if stored_at_origin:
        result["row"] = ticket.row
    return result


def resume(registry, game_id, player_key, origin=None):
    live = _live(registry, game_id)
    player = live.engine.players.get(player_key)
    if player is None:
        raise Refused("invalid_token")
    if player.kicked:
        raise Refused("player_kicked")
    run = live.engine.run
    if registry.tallies is not None and run is not None and player_key not in run.answers:
        # an answer a worker stored and acknowledged, whose tally has not come (or never
        # will: that worker died): the phone sees it counted
        registry.tallies.merge_stored(live, players=[player_key])
    _held_by(live, player_key, origin)
    return {"state": player_view(live.engine, player_key, registry.clock()),
            "streak": _streak(live, player_key)}


def _streak(live, player_key) -> list:
    """The player's streak and the number of questions applied (tally.py: a worker scores
    the phone's answers with it until the next reveal)."""
    return [live.engine.players[player_key].streak, applied_count(live.engine)]


def _held_by(live, player_key, origin) -> None:
    """Remember which worker holds the phone (a reconnected phone moves to its new one)."""
    if isinstance(origin, str):
        live.holders[player_key] = origin
    else:
        live.holders.pop(player_key, None)


def answer(registry, game_id, player_key, question_id, fields):
    """Count an answer; return once it is stored (DESIGN rule 5)."""
    live = _live(registry, game_id)
    ticket = registry.run(live, SubmitAnswer(player_key, question_id, **fields), fields)
    if ticket is None:
        raise Refused("storage_failed")
    _stored(ticket)
    return {"received_ms": ticket.row["received_ms"]}


HOST_COMMANDS = {
    "start": lambda a: Start(), "next": lambda a: Next(), "pause": lambda a: Pause(),
    "resume": lambda a: Resume(), "skip": lambda a: Skip(), "end": lambda a: End(),
    "add_time": lambda a: AddTime(a["seconds"]), "kick": lambda a: Kick(a["player_id"]),
    "ban": lambda a: Kick(a["player_id"]),
    "rename": lambda a: Rename(a["player_id"], a["nickname"]),
    "open_question": lambda a: OpenQuestion(a["question_id"]),
    "remove_choices": lambda a: RemoveChoices(a["question_id"], tuple(a["choices"])),
}


def host_command(registry, game_id, name, args):
    live = _live(registry, game_id)
    command = HOST_COMMANDS[name](args)
    if name == "ban":
        player = live.engine.players.get(command.player_id)
        if player is not None:
            registry.ban(live, name_key(player.nickname))
    registry.run(live, command)
    if isinstance(command, (Kick, Rename)):
        player = live.engine.players[command.player_id]
        update_player(live.id, command.player_id, kicked=player.kicked, nickname=player.nickname)
    return {"phase": live.engine.phase.value, "paused": live.engine.paused}


def view(registry, game_id, role):
    """Return the host or screen state (and the current join code when that step is on)."""
    live = _live(registry, game_id)
    now = registry.clock()
    state = host_view(live.engine, now) if role == "host" else screen_view(live.engine, now)
    result = {"state": state, "pin": live.pin}
    if live.options.get("join_code"):
        result["join_code"] = join_code(registry.app.config["SECRET_KEY"], live.id, now)
    return result


def find(registry, game_id, text):
    """Return the host rows of the players whose nickname contains `text`."""
    return {"players": find_players(_live(registry, game_id).engine, text)}


def audience(registry, game_id, poll=False):
    """Return what a TV show puts on air about its audience game (no answer in it)."""
    live = _live(registry, game_id)
    return {"state": audience_view(live.engine, bool(poll)), "pin": live.pin}


OPERATIONS = {"join": join, "resume": resume, "answer": answer, "host_command": host_command,
              "view": view, "find": find, "audience": audience}
