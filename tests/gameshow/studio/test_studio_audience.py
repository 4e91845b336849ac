"""Viewers play along on their phones, and nothing reaches them, the seats or the screens early."""

import json

from quizapp.contests.live.registry import registry_of
from quizapp.contests.models import Player
from quizapp.extensions import db
from quizapp.gameshow.models import Episode
from quizapp.gameshow.service import studio_key_of
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live.ticker import beat
from tests.contests.conftest import ack
from tests.contests.live.test_leaks import SECRET_KEYS, keys_of
from tests.gameshow.conftest import command, received, send


def audience_phone(phone, episode, nickname="Khán giả 1", school="THPT Kon Tum"):
    pin = db.session.get(Episode, episode.id).audience_game.pin
    client = phone()
    reply = ack(client, "join", {"pin": pin, "nickname": nickname, "school": school,
                                 "class": "11A"})
    assert reply["ok"], reply
    client.join_token = reply["token"]  # what the phone keeps to resume
    return client


def phases(client):
    return [p.get("phase") for name, p in received_play(client) if name in (
        "question", "closed", "reveal", "leaderboard")]


def received_play(client):
    return [(m["name"], m["args"][0] if m["args"] else None) for m in client.get_received("/play")]


def the_show(app, episode):
    return studio_of(app).get(episode.id).show


def test_viewers_answer_with_the_show_and_see_the_answer_only_when_it_is_on_air(
        studio, phone, live_app, clock):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    viewer = audience_phone(phone, studio.episode)
    received_play(viewer)
    command(mc, "start_round")
    command(mc, "next_question")
    assert received_play(viewer) == []  # the MC is reading: nothing on the phones yet
    command(mc, "start_timer")
    opened = [p for name, p in received_play(viewer) if name == "question"]
    show = the_show(live_app, studio.episode)
    assert opened and opened[-1]["question"]["id"] == show.turn.qid
    reply = ack(viewer, "answer", {"question": show.turn.qid,
                                   "text": show.question.answers[0]})
    assert reply["ok"], reply
    command(judge, "judge", correct=True)
    clock.advance(60_000)  # the audience's own clock runs out: closed, still not revealed
    beat(live_app)
    seen = received_play(viewer)
    assert "reveal" not in [name for name, _ in seen]
    command(mc, "reveal")
    after = received_play(viewer)
    assert "reveal" in [name for name, _ in after]
    mine = [p for name, p in after if name == "me"]
    assert mine and mine[-1]["result"]["correct"] is True
    # the viewer is stored like any player: the school coverage counts them
    player = Player.query.filter_by(nickname="Khán giả 1").one()
    assert player.school_name == "THPT Kon Tum"


def test_the_screens_get_the_audience_block_and_the_poll_only_on_ask_the_audience(
        bank, producer, phone, live_app, client):
    from tests.conftest import TEST_PASSWORD
    from tests.gameshow.conftest import Studio, make_episode

    client.post("/login", data={"username": producer.username, "password": TEST_PASSWORD})
    episode = make_episode(producer, preset="millionaire")
    room = Studio(live_app, client, episode)
    mc, screen = room.staff("mc"), room.screen("overlay")
    registry_school("THCS Lê Lợi", "LL-01")  # only registry schools go on air
    viewers = [audience_phone(phone, episode, f"Xem {n}", "THCS Lê Lợi") for n in range(3)]
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    show = the_show(live_app, episode)
    for n, viewer in enumerate(viewers):
        ack(viewer, "answer", {"question": show.turn.qid, "choices": [n % 2]})
    beat(live_app)
    blocks = [p for name, p in received(screen) if name == "audience"]
    assert blocks[-1]["players"] == 3 and blocks[-1]["poll"] is None
    assert blocks[-1]["schools"][0]["school"] == "THCS Lê Lợi"
    command(mc, "use_lifeline", lifeline="ask_audience")
    beat(live_app)
    blocks = [p for name, p in received(screen) if name == "audience"]
    assert blocks[-1]["poll"]["counts"] == [2, 1, 0, 0]
    room.close()


