"""A live game: a state machine that turns commands into events.

``game.handle(command, now_ms)`` either applies the command and returns the events, or raises
``InvalidCommand`` and leaves the game exactly as it was. Time only moves through ``now_ms``
(a clock that goes backwards is read as "no time passed"); randomness only through the
seeded ``random.Random`` stored in the game.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from quizapp.engine import commands as c
from quizapp.engine import events as e
from quizapp.engine.errors import InvalidCommand, InvalidGame
from quizapp.engine.nicknames import check_nickname, clean_nickname, nickname_key
from quizapp.engine.options import GameOptions
from quizapp.engine.phases import Phase
from quizapp.engine.questions import PlayQuestion, build_question, grade
from quizapp.engine.scoring import FAST_ANSWER_MS, answer_points, streak_bonus
from quizapp.engine.snapshot import game_from_dict, game_to_dict, game_to_json
from quizapp.engine.standings import rank_players, team_of
from quizapp.engine.state import Answer, Player, QuestionRun

MAX_FIELD_LENGTH = 100
MAX_ADD_TIME_S = 300


def _check_player_id(player_id: Any) -> None:
    if not isinstance(player_id, str) or not 0 < len(player_id) <= 64:
        raise InvalidCommand("invalid_player", "player_id must be a string of 1-64 characters")


class Game:
    """The state of one live game. Create with ``Game.create``; drive with ``handle``."""

    def __init__(
        self,
        questions: list[PlayQuestion],
        raw_questions: list[dict[str, Any]],
        options: GameOptions,
        rng: random.Random,
    ) -> None:
        self.questions = questions
        self.raw_questions = raw_questions
        self.options = options
        self.rng = rng
        self.phase = Phase.LOBBY
        self.index = -1
        self.players: dict[str, Player] = {}
        self.runs = [QuestionRun(q.id) for q in questions]
        self.clock_ms = 0
        self.deadline_ms: int | None = None  # end of preview / answer time (when running)
        self.paused_remaining_ms: int | None = None  # set while paused
        self.paused_at_ms: int | None = None
        self.join_seq = 0
        self.finish_reason: str | None = None
        self._dispatch = self._handlers()
        self._rebuild_derived()

    # ----------------------------------------------------------------- creation
    @classmethod
    def create(
        cls,
        questions: Sequence[Mapping[str, Any]],
        options: GameOptions | None = None,
        seed: int | random.Random = 0,
    ) -> Game:
        """Build a game in the LOBBY; raise InvalidGame for unplayable questions or options.

        ``questions`` are native-schema dicts plus ``id`` (int, unique), ``time_limit_s``
        (5-240, default 20) and ``points`` (none|standard|double, default standard).
        ``seed`` (or a ``random.Random``) decides the shuffles; it is kept in the game.
        """
        options = options or GameOptions()
        options.validate()
        if not questions:
            raise InvalidGame("no_questions", "a game needs at least one question")
        rng = seed if isinstance(seed, random.Random) else random.Random(seed)
        built = [
            build_question(raw, i, rng, options.shuffle_answers) for i, raw in enumerate(questions)
        ]
        ids = [q.id for q in built]
        if len(set(ids)) != len(ids):
            raise InvalidGame("invalid_question", "question ids must be unique")
        raw_copies = [_plain(raw) for raw in questions]
        return cls(built, raw_copies, options, rng)

    def _rebuild_derived(self) -> None:
        """Recompute the indexes that are not part of a snapshot."""
        self._index_by_id = {q.id: i for i, q in enumerate(self.questions)}
        self._nick_owner = {
            nickname_key(p.nickname): p.player_id for p in self.players.values() if not p.kicked
        }
        self.active_count = sum(1 for p in self.players.values() if not p.kicked)
        # active players who answered the current question (kept up to date, O(1) per answer)
        self.answered_count = self.active_answered(self.runs[self.index]) if self.index >= 0 else 0
        self._standings: list[Player] | None = None
        self._ranks: dict[str, int] | None = None
        self._memo: dict[Any, Any] = {}  # views' cache of final blocks (e.g. a reveal)

    # ----------------------------------------------------------------- queries
    @property
    def question(self) -> PlayQuestion | None:
        """The current question (None in the lobby and when finished)."""
        if self.phase in (Phase.LOBBY, Phase.FINISHED) or self.index < 0:
            return None
        return self.questions[self.index]

    @property
    def run(self) -> QuestionRun | None:
        return self.runs[self.index] if self.question is not None else None

    @property
    def paused(self) -> bool:
        return self.paused_remaining_ms is not None

    @property
    def next_deadline_ms(self) -> int | None:
        """When the adapter should send Tick next (None: nothing is timed now)."""
        if self.paused or self.phase not in (Phase.PREVIEW, Phase.OPEN):
            return None
        return self.deadline_ms

    def limit_ms(self, index: int) -> int:
        """Return the answer time of a question including added time (T in the formula)."""
        return self.questions[index].time_limit_ms + self.runs[index].added_ms

    def active_answered(self, run: QuestionRun) -> int:
        """Return how many active (not kicked) players answered this question."""
        return sum(1 for pid in run.answers if not self.players[pid].kicked)

    def standings(self) -> list[Player]:
        """Return active players best first (cached until scores or players change)."""
        if self._standings is None:
            self._standings = rank_players(self.players.values())
            self._ranks = {p.player_id: i + 1 for i, p in enumerate(self._standings)}
        return self._standings

    def rank_of(self, player_id: str) -> int | None:
        self.standings()
        assert self._ranks is not None
        return self._ranks.get(player_id)

    def team_label(self, player: Player) -> str | None:
        team = team_of(player, self.options.team_mode)
        return team[1] if team else None

    def _changed_standings(self) -> None:
        self._standings = None
        self._ranks = None

    # ----------------------------------------------------------------- handle
    def handle(self, command: c.Command, now_ms: int) -> list[e.Event]:
        """Apply a command at server time ``now_ms``; return events or raise InvalidCommand."""
        if not isinstance(now_ms, int) or isinstance(now_ms, bool) or now_ms < 0:
            raise InvalidCommand("invalid_time", "now_ms must be a non-negative integer")
        handler = self._dispatch.get(type(command))
        if handler is None:
            raise InvalidCommand("unknown_command", f"not a command: {type(command).__name__}")
        if self.phase is Phase.FINISHED and not isinstance(command, c.Tick):
            raise InvalidCommand("game_finished", "the game is over")
        now = max(now_ms, self.clock_ms)
        deadline_before = self.next_deadline_ms
        events = handler(command, now)
        self.clock_ms = now
        if self.next_deadline_ms != deadline_before:
            events.append(e.DeadlineSet(self.next_deadline_ms))
        return events

    def _handlers(self) -> dict[type, Callable[[Any, int], list[e.Event]]]:
        return {
            c.Join: self._join,
            c.SubmitAnswer: self._submit,
            c.AcceptScored: self._accept_scored,
            c.Start: self._start,
            c.Next: self._next,
            c.Pause: self._pause,
            c.Resume: self._resume,
            c.Skip: self._skip,
            c.AddTime: self._add_time,
            c.Kick: self._kick,
            c.Rename: self._rename,
            c.End: self._end,
            c.OpenQuestion: self._open_question,
            c.RemoveChoices: self._remove_choices,
            c.Tick: self._tick,
        }

    # ----------------------------------------------------------------- players
    def _checked_nickname(self, raw: Any, player_id: str | None) -> str:
        nickname = clean_nickname(raw)
        problem = check_nickname(nickname, ())
        owner = self._nick_owner.get(nickname_key(nickname))
        if problem is None and owner is not None and owner != player_id:
            problem = "nickname_taken"
        if problem:
            raise InvalidCommand(problem, f"nickname refused: {problem}")
        return nickname

    def _join(self, cmd: c.Join, now: int) -> list[e.Event]:
        _check_player_id(cmd.player_id)
        known = self.players.get(cmd.player_id)
        if known is not None:
            code = "player_kicked" if known.kicked else "already_joined"
            raise InvalidCommand(code, "this player_id is already known to the game")
        if self.phase is not Phase.LOBBY and not self.options.late_join:
            raise InvalidCommand("late_join_closed", "the game has started")
        if self.active_count >= self.options.max_players:
            raise InvalidCommand("game_full", f"at most {self.options.max_players} players")
        nickname = self._checked_nickname(cmd.nickname, None)
        school, class_name = clean_nickname(cmd.school), clean_nickname(cmd.class_name)
        if len(school) > MAX_FIELD_LENGTH or len(class_name) > MAX_FIELD_LENGTH:
            raise InvalidCommand("field_too_long", "school and class: at most 100 characters")
        mode = self.options.team_mode
        if (mode and not school) or (mode == "class" and not class_name):
            raise InvalidCommand("team_required", f"team mode {mode} needs school and class")
        player = Player(cmd.player_id, nickname, school, class_name, self.join_seq, now)
        self.join_seq += 1
        self.players[player.player_id] = player
        self._nick_owner[nickname_key(nickname)] = player.player_id
        self.active_count += 1
        if self._standings is not None and self._ranks is not None:
            # A newcomer has 0 points, no answer time and the latest join: rank_key puts them
            # last, so the cached order stays valid (re-sorting per join is quadratic).
            self._standings.append(player)
            self._ranks[player.player_id] = len(self._standings)
        events: list[e.Event] = [
            e.PlayerJoined(player.player_id, nickname, self.team_label(player), self.active_count)
        ]
        if self.phase is Phase.OPEN:
            events.append(self._count_event())
        return events

    def _active_player(self, player_id: Any, unknown_code: str) -> Player:
        player = self.players.get(player_id) if isinstance(player_id, str) else None
        if player is None:
            raise InvalidCommand(unknown_code, "no such player in this game")
        if player.kicked:
            raise InvalidCommand("not_in_game", "the player was removed from the game")
        return player

    def _kick(self, cmd: c.Kick, now: int) -> list[e.Event]:
        player = self._active_player(cmd.player_id, "unknown_player")
        player.kicked = True
        self.active_count -= 1
        if self.index >= 0 and player.player_id in self.runs[self.index].answers:
            self.answered_count -= 1
        self._nick_owner.pop(nickname_key(player.nickname), None)
        self._changed_standings()
        events: list[e.Event] = [e.PlayerKicked(player.player_id, self.active_count)]
        if self.phase is Phase.OPEN:
            events.append(self._count_event())
            events.extend(self._close_if_all_answered(now))
        return events

    def _rename(self, cmd: c.Rename, now: int) -> list[e.Event]:
        player = self._active_player(cmd.player_id, "unknown_player")
        nickname = self._checked_nickname(cmd.nickname, player.player_id)
        self._nick_owner.pop(nickname_key(player.nickname), None)
        player.nickname = nickname
        self._nick_owner[nickname_key(nickname)] = player.player_id
        self._changed_standings()
        return [e.PlayerRenamed(player.player_id, nickname)]

    # ----------------------------------------------------------------- answers
    def _submit(self, cmd: c.SubmitAnswer, now: int) -> list[e.Event]:
        player = self._active_player(cmd.player_id, "not_in_game")
        index = self._index_by_id.get(cmd.question_id) if _is_int(cmd.question_id) else None
        if index is None or index > self.index:
            raise InvalidCommand("question_not_open", "this question is not open")
        run = self.runs[index]
        if player.player_id in run.answers:
            raise InvalidCommand("already_answered", "one answer per question")
        check_answer_time(index, self.index, self.phase, self.paused, self.deadline_ms, now)
        assert run.opened_ms is not None
        question = self.questions[index]
        graded = grade(question, cmd.choices, cmd.text, cmd.order)
        check_choices(question, graded.displayed, run.removed)
        elapsed = now - run.opened_ms - run.paused_ms
        points, bonus, streak_after = score_answer(
            question, self.options, graded.fraction, graded.correct, elapsed,
            self.limit_ms(index), player.streak,
        )
        points -= bonus
        run.answers[player.player_id] = Answer(
            player.player_id,
            now,
            elapsed,
            graded.answer,
            graded.displayed,
            graded.correct,
            points + bonus,
            bonus,
            streak_after,
        )
        self.answered_count += 1
        if elapsed < FAST_ANSWER_MS and question.kind != "poll":
            player.fast_answers += 1
        events: list[e.Event] = [
            e.AnswerAccepted(
                player.player_id,
                question.id,
                now,
                elapsed,
                graded.answer,
                graded.correct,
                points + bonus,
                bonus,
            ),
            self._count_event(),
        ]
        events.extend(self._close_if_all_answered(now))
        return events

    def _accept_scored(self, cmd: c.AcceptScored, now: int) -> list[e.Event]:
        run = self.runs[self.index] if self.index >= 0 else None
        if run is None or run.applied or self.phase not in (Phase.OPEN, Phase.CLOSED):
            return []
        question = self.questions[self.index]
        accepted = 0
        for scored in cmd.answers:
            player = self.players.get(scored.player_id)
            if player is None or scored.question_id != run.question_id \
                    or scored.player_id in run.answers:
                continue
            streak_after = player.streak
            if question.counts_for_streak:
                streak_after = player.streak + 1 if scored.correct else 0
            bonus = 0
            if scored.correct and question.counts_for_streak and self.options.streak_bonus:
                bonus = min(streak_bonus(streak_after), scored.points)
            run.answers[player.player_id] = Answer(
                player.player_id,
                scored.received_ms,
                scored.elapsed_ms,
                _plain(scored.answer),
                _plain(scored.submitted),
                scored.correct,
                scored.points,
                bonus,
                streak_after,
            )
            if not player.kicked:
                self.answered_count += 1
            if scored.elapsed_ms < FAST_ANSWER_MS and question.kind != "poll":
                player.fast_answers += 1
            accepted += 1
        if not accepted:
            return []
        events: list[e.Event] = [self._count_event()]
        if self.phase is Phase.OPEN:
            events.extend(self._close_if_all_answered(now))
        return events

    def _count_event(self) -> e.AnswerCountChanged:
        run = self.runs[self.index]
        return e.AnswerCountChanged(run.question_id, self.answered_count, self.active_count)

    def _close_if_all_answered(self, now: int) -> list[e.Event]:
        if self.active_count and self.answered_count >= self.active_count:
            return self._close("all_answered", now, scored=True)
        return []

    # ----------------------------------------------------------------- flow
    def _start(self, cmd: c.Start, now: int) -> list[e.Event]:
        if self.phase is not Phase.LOBBY:
            raise InvalidCommand("wrong_phase", "the game has already started")
        if not self.active_count:
            raise InvalidCommand("no_players", "wait for at least one player")
        return [e.GameStarted(len(self.questions)), *self._preview(0, now)]

    def _preview(self, index: int, now: int) -> list[e.Event]:
        self.index = index
        self.answered_count = 0
        self.runs[index].previewed_ms = now
        self._unpause()
        if self.options.preview_ms == 0:
            return self._open(now)
        self.phase = Phase.PREVIEW
        self.deadline_ms = now + self.options.preview_ms
        return [e.QuestionPreviewed(self.questions[index].id, index, self.deadline_ms)]

    def _open(self, now: int) -> list[e.Event]:
        run = self.runs[self.index]
        self._unpause()
        self.phase = Phase.OPEN
        run.opened_ms = now
        self.deadline_ms = now + self.limit_ms(self.index)
        return [e.QuestionOpened(run.question_id, self.index, now, self.deadline_ms)]

    def _close(self, reason: str, now: int, scored: bool) -> list[e.Event]:
        run = self.runs[self.index]
        self._unpause()
        self.phase = Phase.CLOSED
        self.deadline_ms = None
        run.closed_ms, run.close_reason, run.scored = now, reason, scored
        return [e.QuestionClosed(run.question_id, self.index, reason, scored, len(run.answers))]

    def _apply_scores(self) -> list[e.Event]:
        """Add the closed question's points to the totals and move the streaks (once)."""
        run = self.runs[self.index]
        if run.applied or not run.scored:
            return []
        run.applied = True
        question = self.questions[self.index]
        for player in self.players.values():
            answer = run.answers.get(player.player_id)
            if answer is None:
                if question.counts_for_streak:
                    player.streak = 0
                continue
            player.score += answer.points
            if answer.points:  # ties: who earned the same points faster
                player.answer_time_ms += answer.elapsed_ms
            player.correct_count += 1 if answer.correct else 0
            if question.counts_for_streak:
                player.streak = answer.streak_after
        self._changed_standings()
        lines = tuple(
            e.ScoreLine(
                p.player_id,
                run.answers[p.player_id].points if p.player_id in run.answers else 0,
                p.score,
                p.streak,
                rank,
            )
            for rank, p in enumerate(self.standings(), start=1)
        )
        return [e.ScoresChanged(run.question_id, lines)]

    def _next(self, cmd: c.Next, now: int) -> list[e.Event]:
        phase = self.phase
        if phase is Phase.LOBBY:
            raise InvalidCommand("wrong_phase", "use Start to begin the game")
        if phase is Phase.PREVIEW:
            return self._open(now)
        if phase is Phase.OPEN:
            return self._close("host", now, scored=True)
        if phase is Phase.CLOSED:
            scores = self._apply_scores()
            self.phase = Phase.REVEALED
            return [e.Revealed(self.runs[self.index].question_id, self.index), *scores]
        if phase is Phase.REVEALED:
            self.phase = Phase.LEADERBOARD
            return [e.LeaderboardShown(self.index)]
        if self.index + 1 < len(self.questions):
            return self._preview(self.index + 1, now)
        return self._finish("completed")

    def _open_question(self, cmd: c.OpenQuestion, now: int) -> list[e.Event]:
        index = self._index_by_id.get(cmd.question_id) if _is_int(cmd.question_id) else None
        if index is None:
            raise InvalidCommand("question_not_open", "no such question in this game")
        if self.runs[index].previewed_ms is not None:
            raise InvalidCommand("already_played", "this question was already played")
        if self.phase is Phase.LOBBY:
            return [e.GameStarted(len(self.questions)), *self._preview(index, now)]
        if self.phase not in (Phase.REVEALED, Phase.LEADERBOARD):
            raise InvalidCommand("wrong_phase", "reveal the current question first")
        return self._preview(index, now)

    def _remove_choices(self, cmd: c.RemoveChoices, now: int) -> list[e.Event]:
        index = self._index_by_id.get(cmd.question_id) if _is_int(cmd.question_id) else None
        if index is None:
            raise InvalidCommand("question_not_open", "no such question in this game")
        question, run = self.questions[index], self.runs[index]
        current = index == self.index and self.phase in (Phase.PREVIEW, Phase.OPEN,
                                                         Phase.CLOSED)
        if run.previewed_ms is not None and not current:
            raise InvalidCommand("wrong_phase", "the question was already revealed")
        picked = cmd.choices
        if (question.kind not in ("single", "multiple", "true_false")
                or not isinstance(picked, (list, tuple)) or not picked
                or not all(_is_int(i) and 0 <= i < len(question.choices) for i in picked)):
            raise InvalidCommand("invalid_removal", "not choices of this question")
        removed = sorted(set(run.removed) | set(picked))
        left = len(question.choices) - len(removed)
        if left < 2 or set(removed) & question.correct:
            raise InvalidCommand("invalid_removal", "only wrong choices go, two choices stay")
        run.removed = removed
        return [e.ChoicesRemoved(question.id, tuple(removed), current)]

    def _finish(self, reason: str) -> list[e.Event]:
        self._unpause()
        self.phase = Phase.FINISHED
        self.deadline_ms = None
        self.finish_reason = reason
        podium = tuple(p.player_id for p in self.standings()[:3])
        return [e.GameFinished(reason, podium)]

    def _end(self, cmd: c.End, now: int) -> list[e.Event]:
        events: list[e.Event] = []
        if self.phase is Phase.OPEN:
            events.extend(self._close("ended", now, scored=True))
        if self.phase is Phase.CLOSED:
            events.extend(self._apply_scores())
        return events + self._finish("ended")

    def _skip(self, cmd: c.Skip, now: int) -> list[e.Event]:
        if self.phase not in (Phase.PREVIEW, Phase.OPEN):
            raise InvalidCommand("wrong_phase", "only a previewed or open question can be skipped")
        return self._close("skipped", now, scored=False)

    # ----------------------------------------------------------------- time
    def _unpause(self) -> None:
        self.paused_remaining_ms = None
        self.paused_at_ms = None

    def _pause(self, cmd: c.Pause, now: int) -> list[e.Event]:
        if self.phase not in (Phase.PREVIEW, Phase.OPEN):
            raise InvalidCommand("wrong_phase", "only a preview or an open question can pause")
        if self.paused:
            raise InvalidCommand("already_paused", "the game is already paused")
        assert self.deadline_ms is not None
        self.paused_remaining_ms = max(0, self.deadline_ms - now)
        self.paused_at_ms = now
        self.deadline_ms = None
        return [e.Paused(self.phase.value, self.paused_remaining_ms)]

    def _resume(self, cmd: c.Resume, now: int) -> list[e.Event]:
        if not self.paused:
            raise InvalidCommand("not_paused", "the game is not paused")
        assert self.paused_remaining_ms is not None and self.paused_at_ms is not None
        if self.phase is Phase.OPEN:
            self.runs[self.index].paused_ms += now - self.paused_at_ms
        self.deadline_ms = now + self.paused_remaining_ms
        self._unpause()
        return [e.Resumed(self.phase.value, self.deadline_ms)]

    def _add_time(self, cmd: c.AddTime, now: int) -> list[e.Event]:
        seconds = cmd.seconds
        if not _is_int(seconds) or not 1 <= seconds <= MAX_ADD_TIME_S:
            raise InvalidCommand("invalid_time", f"seconds must be from 1 to {MAX_ADD_TIME_S}")
        if self.phase is not Phase.OPEN:
            raise InvalidCommand("wrong_phase", "time can only be added to an open question")
        run = self.runs[self.index]
        extra = seconds * 1000
        if self.paused:
            assert self.paused_remaining_ms is not None
            self.paused_remaining_ms += extra
            remaining = self.paused_remaining_ms
        else:
            assert self.deadline_ms is not None
            if now >= self.deadline_ms:
                raise InvalidCommand("too_late", "the time is already up")
            self.deadline_ms += extra
            remaining = self.deadline_ms - now
        run.added_ms += extra
        return [e.TimeAdded(run.question_id, seconds, self.deadline_ms, remaining)]

    def _tick(self, cmd: c.Tick, now: int) -> list[e.Event]:
        due = self.next_deadline_ms
        if due is None or now < due:
            return []
        if self.phase is Phase.PREVIEW:
            return self._open(now)
        return self._close("time_up", now, scored=True)

    # ----------------------------------------------------------------- snapshots
    def snapshot(self) -> dict[str, Any]:
        """Return the whole state as a JSON-ready dict (including the RNG state).

        Read-only: the answers' dicts are shared with later snapshots (see snapshot.py).
        """
        return game_to_dict(self)

    def snapshot_json(self) -> str:
        """Return ``snapshot()`` as JSON text (each answer is encoded once per game)."""
        return game_to_json(self)

    @classmethod
    def restore(cls, data: Mapping[str, Any]) -> Game:
        """Rebuild a game from ``snapshot()``; it continues exactly as the original would."""
        return game_from_dict(cls, data)


