"""The games this process is running: load, restore after a restart, and apply commands.

The registry is a cache of what the database holds: a snapshot of each game (taken when it
opens, after each question and when it ends) and every input after it — joins, answers, host
commands and timer ticks, numbered in the order the game handled them. A restarted server
rebuilds a game from its snapshot and replays the later inputs in that order; the engine being
deterministic, it reaches the same state (DESIGN rule 5). Commands are applied under the
game's lock.
"""

import threading
from dataclasses import dataclass, field

from quizapp.contests.live import persistence, tally
from quizapp.contests.live.gameinfo import PinCache
from quizapp.contests.models import Answer, Game, GameCommand, Player
from quizapp.engine import (
    AcceptScored,
    AnswerAccepted,
    End,
    GameFinished,
    GameStarted,
    InvalidCommand,
    Join,
    LeaderboardShown,
    Next,
    Skip,
    SubmitAnswer,
    Tick,
)
from quizapp.engine import Game as EngineGame
from quizapp.engine import commands as engine_commands
from quizapp.extensions import db
from quizapp.live import dispatch
from quizapp.live.clock import now_ms
from quizapp.live.gcpolicy import GcPolicy

# After these the engine state is saved: it bounds how much a restart has to replay.
SNAPSHOT_EVENTS = (LeaderboardShown, GameFinished)
# Commands that may lead to a reveal: stored answers must be complete before them.
FLUSH_BEFORE = (Next, Skip, End, Tick)


@dataclass
class LiveGame:
    """One game in memory: the engine, its lock, and what the dispatcher still owes."""

    id: int
    pin: str | None
    contest_id: int
    host_id: int
    engine: EngineGame
    options: dict
    seq: int = 0  # the number of the last input the game handled
    lock: threading.RLock = field(default_factory=threading.RLock)
    host_dirty: bool = False
    screen_dirty: bool = False
    players_dirty: bool = False
    last_coalesced_ms: int = 0  # host and screen
    last_lobby_ms: int = 0
    code_window: int = -1  # the join-code window last announced to the screen
    banned: set = field(default_factory=set)  # name_key of each nickname the host banned
    # player -> the worker their phone joined or resumed through (dispatch.send_me_blocks)
    holders: dict = field(default_factory=dict)
    # (the question's run, {player: `me` row}) last sent to the phones (send_me_blocks)
    me_sent: tuple = (None, {})
    seal_rows: set = field(default_factory=set)  # questions whose answer_seal row exists

    @property
    def finished(self) -> bool:
        return self.engine.phase.value == "finished"


@dataclass
class Connection:
    game_id: int
    player_key: str


