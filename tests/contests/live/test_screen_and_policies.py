"""The big screen's key, nickname policies, and what the screen is sent."""

import json

import pytest

from quizapp.contests.live.games import open_game
from quizapp.extensions import socketio
from quizapp.live.tokens import screen_key
from tests.contests.conftest import ack, events


def screen(app):
    return socketio.test_client(app, namespace="/screen")


def test_screen_needs_its_signed_key(game, live_app):
    client = screen(live_app)
    assert ack(client, "watch", {"game_id": game.id, "key": "guess"}, "/screen")["error"] == \
        "forbidden"
    reply = ack(client, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    assert reply["ok"] and reply["pin"] == game.pin
    assert reply["join_url"] == f"http://quiz.test/play/{game.pin}"


def test_screen_never_sees_the_answer_before_the_reveal(game, live_app, phone, host_socket):
    from quizapp.contests.live.registry import registry_of
    from quizapp.live.ticker import beat

    watcher = screen(live_app)
    ack(watcher, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    player = phone()
    ack(player, "join", {"pin": game.pin, "nickname": "Lan"})
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    registry_of(live_app).clock.advance(1000)
    beat(live_app)
    before = json.dumps(events(watcher, "/screen"), ensure_ascii=False)
    assert "Tr0ng-Dong!Kon-Tum" in before  # the choice text is shown...
    assert "correct" not in before and "Dài và trộn ký tự" not in before  # ...not the answer
    ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")  # close
    ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")  # reveal
    after = events(watcher, "/screen")
    assert after[-1][1]["reveal"]["correct_choices"] == [1]
    assert after[-1][1]["reveal"]["explanation"] == "Dài và trộn ký tự."


def test_host_state_is_coalesced_for_joins(game, live_app, phone, host_socket):
    from quizapp.contests.live.registry import registry_of
    from quizapp.live.ticker import beat

    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    for i in range(5):
        ack(phone(), "join", {"pin": game.pin, "nickname": f"Bạn {i}"})
    assert events(host_socket, "/host") == []  # nothing yet: joins only mark it stale
    registry = registry_of(live_app)
    registry.clock.advance(1000)
    beat(registry.app)
    sent = events(host_socket, "/host")
    assert len(sent) == 1 and len(sent[0][1]["players"]) == 5


def test_generated_nicknames(contest_factory, host_user, phone):
    game = open_game(contest_factory(nickname_policy="generated"), host_user)
    reply = ack(phone(), "join", {"pin": game.pin, "nickname": "Tên thật Nguyễn Văn A"})
    assert reply["ok"] and "Nguyễn" not in reply["state"]["me"]["nickname"]


def test_roster_nicknames(contest_factory, host_user, phone):
    game = open_game(contest_factory(nickname_policy="roster",
                                     roster="Nguyễn Thị Lan\nTrần Minh"), host_user)
    reply = ack(phone(), "join", {"pin": game.pin, "nickname": "nguyen thi lan"})
    assert reply["ok"] and reply["state"]["me"]["nickname"] == "Nguyễn Thị Lan"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "Ai đó"})["error"] == \
        "not_on_roster"


def test_school_code_links_the_player_to_the_registry(game, phone, units):
    from quizapp.contests.models import Player
    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit, School

    db.session.add(School(code="KT-01", name="THCS Lê Lợi", level="lower_secondary",
                          unit=AdminUnit.query.filter_by(code="T-P1").one(), enrolment=500))
    db.session.commit()
    ack(phone(), "join", {"pin": game.pin, "nickname": "Lan", "school": "KT-01"})
    ack(phone(), "join", {"pin": game.pin, "nickname": "Minh", "school": "Trường khác"})
    players = {p.nickname: p for p in Player.query}
    assert players["Lan"].school.code == "KT-01" and players["Lan"].school_name == "THCS Lê Lợi"
    assert players["Minh"].school_id is None and players["Minh"].school_name == "Trường khác"


