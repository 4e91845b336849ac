"""The games this process is running: load, restore after a restart, and apply commands.

The registry is a cache of what the database holds (snapshots, players, answers): a restarted
server rebuilds each game from its last snapshot and replays the joins and answers stored
after it (DESIGN rule 5). Commands are applied under the game's lock.
"""

import threading
from dataclasses import dataclass, field

from quizapp.contests.models import Answer, Game, Player
from quizapp.engine import (
    AnswerAccepted,
    End,
    GameFinished,
    GameStarted,
    InvalidCommand,
    Join,
    Kick,
    LeaderboardShown,
    Next,
    Paused,
    QuestionClosed,
    QuestionOpened,
    QuestionPreviewed,
    Rename,
    Resumed,
    Revealed,
    Skip,
    SubmitAnswer,
    Tick,
    TimeAdded,
)
from quizapp.engine import Game as EngineGame
from quizapp.extensions import db
from quizapp.live import persistence
from quizapp.live.clock import now_ms

# Events after which the engine's state is saved (its phase or its timer changed).
SNAPSHOT_EVENTS = (GameStarted, QuestionPreviewed, QuestionOpened, QuestionClosed, Revealed,
                   LeaderboardShown, GameFinished, Paused, Resumed, TimeAdded)
# Host commands that may lead to a reveal: stored answers must be complete before them.
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
    lock: threading.RLock = field(default_factory=threading.RLock)
    host_dirty: bool = False
    screen_dirty: bool = False
    players_dirty: bool = False
    last_coalesced_ms: int = 0
    code_window: int = -1  # the join-code window last announced to the screen
    banned: set = field(default_factory=set)  # nicknames the host banned (accent-folded)

    @property
    def finished(self) -> bool:
        return self.engine.phase.value == "finished"


@dataclass
class Connection:
    game_id: int
    player_key: str


class Registry:
    """Live games by id and PIN, and which player each socket is."""

    def __init__(self, app):
        self.app = app
        self.writer = persistence.AnswerWriter(app)
        self.clock = now_ms
        self.games: dict[int, LiveGame] = {}
        self.connections: dict[str, Connection] = {}
        self._lock = threading.Lock()
        # Without the background ticker (tests), answers are stored before the ack directly.
        self.batch_answers = app.config.get("LIVE_BATCH_ANSWERS", True)
        # Set when several workers share the games (a message queue): see cluster.py.
        self.cluster = None

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
                live = LiveGame(id=row.id, pin=row.pin, contest_id=row.contest_id,
                                host_id=row.host_id, engine=restore(row),
                                options=dict(row.contest.options or {}))
                self.games[game_id] = live
        return live

    def by_pin(self, pin: str) -> LiveGame | None:
        row = Game.query.filter_by(pin=pin).first()
        return self.get(row.id) if row else None

    def forget(self, game_id: int) -> None:
        self.games.pop(game_id, None)

    # ------------------------------------------------------------------ commands
    def apply(self, live: LiveGame, command, submitted=None):
        """Apply a command under the game's lock; return (events, answer ticket or None).

        Raises the engine's InvalidCommand unchanged (the caller turns it into an error ack).
        """
        if isinstance(command, FLUSH_BEFORE):
            self.writer.flush()
        ticket = None
        with live.lock:
            now = self.clock()
            events = live.engine.handle(command, now)
            for event in events:
                if isinstance(event, AnswerAccepted):
                    ticket = self.writer.submit(live.id, event, submitted or {})
            if any(isinstance(event, SNAPSHOT_EVENTS) for event in events):
                self.writer.flush()
                persistence.save_snapshot(live.id, live.engine, now)
        if ticket is not None and not self.batch_answers:
            self.writer.flush()
        if live.finished:
            self.forget(live.id)
        return events, ticket

    def due_games(self, now: int):
        """Return the games whose next deadline has passed (the ticker sends them a Tick)."""
        return [live for live in list(self.games.values())
                if live.engine.next_deadline_ms is not None
                and live.engine.next_deadline_ms <= now]


def restore(row: Game) -> EngineGame:
    """Rebuild a game's engine: its last snapshot, then the joins and answers stored after it."""
    engine = EngineGame.restore(row.snapshot)
    replay = []
    for player in Player.query.filter_by(game_id=row.id):
        if player.player_key not in engine.players:
            replay.append((player.joined_ms, 0, Join(player.player_key, player.nickname,
                                                     player.school_name, player.class_name)))
    for answer in Answer.query.filter_by(game_id=row.id).order_by(Answer.received_ms):
        replay.append((answer.received_ms, 1, SubmitAnswer(answer.player_key,
                                                           answer.question_id,
                                                           **answer.submitted)))
    for at_ms, _, command in sorted(replay, key=lambda item: (item[0], item[1])):
        if isinstance(command, SubmitAnswer) and _already_counted(engine, command):
            continue
        try:
            engine.handle(command, at_ms)
        except InvalidCommand:
            continue  # e.g. a join the engine refused at the time; it was never acknowledged
    for player in Player.query.filter_by(game_id=row.id):
        state = engine.players.get(player.player_key)
        if state is None:
            continue
        if player.kicked and not state.kicked:
            engine.handle(Kick(player.player_key), engine.clock_ms)
        elif state.nickname != player.nickname:
            engine.handle(Rename(player.player_key, player.nickname), engine.clock_ms)
    return engine


def _already_counted(engine: EngineGame, command: SubmitAnswer) -> bool:
    for run in engine.runs:
        if run.question_id == command.question_id:
            return command.player_id in run.answers
    return False


def registry_of(app) -> Registry:
    return app.extensions["quizapp.live"]
