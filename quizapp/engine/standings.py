"""Rank players and teams."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from quizapp.engine.scoring import round_half_up
from quizapp.engine.state import Player


def rank_key(player: Player) -> tuple[int, int, int]:
    """Higher score first; ties by lower total answer time, then earlier join."""
    return (-player.score, player.answer_time_ms, player.join_seq)


def rank_players(players: Iterable[Player]) -> list[Player]:
    """Return the active (not kicked) players, best first."""
    return sorted((p for p in players if not p.kicked), key=rank_key)


def team_of(player: Player, team_mode: str | None) -> tuple[str, str] | None:
    """Return (key, label) of the player's team, or None outside team mode."""
    if team_mode == "school":
        return player.school.casefold(), player.school
    if team_mode == "class":
        label = f"{player.class_name} · {player.school}" if player.school else player.class_name
        return f"{player.school.casefold()}\n{player.class_name.casefold()}", label
    return None


@dataclass
class TeamStanding:
    """A team's place: its score is the exact average of its active members' scores."""

    key: str
    label: str
    members: int = 0
    total: int = 0
    member_ids: list[str] = field(default_factory=list)

    @property
    def average(self) -> Fraction:
        return Fraction(self.total, self.members) if self.members else Fraction(0)

    @property
    def score(self) -> int:
        return round_half_up(self.average)


def rank_teams(players: Iterable[Player], team_mode: str | None) -> list[TeamStanding]:
    """Return teams best first: higher average, then more members, then label."""
    if team_mode is None:
        return []
    teams: dict[str, TeamStanding] = {}
    for player in players:
        team = team_of(player, team_mode)
        if player.kicked or team is None:
            continue
        standing = teams.setdefault(team[0], TeamStanding(team[0], team[1]))
        standing.members += 1
        standing.total += player.score
        standing.member_ids.append(player.player_id)
    return sorted(teams.values(), key=lambda t: (-t.average, -t.members, t.label.casefold(), t.key))