def test_phones_in_the_lobby_learn_the_player_count(game, live_app, phone):
    from quizapp.contests.live.registry import registry_of
    from quizapp.live.ticker import beat

    first = phone()
    ack(first, "join", {"pin": game.pin, "nickname": "Lan"})
    for name in ("Minh", "Hoa"):
        ack(phone(), "join", {"pin": game.pin, "nickname": name})
    registry = registry_of(live_app)
    registry.clock.advance(1000)
    beat(registry.app)
    lobby = [state for name, state in events(first) if name == "lobby"]
    assert lobby[-1]["player_count"] == 3 and "me" not in lobby[-1]


def test_join_code_is_required_when_the_host_turns_it_on(contest_factory, host_user, phone,
                                                         live_app):
    from quizapp.contests.live.joincode import join_code
    from quizapp.contests.live.registry import registry_of

    game = open_game(contest_factory(join_code=True), host_user)
    watcher = screen(live_app)
    watched = ack(watcher, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    code = watched["join_code"]
    now = registry_of(live_app).clock()
    assert code == join_code(live_app.config["SECRET_KEY"], game.id, now)
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "A"})["error"] == \
        "join_code_required"
    wrong = f"{(int(code) + 1) % 10000:04d}"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "A", "code": wrong})["error"] == \
        "join_code_wrong"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "A", "code": code})["ok"]
    registry_of(live_app).clock.advance(20_000)  # the previous code is still accepted...
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "B", "code": code})["ok"]
    registry_of(live_app).clock.advance(20_000)  # ...but not the one before
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "C", "code": code})["error"] == \
        "join_code_wrong"


