"""Domain errors raised by the engine, each with a stable string code.

A caller (the live adapter, the bank editor) maps ``error.code`` to a translated message;
``error.message`` is English, for logs and developers.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""

    def __init__(self, code: str, message: str = "", **params: Any) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message or code
        self.params = params  # what a translated message at the edge fills in


class InvalidCommand(EngineError):
    """A command cannot be applied in the current state; the state is left unchanged."""


class InvalidGame(EngineError):
    """A game cannot be created from these questions or options."""


# Every code the engine raises, with its meaning (docs/engine.md lists the same table).
ERROR_CODES: dict[str, str] = {
    # commands
    "unknown_command": "the object passed to handle() is not an engine command",
    "invalid_time": "now_ms is not a non-negative integer, or AddTime seconds out of range",
    "wrong_phase": "the command is not allowed in the current phase",
    "game_finished": "the game is over; only Tick is accepted (and does nothing)",
    "no_players": "Start needs at least one player",
    "already_paused": "Pause while already paused",
    "not_paused": "Resume while not paused",
    "game_paused": "an answer arrived while the question is paused",
    # players
    "invalid_player": "player_id is not a non-empty string of at most 64 characters",
    "already_joined": "Join with a player_id that is already in the game",
    "player_kicked": "Join with the player_id of a kicked player",
    "late_join_closed": "Join after Start while late_join is off",
    "game_full": "max_players active players are already in the game",
    "team_required": "team mode needs the player's school (and class in class mode)",
    "field_too_long": "school or class name longer than 100 characters",
    "unknown_player": "Kick/Rename of a player_id that never joined",
    "not_in_game": "the player was kicked (or never joined)",
    "nickname_empty": "nickname empty after cleaning",
    "nickname_too_long": "nickname longer than 40 characters after cleaning",
    "nickname_taken": "another player in this game has this nickname (case-insensitive)",
    "nickname_blocked": "nickname contains a blocked word",
    # answers
    "question_not_open": "unknown question, or a question that has not opened yet",
    "already_played": "OpenQuestion for a question the game already played",
    "too_late": "the question's deadline has passed",
    "already_answered": "the player already answered this question",
    "invalid_answer": "the answer does not fit the question (index out of range, wrong field ...)",
    "choice_removed": "the answer picks a choice the host removed (a show's 50:50)",
    "invalid_removal": "RemoveChoices names no choice of the question, or would leave no "
                       "right choice or fewer than two",
    # game creation
    "no_questions": "a game needs at least one question",
    "question_not_playable": "open/oral questions cannot be played in a live contest",
    "invalid_question": "a question dict is malformed",
    "invalid_settings": "time_limit_s or points out of range",
    "invalid_options": "a GameOptions field is out of range",
    "invalid_snapshot": "Game.restore got a dict that is not a snapshot of this version",
}
