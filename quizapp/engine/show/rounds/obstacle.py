"""The obstacle: rows that open pieces of a picture, and a keyword anyone may buzz for.

Each contestant in turn picks a row; everyone still in the round types its answer. A buzz at
any time claims the keyword: the MC gives the floor to the first claim once the current row is
revealed. A wrong keyword eliminates the contestant from the round (preset), and the keyword
stays hidden. Once every row is played, one last buzz window opens for the keyword.
"""

from __future__ import annotations

from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundType
from quizapp.engine.show.turn import new_turn


class ObstacleRound(RoundType):
    def start(self) -> dict[str, Any]:
        return {"played": [], "opened": [], "claims": [], "tried": [], "eliminated": [],
                "solved_by": None, "picker": 0, "final": False}

    @property
    def in_play(self) -> list[int]:
        return [s for s in self.all_seats if s not in self.rs["eliminated"]]

    def keyword_value(self) -> int:
        table = self.rules["keyword_points"]
        return table[min(len(self.rs["played"]), len(table) - 1)]

    def picker(self) -> int | None:
        """The contestant whose turn it is to pick a row (eliminated seats are passed over)."""
        seats = self.all_seats
        for step in range(len(seats)):
            seat = seats[(self.rs["picker"] + step) % len(seats)]
            if seat not in self.rs["eliminated"]:
                return seat
        return None

    def next_turn(self, now: int) -> dict[str, Any] | None:
        rs = self.rs
        if rs["solved_by"] is not None or rs["final"]:
            return None
        if len(rs["played"]) < self.rules["rows"]:
            raise InvalidCommand("pick_row", "the contestant on turn picks a row first")
        seats = [s for s in self.in_play if s not in rs["tried"]]
        if not seats:
            return None
        rs["final"] = True
        keyword = self.content["keyword"]
        return new_turn(keyword.id, "buzz", seats, kind="keyword_final",
                        time_ms=self.time_ms("final_buzz_s"), answer_ms=5000,
                        value=self.keyword_value())

    def handle(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        if isinstance(cmd, c.PickRow):
            return self._pick_row(cmd.row)
        if isinstance(cmd, c.TakeKeyword):
            return self._take_keyword(now)
        return super().handle(cmd, now)

    def _pick_row(self, row: Any) -> list[e.ShowEvent]:
        rs = self.rs
        self.show._check_turn_left()
        if rs["solved_by"] is not None or rs["final"]:
            raise InvalidCommand("wrong_phase", "the rows are over")
        if not isinstance(row, int) or isinstance(row, bool) or not 1 <= row <= self.rules["rows"]:
            raise InvalidCommand("invalid_row", f"row must be 1 to {self.rules['rows']}")
        if row in rs["played"]:
            raise InvalidCommand("row_played", "this row was already played")
        picker = self.picker()
        rs["picker"] = (self.all_seats.index(picker) + 1) if picker else 0
        question = self.content["rows"][row - 1]
        turn = new_turn(question.id, "typed", self.in_play, kind="row", time_ms=self.time_ms(),
                        row=row, picked_by=picker, value=self.points("row_points"))
        return self.show.put_on_air(turn)

    def _take_keyword(self, now: int) -> list[e.ShowEvent]:
        rs = self.rs
        self.show._check_turn_left()
        waiting = [seat for seat, _ in rs["claims"] if seat not in rs["tried"]
                   and seat not in rs["eliminated"]]
        if not waiting or rs["solved_by"] is not None:
            raise InvalidCommand("no_claim", "nobody is waiting to answer the keyword")
        keyword = self.content["keyword"]
        turn = new_turn(keyword.id, "oral", [waiting[0]], kind="keyword", owner=waiting[0],
                        value=self.keyword_value())
        events = self.show.put_on_air(turn)
        return events + self.show.open_turn(turn, now)

    def claim(self, seat: int, now: int) -> list[e.ShowEvent] | None:
        turn, rs = self.show.turn, self.rs
        if turn is not None and turn["kind"] in ("keyword", "keyword_final"):
            return None
        if rs["solved_by"] is not None or rs["final"]:
            raise InvalidCommand("buzzers_closed", "the keyword is no longer open")
        if seat in rs["eliminated"] or seat in rs["tried"]:
            raise InvalidCommand("locked_out", "this seat can no longer answer the keyword")
        if any(s == seat for s, _ in rs["claims"]):
            raise InvalidCommand("already_claimed", "this seat is already waiting for the floor")
        rs["claims"].append([seat, now])
        rs["claims"].sort(key=lambda entry: entry[1])  # by receive time, not by arrival at the lock
        return [e.KeywordClaimed(seat, now)]

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        turn, rs = self.show.turn, self.rs
        assert turn is not None
        if correct:
            rs["solved_by"] = seat
            return self.show.award(seat, turn["value"], "keyword")
        rs["tried"].append(seat)
        events: list[e.ShowEvent] = []
        if self.rules["wrong_keyword_eliminates"]:
            rs["eliminated"].append(seat)
            events.append(e.Eliminated(seat))
        if turn["kind"] == "keyword":
            turn["revealable"] = False  # the keyword stays hidden: the round goes on
        return events

    def rebound(self, turn: dict[str, Any]) -> bool:
        return turn["kind"] == "keyword_final"

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        assert turn is not None
        if turn["kind"] != "row":
            self.rs["final"] = True  # the keyword is on air: the round is over
            return []
        self.rs["played"].append(turn["row"])
        events: list[e.ShowEvent] = []
        for seat in self.all_seats:
            if turn["verdicts"].get(str(seat)):
                events += self.show.award(seat, turn["value"], "correct")
        if events:
            self.rs["opened"].append(turn["row"])
        return events