def test_nothing_leaks_to_seats_screens_or_viewers_in_any_round(studio, phone, live_app, clock):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    seats = {n: studio.seat(n) for n in (1, 2, 3, 4)}
    screen, overlay = studio.screen("screen"), studio.screen("overlay")
    viewer = audience_phone(phone, studio.episode)
    show = the_show(live_app, studio.episode)
    registry = registry_of(live_app)
    leaks = []
    viewer_phase = ["lobby"]  # a "me" block follows the phase event it belongs to

    def hidden_now():
        """The answers no public payload may carry at this moment."""
        found = set()
        turn = show.turn
        if turn is not None and turn.phase != "revealed":
            found |= {a.casefold() for a in show.question.answers} | {
                show.question.explanation.casefold()}
        obstacle = show.content["vuot-chuong-ngai-vat"]
        if show.rules.key == "vuot-chuong-ngai-vat" and show.rs.solved_by is None:
            found.add(obstacle["keyword"].reference.casefold())
            found |= {q.reference.casefold() for i, q in enumerate(obstacle["rows"], start=1)
                      if i not in show.rs.opened}
        return {f for f in found if len(f) > 2}

    def check():
        secrets = hidden_now()
        for name, client in [*((f"seat{n}", c) for n, c in seats.items()),
                             ("screen", screen), ("overlay", overlay)]:
            for event, payload in received(client):
                if event != "state":
                    continue
                payload.get("me", {}).pop("typed", None)
                text = json.dumps(payload, ensure_ascii=False).casefold()
                leaks.extend((name, s) for s in secrets if f'"{s}"' in text)
        for _, payload in received_play(viewer):
            viewer_phase[0] = phase = (payload or {}).get("phase", viewer_phase[0])
            if phase not in ("revealed", "leaderboard", "finished"):
                bad = set(keys_of(payload)) & set(SECRET_KEYS)
                leaks.extend(("viewer", k) for k in bad)

    def step(sender, name, **args):
        reply = command(sender, name, **args)
        assert reply["ok"], (name, reply)
        check()

    def wait(ms):
        clock.advance(ms)
        beat(registry.app)
        check()

    step(mc, "start_round")
    for _ in range(2):  # individual warm-up
        step(mc, "next_question")
        step(mc, "start_timer")
        step(judge, "judge", correct=False)
        step(mc, "reveal")
    step(mc, "start_round")  # common warm-up
    step(mc, "next_question")
    step(mc, "start_timer")
    send(seats[2], "buzz", {})
    check()
    step(judge, "judge", correct=False)
    step(mc, "reveal")
    step(mc, "start_round")  # obstacle
    step(mc, "pick_row", row=2)
    step(mc, "start_timer")
    send(seats[1], "type_answer", {"text": show.question.answers[0]})
    send(seats[3], "buzz", {})  # a claim for the keyword
    check()
    wait(16_000)
    step(mc, "reveal")
    step(mc, "take_keyword")
    step(judge, "judge", correct=False)
    step(mc, "start_round")  # acceleration
    step(mc, "next_question")
    step(mc, "start_timer")
    send(seats[4], "type_answer", {"text": show.question.answers[0]})
    wait(31_000)
    step(mc, "reveal")
    step(mc, "start_round")  # finish
    order = show.rs.order
    step(mc, "choose_pack", values=[20, 30, 30])
    step(mc, "next_question")
    step(mc, "start_timer")
    step(judge, "judge", correct=False)
    thief = next(n for n in seats if n != order[0])
    send(seats[thief], "buzz", {})
    check()
    step(judge, "judge", correct=True)
    step(mc, "reveal")
    assert not leaks, leaks[:5]


def registry_school(name, code):
    from quizapp.schools.models import AdminUnit, School

    unit = AdminUnit.query.filter_by(code="x-test").first() or AdminUnit(
        code="x-test", name="Xã thử", kind="commune")
    school = School(code=code, name=name, unit=unit, level="upper_secondary", enrolment=500)
    db.session.add(school)
    db.session.commit()
    return school


def test_only_registry_schools_and_nothing_the_producer_hid_reach_air(studio, phone, live_app,
                                                                      client):
    registry_school("THPT Kon Tum", "KT-01")
    studio_room = studio
    mc, overlay = studio_room.staff("mc"), studio_room.screen("overlay")
    audience_phone(phone, studio.episode, "Lan", "THPT Kon Tum")
    audience_phone(phone, studio.episode, "Bình", "Trường VCL Vô Học")  # typed, unmatched
    assert ack(phone(), "join", {"pin": db.session.get(Episode, studio.episode.id)
                                 .audience_game.pin, "nickname": "vcl"})["error"] == \
        "nickname_blocked"  # the word filter, as for any nickname
    beat(live_app)
    on_air = [p for name, p in received(overlay) if name == "audience"][-1]
    assert [s["school"] for s in on_air["schools"]] == ["THPT Kon Tum"]
    assert {r["nickname"]: r["school"] for r in on_air["leaderboard"]} == {
        "Lan": "THPT Kon Tum", "Bình": ""}
    key = studio_key_of(studio.episode)
    feed = client.get(f"/studio/{studio.episode.id}/feed.json?k={key}").get_data(as_text=True)
    assert "VCL" not in feed and "THPT Kon Tum" in feed
    staff = [p for name, p in received(mc) if name == "audience"][-1]
    marks = {s["school"]: s["off_air"] for s in staff["schools"]}
    assert marks == {"THPT Kon Tum": None, "Trường VCL Vô Học": "unmatched"}

    # One click hides a nickname, another a school; a third puts the nickname back.
    assert send(mc, "off_air", {"kind": "player", "name": "Lan", "hidden": True})["ok"]
    assert send(mc, "off_air", {"kind": "school", "name": "THPT Kon Tum"})["ok"]
    beat(live_app)
    on_air = [p for name, p in received(overlay) if name == "audience"][-1]
    assert [r["nickname"] for r in on_air["leaderboard"]] == ["Bình"]
    assert on_air["schools"] == []
    feed = client.get(f"/studio/{studio.episode.id}/feed.json?k={key}").get_data(as_text=True)
    assert "Lan" not in json.loads(feed)["fields"].values()
    staff = [p for name, p in received(mc) if name == "audience"][-1]
    assert {r["nickname"]: r["hidden"] for r in staff["leaderboard"]} == {"Lan": True,
                                                                           "Bình": False}
    assert send(mc, "off_air", {"kind": "player", "name": "Lan", "hidden": False})["ok"]
    beat(live_app)
    on_air = [p for name, p in received(overlay) if name == "audience"][-1]
    assert sorted(r["nickname"] for r in on_air["leaderboard"]) == ["Bình", "Lan"]
    assert send(overlay, "off_air", {"kind": "player", "name": "Bình"})["error"] == "forbidden"
    assert send(mc, "off_air", {"kind": "team", "name": "x"})["error"] == "bad_request"
    assert send(mc, "off_air", {"kind": "player", "name": "x" * 300})["error"] == "bad_request"


