"""The shows this process serves: studio commands applied under a lock, kept, and sent out.

The episode row is the truth: each command locks it (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite has one writer), reloads the show if another worker moved it on, applies the command,
and stores the snapshot and the command with its server time before anything is sent. A show
has a few commands a second, so this costs nothing and lets any worker, or a restarted one,
carry on. The audience game is driven through the live registry like any host would.
"""

import logging
import threading
from dataclasses import dataclass, field

from flask_socketio import leave_room
from sqlalchemy import select, update

from quizapp.contests.live import authority
from quizapp.contests.live.registry import registry_of
from quizapp.engine import InvalidCommand
from quizapp.engine.show import Buzz, PauseClock, Show, Tick
from quizapp.engine.show import events as show_events
from quizapp.extensions import db
from quizapp.gameshow import onair
from quizapp.gameshow.models import Episode, EpisodeCommand
from quizapp.live import dispatch, rooms
from quizapp.live.handlers import Refused

log = logging.getLogger(__name__)
AUDIENCE_REFRESH_MS = 1000
# A deadline the heartbeat (every ~100 ms) finds this late was missed while no worker ran the
# show: rather than time the question out, the clock stops with the time it had left.
RECOVERY_LATE_MS = 2000
STUDIO = "/studio"


@dataclass
class LiveShow:
    episode_id: int
    show: Show
    seq: int
    audience_game_id: int | None
    lock: threading.RLock = field(default_factory=threading.RLock)
    audience_sent_ms: int = 0
    audience_state: dict | None = None  # what may go on air (gameshow/onair.py)
    audience_staff_state: dict | None = None  # every entry, marked, for the staff pages