def test_the_screen_is_sent_each_new_join_code(contest_factory, host_user, live_app):
    from quizapp.contests.live.registry import registry_of
    from quizapp.live.ticker import beat

    game = open_game(contest_factory(join_code=True), host_user)
    watcher = screen(live_app)
    ack(watcher, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    registry = registry_of(live_app)
    for _ in range(3):
        beat(registry.app)
        registry.clock.advance(20_000)
    codes = [payload for name, payload in events(watcher, "/screen") if name == "join_code"]
    assert len(codes) == 3 and all(len(c["join_code"]) == 4 for c in codes)


def test_banned_nickname_cannot_come_back(game, phone, host_socket):
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    joined = ack(phone(), "join", {"pin": game.pin, "nickname": "Kẻ Phá"})
    assert ack(host_socket, "command", {"game_id": game.id, "name": "ban",
                                        "player_id": joined["player_id"]}, "/host")["ok"]
    for disguise in ("ke pha", "Kẻ  Phá", "KẺ PHÁ", "Kẻ-Phá", "\u200bKẻ Phá"):
        assert ack(phone(), "join", {"pin": game.pin, "nickname": disguise})["error"] == \
            "nickname_banned", disguise



def test_a_big_lobby_is_refreshed_slowly_and_the_console_once_a_second(monkeypatch):
    """Joins mark everything stale; the lobby goes to every phone, the console to one host."""
    from types import SimpleNamespace

    from quizapp.live import dispatch

    sent, clock = [], [0]

    def recorder(name, flag):
        def send(live, now_ms):
            sent.append((name, now_ms))
            setattr(live, flag, False)
        return send

    monkeypatch.setattr(dispatch, "send_host", recorder("host", "host_dirty"))
    monkeypatch.setattr(dispatch, "send_screen", recorder("screen", "screen_dirty"))
    monkeypatch.setattr(dispatch, "player_view", lambda *args: {})
    monkeypatch.setattr(dispatch.socketio, "emit",
                        lambda event, *args, **kwargs: sent.append((event, clock[0])))

    def sends(players):
        sent.clear()
        live = SimpleNamespace(id=1, last_coalesced_ms=0, last_lobby_ms=0, engine=SimpleNamespace(
            active_count=players, phase=SimpleNamespace(value="lobby")))
        for now in range(1000, 11_001, 250):  # one heartbeat every 250 ms while phones join
            clock[0] = now
            live.host_dirty = live.screen_dirty = live.players_dirty = True
            dispatch.flush_coalesced(live, now)
        return {name: [t for n, t in sent if n == name] for name in ("host", "screen", "lobby")}

    big = sends(10_000)
    assert big["host"] == big["screen"] == list(range(1000, 11_001, 1000))
    assert big["lobby"] == [10_000]  # 10,000 phones: every 10 s
    small = sends(300)
    assert len(small["host"]) == 41  # every heartbeat
    assert small["lobby"] == list(range(1000, 11_001, 750))  # 300 phones: every 750 ms
    class_sized = sends(40)
    assert len(class_sized["lobby"]) == 41  # a class sees its count at every heartbeat


@pytest.mark.parametrize("players,per_second", [(2000, 300), (2000, 60), (10_000, 200)])
def test_the_lobby_costs_the_phones_the_same_messages_a_second_however_slow_the_joins(
        monkeypatch, players, per_second):
    """Each refresh of the lobby's count is one message per phone. A hall joining slowly (a
    busy server) takes longer: the refreshes must not cost every phone again each second
    it takes (they did: 2,000 phones joining at 60 a second were sent 66,000 messages)."""
    from types import SimpleNamespace

    from quizapp.live import dispatch

    refreshes = []
    monkeypatch.setattr(dispatch, "player_view", lambda *args: {})
    monkeypatch.setattr(dispatch.socketio, "emit", lambda event, *args, **kwargs:
                        refreshes.append((now, live.engine.active_count)))
    monkeypatch.setattr(dispatch, "send_host", lambda live, now_ms: None)
    monkeypatch.setattr(dispatch, "send_screen", lambda live, now_ms: None)
    live = SimpleNamespace(id=1, last_coalesced_ms=0, last_lobby_ms=0, host_dirty=False,
                           screen_dirty=False, players_dirty=False, engine=SimpleNamespace(
                               active_count=0, phase=SimpleNamespace(value="lobby")))
    now, joined = 0, 0.0
    while live.engine.active_count < players:  # a heartbeat every 25 ms, joins in between
        now += 25
        joined += per_second * 0.025
        if int(joined) > live.engine.active_count:
            live.engine.active_count = min(players, int(joined))
            live.players_dirty = True
        dispatch.flush_coalesced(live, now)
    last_join = now
    while now < last_join + dispatch.LOBBY_MAX_MS:  # nobody joins any more
        now += 25
        dispatch.flush_coalesced(live, now)
    messages = sum(count for _, count in refreshes)
    # 400 a second (one refresh every 10 s above 4,000 phones), and the refresh after the end
    per_second = max(400, players * 1000 / dispatch.LOBBY_MAX_MS)
    assert messages <= per_second * last_join / 1000 + players
    assert refreshes[-1][1] == players  # every phone ends up with the full count
    times = [at for at, _ in refreshes]
    assert max(b - a for a, b in zip(times, times[1:], strict=False)) <= dispatch.LOBBY_MAX_MS


def test_after_a_burst_of_200_joins_the_host_and_every_phone_count_all_of_them(
        game, live_app, phone, host_socket):
    from quizapp.contests.live.registry import registry_of
    from quizapp.live import dispatch
    from quizapp.live.ticker import beat

    registry = registry_of(live_app)
    assert ack(host_socket, "watch", {"game_id": game.id}, "/host")["ok"]
    phones = []
    for i in range(200):
        phones.append(phone())
        assert ack(phones[-1], "join", {"pin": game.pin, "nickname": f"Bạn {i}"})["ok"]
        registry.clock.advance(25)  # the heartbeat runs between the joins
        beat(live_app)
    registry.clock.advance(dispatch.LOBBY_MAX_MS)
    beat(live_app)
    console = [state for name, state in events(host_socket, "/host") if name == "state"][-1]
    assert console["player_count"] == 200
    assert sorted(row["nickname"] for row in console["players"]) == \
        sorted(f"Bạn {i}" for i in range(200))
    for client in phones:
        lobby = [state for name, state in events(client) if name == "lobby"]
        assert lobby[-1]["player_count"] == 200
