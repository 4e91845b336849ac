"""Round types, one module each; a preset's ``type`` names one of them."""

from quizapp.engine.show.rounds.base import RoundType
from quizapp.engine.show.rounds.buzzer import BuzzerRound
from quizapp.engine.show.rounds.fastest import FastestFingerRound
from quizapp.engine.show.rounds.finish import FinishRound
from quizapp.engine.show.rounds.individual import IndividualRound
from quizapp.engine.show.rounds.ladder import LadderRound
from quizapp.engine.show.rounds.obstacle import ObstacleRound
from quizapp.engine.show.rounds.ranked import RankedRound

ROUND_TYPES: dict[str, type[RoundType]] = {
    "individual": IndividualRound,
    "buzzer": BuzzerRound,
    "obstacle": ObstacleRound,
    "ranked": RankedRound,
    "finish": FinishRound,
    "ladder": LadderRound,
    "fastest_finger": FastestFingerRound,
}

__all__ = ["ROUND_TYPES", "RoundType"]