class Registry:
    """Live games by id, and which player each socket of this process is."""

    def __init__(self, app):
        self.app = app
        self.writer = persistence.BatchWriter(app)
        self.gc_policy = GcPolicy()
        self.clock = now_ms
        self.games: dict[int, LiveGame] = {}
        self.pins = PinCache()  # joins look their game up here, not in the database
        self.connections: dict[str, Connection] = {}
        self._lock = threading.Lock()
        # Without the background ticker (tests), rows are stored before the ack directly.
        self.batch_answers = app.config["LIVE_BATCH_ANSWERS"]
        # Set when several workers share the games (a message queue): see cluster.py.
        self.cluster = None
        # Set when those workers count answers where they arrive: see tally.py.
        self.tallies = None

    def status(self) -> dict:
        """This worker's id and whether the message queue answers (for the health check)."""
        queue = None
        if self.app.config["MESSAGE_QUEUE"]:
            queue = "ok" if self.cluster is None or self.cluster.healthy() else "unreachable"
        return {"message_queue": queue,
                "worker": self.cluster.worker_id if self.cluster else "single"}

    # ------------------------------------------------------------------ loading
    def get(self, game_id: int) -> LiveGame | None:
        """Return the live game, restoring it from the database if this process lacks it."""
        live = self.games.get(game_id)
        if live is not None:
            return live
        with self._lock:
            live = self.games.get(game_id)
            if live is None:
                row = db.session.get(Game, game_id)
                if row is None or row.snapshot is None:
                    return None
                live = restore(row)
                self.games[game_id] = live
                restored = True
            else:
                restored = False
        if restored and self.tallies is not None:
            # answers its workers stored whose tallies the last owner never counted
            self.tallies.merge_stored(live)
        return live

    def forget(self, game_id: int) -> None:
        self.games.pop(game_id, None)

    # ------------------------------------------------------------------ commands
    def run(self, live: LiveGame, command, record=None, store_input=True):
        """Apply a command, send what changed, keep the snapshot; return the row's ticket.

        `record`: for SubmitAnswer the answer as sent, for Join the player's school and
        identity (a dict, see operations.join). With `store_input=False` a Join's row is not
        queued here: the ticket only carries it (the phone's worker stores it). Raises the
        engine's InvalidCommand unchanged (the caller turns it into an error ack).
        """
        if isinstance(command, FLUSH_BEFORE):
            self.writer.flush()
        if self.tallies is not None and self.tallies.reveals(live, command):
            self.tallies.merge_stored(live, seal=True)
        ticket, snapshot, logged = None, None, None
        with live.lock:
            now = self.clock()
            events = live.engine.handle(command, now)
            if events:
                live.seq += 1
                ticket = self._keep_input(live, command, record, events, now, store_input)
                if ticket is None:
                    logged = (live.id, live.seq, now,
                              tally.accept_record(command) if isinstance(command, AcceptScored)
                              else persistence.command_record(command))
            if any(isinstance(event, SNAPSHOT_EVENTS) for event in events):
                self.writer.flush()  # the snapshot must not count answers not yet stored
                snapshot = (live.engine.snapshot_json(), live.seq, now,
                            persistence.final_standings(live.engine) if live.finished
                            else None)
        if self.tallies is not None and events:
            self.tallies.announce(live, events)
        dispatch.publish(live, events, self.clock())
        if logged is not None:
            # A host command or a tick is written after the phones were sent what it changed
            # (a reveal's first phone waited for this commit), and before the host's ack. A
            # crash in between leaves the game one step back on restart, which the host
            # repeats; no answer depends on it (they are stored before any reveal: FLUSH_BEFORE).
            persistence.log_command(*logged)
        if snapshot is not None:
            persistence.save_snapshot(live.id, *snapshot)
        if any(isinstance(event, GameStarted) for event in events):
            persistence.mark_started(live.id)
        if ticket is not None and store_input and not self.batch_answers:
            self.writer.flush()
        if live.finished:
            self.pins.forget(live.pin)
            self.forget(live.id)
        return ticket

    def _keep_input(self, live, command, record, events, now, store=True):
        """Queue a join or an answer for the batch writer, numbered (under the game's lock);
        None for any other command (the caller logs it)."""
        if isinstance(command, SubmitAnswer):
            accepted = next(e for e in events if isinstance(e, AnswerAccepted))
            return self.writer.add_answer(live.id, live.seq, accepted, record or {})
        if isinstance(command, Join):
            row = persistence.player_row(live.id, live.seq,
                                         live.engine.players[command.player_id], record)
            return self.writer.add_player_row(row) if store else \
                persistence.Ticket(Player, row, None)
        return None

    def ban(self, live: LiveGame, nickname_key: str) -> None:
        """Refuse a nickname for the rest of the game (kept in the command log)."""
        with live.lock:
            live.banned.add(nickname_key)
            live.seq += 1
            persistence.log_command(live.id, live.seq, self.clock(),
                                    {"type": "Ban", "nickname": nickname_key})

    def due_games(self, now: int):
        """Return the games whose next deadline has passed (the ticker sends them a Tick)."""
        return [live for live in list(self.games.values())
                if live.engine.next_deadline_ms is not None
                and live.engine.next_deadline_ms <= now]


def restore(row: Game) -> LiveGame:
    """Rebuild a game: its last snapshot, then every input after it, in the order it came."""
    engine = EngineGame.restore(row.snapshot)
    live = LiveGame(id=row.id, pin=row.pin, contest_id=row.contest_id, host_id=row.host_id,
                    engine=engine, options=dict(row.contest.options or {}),
                    seq=row.snapshot_seq)
    after = row.snapshot_seq
    inputs = []
    for player in Player.query.filter(Player.game_id == row.id, Player.seq > after):
        inputs.append((player.seq, player.joined_ms, Join(
            player.player_key, player.nickname, player.school_name, player.class_name)))
    for answer in Answer.query.filter(Answer.game_id == row.id, Answer.seq > after):
        inputs.append((answer.seq, answer.received_ms, SubmitAnswer(
            answer.player_key, answer.question_id, **answer.submitted)))
    for logged in GameCommand.query.filter(GameCommand.game_id == row.id,
                                           GameCommand.seq > after):
        inputs.append((logged.seq, logged.at_ms, logged.command))
    for seq, at_ms, command in sorted(inputs, key=lambda item: item[0]):
        live.seq = max(live.seq, seq)
        if isinstance(command, dict):
            if command["type"] == "Ban":
                live.banned.add(command["nickname"])
                continue
            if command["type"] == "AcceptStored":  # answers its workers scored and stored
                command = tally.stored_answers(row.id, command["question_id"],
                                               command["players"])
            else:
                fields = {k: v for k, v in command.items() if k != "type"}
                command = getattr(engine_commands, command["type"])(**fields)
        try:
            engine.handle(command, at_ms)
        except InvalidCommand:
            continue  # refused when it came too; it was never acknowledged
    return live


def registry_of(app) -> Registry:
    return app.extensions["quizapp.live"]
