"""The obstacle: rows that open pieces of a picture, and a keyword anyone may buzz for.

Each contestant in turn picks a row; everyone still in the round types its answer. A buzz at
any time claims the keyword: the MC gives the floor to the first claim once the current row is
revealed. A wrong keyword eliminates the contestant from the round (preset), and the keyword
stays hidden. The content may add a centre-tile question (ô trung tâm): played like a row after
the rows (or earlier, when the MC picks it), a right answer opens the picture's centre, and it
counts as one more row on air for the keyword's points. Once every row (and the centre) is
played, one last buzz window opens for the keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Phase, Turn, TurnKind


@dataclass(frozen=True, slots=True)
class Claim:
    """A buzz for the keyword, by its receive time, and how many rows were on air by then.

    ``rows`` is None in claims stored before it was kept: their value is taken when the
    contestant is given the floor, as it was then.
    """

    seat: int
    at_ms: int
    rows: int | None = None

    def plain(self) -> list[int]:
        return [self.seat, self.at_ms] if self.rows is None else [self.seat, self.at_ms,
                                                                  self.rows]


@dataclass(slots=True)
class ObstacleState(RoundState):
    played: list[int] = field(default_factory=list)  # rows played, in order
    opened: list[int] = field(default_factory=list)  # rows someone answered right
    claims: list[Claim] = field(default_factory=list)  # by receive time
    tried: list[int] = field(default_factory=list)  # seats that answered the keyword
    eliminated: list[int] = field(default_factory=list)
    solved_by: int | None = None
    picker: int = 0  # position among the seats of the next to pick a row
    final: bool = False  # the last buzz window has been opened (or the keyword revealed)
    centre_played: bool = False  # the centre question has been revealed
    centre_opened: bool = False  # someone answered it right: the centre tile is open

    def plain(self) -> dict[str, Any]:
        """As stored before the centre question: its fields only once it was played."""
        data = RoundState.plain(self)
        if not self.centre_played:
            del data["centre_played"], data["centre_opened"]
        return data

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> ObstacleState:
        return cls(**{**data, "claims": [Claim(*claim) for claim in data["claims"]]})


class ObstacleRound(RoundType):
    State = ObstacleState
    rs: ObstacleState

    @property
    def in_play(self) -> list[int]:
        return [s for s in self.all_seats if s not in self.rs.eliminated]

    @property
    def centre(self) -> Any:
        """The centre tile's question (None: this episode's obstacle has none)."""
        return self.content.get("centre")

    def rows_played(self) -> int:
        """Rows revealed so far, the centre question counting as one more row."""
        return len(self.rs.played) + self.rs.centre_played

    def rows_shown(self) -> int:
        """Rows put on air so far: those played, and the one on air now (not yet revealed);
        the centre question counts as a row."""
        turn = self.show.turn
        on_air = turn is not None and turn.kind in (TurnKind.ROW, TurnKind.CENTRE) and \
            turn.phase != Phase.REVEALED
        return self.rows_played() + on_air

    def keyword_value(self, claim: Claim | None = None) -> int:
        """The keyword's points by the rows on air when it was claimed (``keyword_value_at``
        "claim", the show's practice) or when the contestant is given the floor ("answer").
        With the centre on air or played, the table's rows + 2nd value (else its last)."""
        table = self.rules["keyword_points"]
        rows = self.rows_played()
        if claim is not None and claim.rows is not None and \
                self.rules["keyword_value_at"] == "claim":
            rows = claim.rows
        return table[min(rows, len(table) - 1)]

    def picker(self) -> int | None:
        """The contestant whose turn it is to pick a row (eliminated seats are passed over)."""
        seats = self.all_seats
        for step in range(len(seats)):
            seat = seats[(self.rs.picker + step) % len(seats)]
            if seat not in self.rs.eliminated:
                return seat
        return None

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        if rs.solved_by is not None or rs.final:
            return None
        if len(rs.played) < self.rules["rows"]:
            raise InvalidCommand("pick_row", "the contestant on turn picks a row first")
        if self.centre is not None and not rs.centre_played:
            return self._centre_turn()  # after the rows, the centre tile's question
        seats = [s for s in self.in_play if s not in rs.tried]
        if not seats:
            return None
        rs.final = True
        keyword = self.content["keyword"]
        return Turn(keyword.id, Mode.BUZZ, seats, kind=TurnKind.KEYWORD_FINAL,
                    time_ms=self.time_ms("final_buzz_s"), answer_ms=5000,
                    value=self.keyword_value())

    def handle(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        if isinstance(cmd, c.PickRow):
            return self._pick_row(cmd.row)
        if isinstance(cmd, c.PickCentre):
            return self._pick_centre()
        if isinstance(cmd, c.TakeKeyword):
            return self._take_keyword(now)
        return super().handle(cmd, now)

    def _pick_row(self, row: Any) -> list[e.ShowEvent]:
        rs = self.rs
        self.show._check_turn_left()
        if rs.solved_by is not None or rs.final:
            raise InvalidCommand("wrong_phase", "the rows are over")
        if not isinstance(row, int) or isinstance(row, bool) or not 1 <= row <= self.rules["rows"]:
            raise InvalidCommand("invalid_row", f"row must be 1 to {self.rules['rows']}")
        if row in rs.played:
            raise InvalidCommand("row_played", "this row was already played")
        picker = self.picker()
        rs.picker = (self.all_seats.index(picker) + 1) if picker else 0
        question = self.content["rows"][row - 1]
        turn = Turn(question.id, Mode.TYPED, self.in_play, kind=TurnKind.ROW,
                    time_ms=self.time_ms(), row=row, picked_by=picker,
                    value=self.points("row_points"))
        return self.show.put_on_air(turn)

    def _centre_turn(self) -> Turn:
        """Everyone still in the round types the centre question's answer, as for a row."""
        return Turn(self.centre.id, Mode.TYPED, self.in_play, kind=TurnKind.CENTRE,
                    time_ms=self.time_ms(), value=self.points("centre_points"))

    def _pick_centre(self) -> list[e.ShowEvent]:
        """The MC puts the centre question on air before the rows are over (the show's rule
        for this episode); after them, **Câu tiếp** does."""
        rs = self.rs
        self.show._check_turn_left()
        if self.centre is None:
            raise InvalidCommand("no_centre", "this obstacle has no centre question")
        if rs.solved_by is not None or rs.final:
            raise InvalidCommand("wrong_phase", "the rows are over")
        if rs.centre_played:
            raise InvalidCommand("centre_played", "the centre question was already played")
        return self.show.put_on_air(self._centre_turn())

    def _take_keyword(self, now: int) -> list[e.ShowEvent]:
        rs = self.rs
        self.show._check_turn_left()
        waiting = [claim for claim in rs.claims if claim.seat not in rs.tried
                   and claim.seat not in rs.eliminated]
        if not waiting or rs.solved_by is not None:
            raise InvalidCommand("no_claim", "nobody is waiting to answer the keyword")
        keyword, first = self.content["keyword"], waiting[0]
        turn = Turn(keyword.id, Mode.ORAL, [first.seat], kind=TurnKind.KEYWORD,
                    owner=first.seat, value=self.keyword_value(first))
        events = self.show.put_on_air(turn)
        return events + self.show.open_turn(turn, now)

    def claim(self, seat: int, now: int) -> list[e.ShowEvent] | None:
        turn, rs = self.show.turn, self.rs
        if turn is not None and turn.kind in (TurnKind.KEYWORD, TurnKind.KEYWORD_FINAL):
            return None
        if rs.solved_by is not None or rs.final:
            raise InvalidCommand("buzzers_closed", "the keyword is no longer open")
        if seat in rs.eliminated or seat in rs.tried:
            raise InvalidCommand("locked_out", "this seat can no longer answer the keyword")
        if any(claim.seat == seat for claim in rs.claims):
            raise InvalidCommand("already_claimed", "this seat is already waiting for the floor")
        rs.claims.append(Claim(seat, now, self.rows_shown()))
        rs.claims.sort(key=lambda claim: claim.at_ms)  # by receive time, not arrival at the lock
        return [e.KeywordClaimed(seat, now)]

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        turn, rs = self.show.turn, self.rs
        assert turn is not None
        if correct:
            rs.solved_by = seat
            return self.show.award(seat, turn.value, "keyword")
        rs.tried.append(seat)
        events: list[e.ShowEvent] = []
        if self.rules["wrong_keyword_eliminates"]:
            rs.eliminated.append(seat)
            events.append(e.Eliminated(seat))
        if turn.kind == TurnKind.KEYWORD:
            turn.revealable = False  # the keyword stays hidden: the round goes on
        return events

    def rebound(self, turn: Turn) -> bool:
        return turn.kind == TurnKind.KEYWORD_FINAL

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        assert turn is not None
        if turn.kind not in (TurnKind.ROW, TurnKind.CENTRE):
            self.rs.final = True  # the keyword is on air: the round is over
            return []
        events: list[e.ShowEvent] = []
        for seat in self.all_seats:
            if turn.verdicts.get(seat):
                events += self.show.award(seat, turn.value, "correct")
        if turn.kind == TurnKind.CENTRE:
            self.rs.centre_played = True
            self.rs.centre_opened = bool(events)
            return events
        self.rs.played.append(turn.row)
        if events:
            self.rs.opened.append(turn.row)
        return events