def check_answer_time(
    index: int, current: int, phase: Phase, paused: bool, deadline_ms: int | None, now: int
) -> None:
    """Raise InvalidCommand unless the question at ``index`` takes an answer at ``now``.

    ``current``, ``phase``, ``paused`` and ``deadline_ms``: the game's clock as its owner
    announced it. The one rule for an answer's time, wherever it is received.
    """
    if index == current and phase is Phase.PREVIEW:
        raise InvalidCommand("question_not_open", "the question has not opened yet")
    if index < current or phase is not Phase.OPEN:
        raise InvalidCommand("too_late", "the question is closed")
    if paused:
        raise InvalidCommand("game_paused", "the host paused the question")
    if deadline_ms is None or now >= deadline_ms:
        raise InvalidCommand("too_late", "the time is up")


def check_choices(question: PlayQuestion, displayed: Mapping[str, Any], removed: Any) -> None:
    """Raise InvalidCommand if the answer (displayed terms) picks a choice taken away (50:50).

    ``removed``: the question's removed native choices, as its owner announced them.
    """
    if removed and {question.display[i] for i in displayed.get("choices", ())} & set(removed):
        raise InvalidCommand("choice_removed", "this choice was taken away (50:50)")


def score_answer(
    question: PlayQuestion,
    options: GameOptions,
    fraction: Any,
    correct: bool | None,
    elapsed_ms: int,
    limit_ms: int,
    streak: int,
) -> tuple[int, int, int]:
    """Return an answer's (points with the streak bonus, streak bonus, streak after).

    ``streak``: the player's streak before this question. The one rule for an answer's
    points, wherever it is scored (the game's owner, or the worker holding the phone).
    """
    points = answer_points(
        question.base_points, fraction, elapsed_ms, limit_ms, options.speed_scoring
    )
    streak_after, bonus = streak, 0
    if question.counts_for_streak:
        streak_after = streak + 1 if correct else 0
        if correct and options.streak_bonus:
            bonus = streak_bonus(streak_after)
    return points + bonus, bonus, streak_after


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(value: Any) -> Any:
    """Return a JSON-ready deep copy of a question dict (tuples become lists)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
