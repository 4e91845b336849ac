"""The pure game engine for live contests (DESIGN rule 1: standard library only).

    game = Game.create(questions, GameOptions(), seed=42)
    events = game.handle(Join("p1", "Lan", "THCS A", "8A"), now_ms)
    view = player_view(game, "p1")

See docs/engine.md for phases, commands, events, scoring and views.
"""

from quizapp.engine.commands import (
    AddTime,
    Command,
    End,
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
    Tick,
)
from quizapp.engine.errors import ERROR_CODES, EngineError, InvalidCommand, InvalidGame
from quizapp.engine.events import (
    AnswerAccepted,
    AnswerCountChanged,
    ChoicesRemoved,
    DeadlineSet,
    Event,
    GameFinished,
    GameStarted,
    LeaderboardShown,
    Paused,
    PlayerJoined,
    PlayerKicked,
    PlayerRenamed,
    QuestionClosed,
    QuestionOpened,
    QuestionPreviewed,
    Resumed,
    Revealed,
    ScoreLine,
    ScoresChanged,
    TimeAdded,
)
from quizapp.engine.folding import fold_accents, name_key
from quizapp.engine.game import Game
from quizapp.engine.matching import answer_matches, fold_spelling
from quizapp.engine.nicknames import check_nickname, clean_nickname
from quizapp.engine.options import GameOptions
from quizapp.engine.phases import Phase
from quizapp.engine.views import (
    audience_view,
    find_players,
    host_view,
    me_block,
    me_rows,
    player_me,
    player_view,
    screen_view,
)

__all__ = [
    "ERROR_CODES",
    "AddTime",
    "AnswerAccepted",
    "AnswerCountChanged",
    "ChoicesRemoved",
    "Command",
    "DeadlineSet",
    "End",
    "EngineError",
    "Event",
    "Game",
    "GameFinished",
    "GameOptions",
    "GameStarted",
    "InvalidCommand",
    "InvalidGame",
    "Join",
    "Kick",
    "LeaderboardShown",
    "Next",
    "OpenQuestion",
    "Pause",
    "Paused",
    "Phase",
    "PlayerJoined",
    "PlayerKicked",
    "PlayerRenamed",
    "QuestionClosed",
    "QuestionOpened",
    "QuestionPreviewed",
    "RemoveChoices",
    "Rename",
    "Resume",
    "Resumed",
    "Revealed",
    "ScoreLine",
    "ScoresChanged",
    "Skip",
    "Start",
    "SubmitAnswer",
    "Tick",
    "TimeAdded",
    "answer_matches",
    "audience_view",
    "check_nickname",
    "clean_nickname",
    "find_players",
    "fold_accents",
    "name_key",
    "fold_spelling",
    "host_view",
    "me_block",
    "me_rows",
    "player_me",
    "player_view",
    "screen_view",
]