def millionaire_room(live_app, client, producer):
    from tests.gameshow.studio.test_studio_formats import open_studio

    return open_studio(live_app, client, producer, "millionaire", [
        {"name": "Nguyễn An", "school": "THPT Kon Tum"}])


def choices_on(payload):
    """The choice texts a phone shows: a removed one is None."""
    question = payload["question"]
    return [None if k in question["removed"] else text
            for k, text in enumerate(question["choices"])]


def test_fifty_fifty_takes_the_same_two_choices_off_every_viewers_phone(
        bank, producer, phone, live_app, client):
    room = millionaire_room(live_app, client, producer)
    mc = room.staff("mc")
    viewers = [audience_phone(phone, room.episode, f"Xem {n}") for n in range(2)]
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    show = the_show(live_app, room.episode)
    for viewer in viewers:
        opened = [p for name, p in received_play(viewer) if name == "question"][-1]
        assert opened["question"]["removed"] == []  # nothing taken away yet
    assert ack(viewers[0], "answer", {"question": show.turn.qid, "choices": [0]})["ok"]

    assert command(mc, "use_lifeline", lifeline="fifty_fifty")["ok"]
    gone = [show.question.choices[i] for i in show.turn.hidden]
    kept = [text for i, text in enumerate(show.question.choices) if i not in show.turn.hidden]
    assert len(gone) == 2 and show.question.reference in kept
    for viewer in viewers:  # both phones showing the question are told at once
        update = [p for name, p in received_play(viewer) if name == "question"]
        assert update, "no update after the 50:50"
        shown = choices_on(update[-1])
        assert [t for t in shown if t] == kept and not set(gone) & set(shown)
        assert update[-1]["phase"] == "open" and update[-1]["remaining_ms"] > 0

    # A hostile client sends an answer for a removed choice: refused with its own code.
    removed_index = update[-1]["question"]["removed"][0]
    reply = ack(viewers[1], "answer", {"question": show.turn.qid, "choices": [removed_index]})
    assert reply["ok"] is False and reply["error"] == "choice_removed", reply
    assert reply["message"] == "Lựa chọn này đã bị loại, hãy chọn đáp án khác."

    # The phone reconnects (a new connection resumes with its token) after the server lost the
    # game from memory (a restart: rebuilt from its snapshot and command log): still without them.
    viewers[1].disconnect("/play")
    game_id = db.session.get(Episode, room.episode.id).audience_game_id
    registry_of(live_app).forget(game_id)
    again = phone()
    resumed = ack(again, "resume", {"token": viewers[1].join_token})
    assert resumed["ok"], resumed
    assert [t for t in choices_on(resumed["state"]) if t] == kept
    remaining = next(k for k, t in enumerate(choices_on(resumed["state"])) if t)
    assert ack(again, "answer", {"question": show.turn.qid, "choices": [remaining]})["ok"]
    room.close()


def test_a_fifty_fifty_while_the_mc_reads_reaches_the_phones_with_the_question(
        bank, producer, phone, live_app, client):
    room = millionaire_room(live_app, client, producer)
    mc = room.staff("mc")
    viewer = audience_phone(phone, room.episode)
    command(mc, "start_round")
    command(mc, "next_question")
    assert command(mc, "use_lifeline", lifeline="fifty_fifty")["ok"]  # before the clock
    assert [name for name, _ in received_play(viewer)] == []  # the question is not out yet
    command(mc, "start_timer")
    show = the_show(live_app, room.episode)
    opened = [p for name, p in received_play(viewer) if name == "question"][-1]
    kept = [text for i, text in enumerate(show.question.choices) if i not in show.turn.hidden]
    assert [t for t in choices_on(opened) if t] == kept
    room.close()