class Studio:
    """The episodes this process has open; ``run`` applies one command to one of them."""

    def __init__(self, app) -> None:
        self.app = app
        self.shows: dict[int, LiveShow] = {}
        # socket id -> (episode id, role, seat or None, actor name for the record)
        self.connections: dict[str, tuple[int, str, int | None, str]] = {}
        # socket id -> the device id a seat page sent (a reconnecting phone is not "another")
        self.seat_devices: dict[str, str] = {}
        # With a Redis message queue the seats held on every worker (seats.py); else None:
        # one worker, and `connections` is the whole truth.
        queue = app.config.get("MESSAGE_QUEUE") or ""
        self.seat_holds = None
        if queue.startswith(("redis://", "rediss://")):
            # Imported here: redis is the scaled-out install's dependency (the "scale" extra),
            # and one worker on the embedded default runs without it.
            from quizapp.gameshow.studio.seats import SeatHolds

            self.seat_holds = SeatHolds(queue)
        self.lock = threading.Lock()

    def clock(self) -> int:
        """The live registry's clock: a show and its audience game share one time."""
        return registry_of(self.app).clock()

    def get(self, episode_id: int) -> LiveShow | None:
        """Return the live show of an episode on air, as its row has it now.

        Another worker may have applied commands since this one last did: a kept copy is
        checked against the row's sequence number (one small query) and reloaded when behind,
        so feeds and new watchers never see a stale show.
        """
        live = self.shows.get(episode_id)
        if live is not None:
            now = db.session.execute(select(Episode.seq, Episode.status).where(
                Episode.id == episode_id)).first()
            if now is None or now.status != "live":
                self.shows.pop(episode_id, None)
                return None
            if now.seq != live.seq:
                with live.lock:
                    row = db.session.get(Episode, episode_id, populate_existing=True)
                    live.show, live.seq = row.show(), row.seq
            return live
        row = db.session.get(Episode, episode_id)
        if row is None or row.status != "live" or row.snapshot is None:
            return None
        with self.lock:
            live = self.shows.get(episode_id) or LiveShow(
                episode_id, row.show(), row.seq, row.audience_game_id)
            self.shows[episode_id] = live
        return live

    def run(self, live: LiveShow, command, actor: str, record: dict) -> list:
        """Apply ``command`` for ``actor``; keep it; send every role its view.

        Raises the engine's InvalidCommand unchanged. A refused buzz is kept in the record too
        (a disputed moment shows every press).
        """
        with live.lock:
            status = self._lock_row(live)
            if status != "live":  # another worker ended the show meanwhile
                db.session.commit()
                self.shows.pop(live.episode_id, None)
                raise InvalidCommand("show_finished", "the show is over")
            now = self.clock()
            try:
                events = live.show.handle(command, now)
            except InvalidCommand as refused:
                if isinstance(command, Buzz):
                    self._keep(live, now, actor, record, refused.code, snapshot=False)
                db.session.commit()
                raise
            if not events and isinstance(command, Tick):
                db.session.commit()
                return []
            pressed = next((e for e in events if isinstance(e, show_events.Buzzed)), None)
            if pressed is not None:  # the record says what became of the press
                record = {**record, "result": pressed.outcome}
            self._keep(live, now, actor, record, "ok", snapshot=True)
            if live.show.stage == "finished":
                db.session.execute(update(Episode).where(Episode.id == live.episode_id).values(
                    status="finished", finished_at=db.func.now()))
            db.session.commit()
        dispatch.publish_show(live, events)
        self._drive_audience(live, events)
        if live.show.stage == "finished":
            self.shows.pop(live.episode_id, None)
        return events

    def keep_refused(self, live: LiveShow, now: int, actor: str, record: dict,
                     outcome: str) -> None:
        """Keep a command refused before it reached the show (a rate-limited press)."""
        with live.lock:
            self._lock_row(live)
            self._keep(live, now, actor, record, outcome, snapshot=False)
            db.session.commit()

    @staticmethod
    def _lock_row(live: LiveShow) -> str:
        """Lock the episode's row and bring the kept show up to date; return its status.

        Only the sequence number and status are read: a press waits on no more than that
        (the row's snapshots are large JSON). The whole row is read only when another worker
        moved the show on since.
        """
        seq, status = db.session.execute(
            select(Episode.seq, Episode.status).where(Episode.id == live.episode_id)
            .with_for_update()).one()
        if seq != live.seq:
            row = db.session.get(Episode, live.episode_id, populate_existing=True)
            live.show, live.seq = row.show(), row.seq
        return status

    @staticmethod
    def _keep(live, now, actor, record, outcome, snapshot) -> None:
        live.seq += 1
        values = {"seq": live.seq}
        if snapshot:
            values["snapshot"] = live.show.snapshot(rules=False)  # the rules: start_snapshot
        db.session.execute(update(Episode).where(Episode.id == live.episode_id).values(**values))
        db.session.add(EpisodeCommand(episode_id=live.episode_id, seq=live.seq, at_ms=now,
                                      actor=actor[:80], command=record, outcome=outcome))

    # ----------------------------------------------------------------- the audience game
    def _audience(self, live: LiveShow, name: str, **args) -> dict | None:
        """Send a host command to the audience game; None when it does not apply now."""
        try:
            return authority.call(registry_of(self.app), live.audience_game_id, "host_command",
                                  name=name, args=args)
        except (InvalidCommand, Refused) as refused:
            log.info("audience game %s: %s refused (%s)", live.audience_game_id, name,
                     getattr(refused, "code", refused))
            return None

    def _drive_audience(self, live: LiveShow, events) -> None:
        """Open each question on viewers' phones with the show, take 50:50's choices off them,
        and reveal it with the show."""
        if live.audience_game_id is None:
            return
        for event in events:
            if isinstance(event, show_events.TimerStarted) and event.audience:
                if self._audience(live, "open_question", question_id=event.question_id) is None:
                    for _ in range(2):  # the last question was never revealed on air
                        self._audience(live, "next")
                    self._audience(live, "open_question", question_id=event.question_id)
            elif isinstance(event, show_events.AnswerRevealed) and event.audience:
                for _ in range(2):  # close, then reveal, the same question on the phones
                    state = self._audience_state(live, poll=False)
                    if (state is None or state["question_id"] != event.question_id
                            or state["phase"] not in ("open", "closed")):
                        break
                    self._audience(live, "next")
            elif (isinstance(event, show_events.LifelineUsed) and event.name == "fifty_fifty"
                  and live.show.turn is not None and live.show.turn.hidden
                  and live.show.rules.audience):
                # the same two choices leave the viewers' phones (now, or when it opens)
                turn = live.show.turn
                self._audience(live, "remove_choices", question_id=turn.qid,
                               choices=list(turn.hidden))
            elif isinstance(event, show_events.ShowFinished):
                self._audience(live, "end")
        live.audience_sent_ms = 0  # refresh the on-air audience block at the next beat

    def _audience_state(self, live: LiveShow, poll: bool) -> dict | None:
        try:
            result = authority.call(registry_of(self.app), live.audience_game_id, "audience",
                                    take_lease=False, poll=poll)
        except (InvalidCommand, Refused):
            return None
        return {**result["state"], "pin": result["pin"]}

    # ----------------------------------------------------------------- the heartbeat
    def beat(self) -> None:
        """Fire due deadlines, refresh the audience block on air and keep this worker's seats
        held (the live ticker calls it)."""
        if self.seat_holds is not None:
            for sid in self.seat_holds.renew():
                self.drop_seat(sid)
        now = self.clock()
        for live in list(self.shows.values()):
            due = live.show.next_deadline_ms
            if due is not None and due <= now:
                as_of = live.show.clock_ms
                if now - due > RECOVERY_LATE_MS:  # nobody ticked: the server was down
                    command, actor = PauseClock(as_of, "recovery"), "recovery"
                    record = {"name": "recover_clock", "as_of_ms": as_of}
                else:
                    command, actor, record = Tick(), "timer", {"name": "tick"}
                try:
                    self.run(live, command, actor, record)
                except InvalidCommand:
                    pass
            if live.audience_game_id and now - live.audience_sent_ms >= AUDIENCE_REFRESH_MS:
                live.audience_sent_ms = now
                turn = live.show.turn
                state = self._audience_state(live, poll=bool(turn and turn.audience_poll))
                if state is None:
                    continue
                public, staff = onair.split(state, onair.registry_names(),
                                            onair.hidden_entries(live.episode_id))
                if staff != live.audience_staff_state:
                    live.audience_state, live.audience_staff_state = public, staff
                    dispatch.send_show_audience(live, public, staff)


    def drop_seat(self, sid: str) -> tuple[int, int] | None:
        """Forget a seat socket's seat (another device took it); return (episode, seat)."""
        known = self.connections.get(sid)
        if known is None or known[1] != "seat":
            return None
        self.connections.pop(sid, None)
        self.seat_devices.pop(sid, None)
        leave_room(rooms.show_seat(known[0], known[2]), sid=sid, namespace=STUDIO)
        return known[0], known[2]


def studio_of(app) -> Studio:
    """The app's studio (created on first use)."""
    if "quizapp.studio" not in app.extensions:
        app.extensions["quizapp.studio"] = Studio(app)
    return app.extensions["quizapp.studio"]
