"""The CasparCG bridge against a tiny fake AMCP server on 127.0.0.1 that records every command."""

import json
import socket
import socketserver
import threading

import pytest

from quizapp.gameshow import caspar, service

from .conftest import command, last_state, make_episode

TARGET = dict(CASPARCG_CHANNEL_LAYER="1-20", CASPARCG_FLASH_LAYER="1",
              CASPARCG_TEMPLATE="quizapp/quizapp", CASPARCG_EPISODE=None)


def amcp_params(line: str) -> list[str]:
    """Split an AMCP command as CasparCG does: quoted parameters with \\" and \\\\ escapes."""
    params, current, quoted, escaped, started = [], [], False, False, False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if current or started:
                params.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
    if current or started:
        params.append("".join(current))
    return params


class FakeCaspar:
    """Answers every command with ``reply`` (default ``202 CG OK``), or never (``silent``)."""

    def __init__(self, port: int = 0) -> None:
        self.commands: list[str] = []
        self.reply = "202 CG OK"
        self.silent = False
        self.connections: list[socket.socket] = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                fake.connections.append(self.connection)
                for raw in self.rfile:
                    assert raw.endswith(b"\r\n")
                    fake.commands.append(raw.decode("utf-8")[:-2])
                    if fake.silent:
                        continue
                    self.wfile.write(fake.reply.encode() + b"\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop like a crashed server: the listener and every open connection close."""
        self.server.shutdown()
        self.server.server_close()
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def data(self, index: int) -> dict:
        return json.loads(amcp_params(self.commands[index])[-1])


@pytest.fixture
def fake():
    server = FakeCaspar()
    yield server
    server.stop()


def target_for(fake, **changes):
    return caspar.target_from({**TARGET, "CASPARCG_URL": f"127.0.0.1:{fake.port}", **changes})


def test_settings_are_checked_and_name_the_one_at_fault():
    assert caspar.target_from({**TARGET, "CASPARCG_URL": ""}) is None
    target = caspar.target_from({**TARGET, "CASPARCG_URL": "tcp://graphics.lan:5251"})
    assert (target.host, target.port, target.channel, target.layer) == ("graphics.lan", 5251, 1, 20)
    assert caspar.target_from({**TARGET, "CASPARCG_URL": "graphics.lan"}).port == 5250
    bad = {"CASPARCG_URL": ["http://x:80", "x:notaport", "tcp://:5250", "x:5250/path"],
           "CASPARCG_CHANNEL_LAYER": ["1", "a-b", "1-2-3", ""],
           "CASPARCG_FLASH_LAYER": ["x", "-1", "1234567"],
           "CASPARCG_TEMPLATE": ['a" 1 "b', "../etc/passwd", "", "x" * 300],
           "CASPARCG_EPISODE": ["seven"]}
    for name, values in bad.items():
        for value in values:
            config = {**TARGET, "CASPARCG_URL": "x:5250", name: value}
            with pytest.raises(ValueError, match=f"QUIZAPP_{name}"):
                caspar.target_from(config)


def test_add_loads_the_template_then_update_sends_only_changes(fake):
    bridge = caspar.Bridge(target_for(fake))
    values = {"question_text": 'Mật khẩu "mạnh" có \\ ký tự?\nDòng hai', "seat1_score": "10"}
    assert bridge.push(7, values, now_s=0) == "ADD"
    assert bridge.push(7, values, now_s=1) is None  # nothing changed: nothing sent
    assert bridge.push(7, {**values, "seat1_score": "20"}, now_s=2) == "UPDATE"
    bridge.close()
    assert [c.split(" ")[:4] for c in fake.commands] == [["CG", "1-20", "ADD", "1"],
                                                          ["CG", "1-20", "UPDATE", "1"]]
    assert amcp_params(fake.commands[0])[4:6] == ["quizapp/quizapp", "1"]  # template, play
    assert fake.data(0) == values  # quotes, backslash, newline and Vietnamese survive
    assert fake.data(1)["seat1_score"] == "20"
    assert "\n" not in fake.commands[0]


def test_a_failure_backs_off_then_reconnects_and_loads_the_template_again(fake):
    bridge = caspar.Bridge(target_for(fake), timeout_s=0.5)
    assert bridge.push(1, {"a": "1"}, now_s=100) == "ADD"
    port = fake.port
    fake.stop()
    assert bridge.push(1, {"a": "2"}, now_s=101) is None  # the send or its reply fails
    assert bridge.failures == 1 and bridge.last_error and bridge.conn is None
    assert bridge.push(1, {"a": "3"}, now_s=101.5) is None  # waiting: no connection tried
    assert bridge.failures == 1
    assert bridge.push(1, {"a": "3"}, now_s=102.5) is None  # server still down: 2 s next
    assert bridge.failures == 2 and bridge.retry_at == 104.5
    again = FakeCaspar(port)
    try:
        assert bridge.push(1, {"a": "3"}, now_s=105) == "ADD"  # a restarted server: reload
        assert again.data(0) == {"a": "3"} and bridge.failures == 0
        assert bridge.push(1, {"a": "4"}, now_s=105.1) == "UPDATE"
    finally:
        bridge.close()
        again.stop()


def test_an_error_reply_or_a_server_that_never_answers_is_a_failure_not_a_hang(fake):
    fake.reply = "404 CG ERROR"
    bridge = caspar.Bridge(target_for(fake), timeout_s=0.3)
    assert bridge.push(1, {"a": "1"}, now_s=0) is None
    assert "404" in bridge.last_error and bridge.retry_at == 1
    fake.reply, fake.silent = "202 CG OK", True
    assert bridge.push(1, {"a": "1"}, now_s=1) is None
    assert bridge.failures == 2 and bridge.conn is None
    fake.silent = False
    assert bridge.push(1, {"a": "1"}, now_s=3) == "ADD"
    bridge.close()


def test_a_new_episode_on_air_loads_the_template_again(fake):
    bridge = caspar.Bridge(target_for(fake))
    assert bridge.push(1, {"a": "1"}, now_s=0) == "ADD"
    assert bridge.push(2, {"a": "1"}, now_s=1) == "ADD"
    bridge.close()


def test_nothing_listening_is_a_failure_with_a_retry(fake):
    port = fake.port
    fake.stop()
    with socket.socket() as probe:  # the port is closed now
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    bridge = caspar.Bridge(target_for(fake), timeout_s=0.3)
    assert bridge.push(1, {"a": "1"}, now_s=0) is None and bridge.retry_at == 1


def test_the_studio_pushes_the_episode_on_air_and_never_an_early_answer(studio, live_app, fake):
    live_app.config.update(TARGET, CASPARCG_URL=f"127.0.0.1:{fake.port}")
    caspar.init_app(live_app)
    try:
        assert caspar.push_once(live_app, 0) == "ADD"
        first = fake.data(0)
        assert first["seat1_name"] == "Nguyễn An" and first["stage"] == "lobby"
        mc, judge = studio.staff("mc"), studio.staff("judge")
        command(mc, "start_round")
        command(mc, "next_question")
        command(mc, "start_timer")
        assert caspar.push_once(live_app, 1) == "UPDATE"
        reference = last_state(judge)["answer"]["reference"]
        sent = fake.data(1)
        assert sent["round_number"] == "1" and sent["question_text"] and sent["deadline_ms"]
        assert reference not in fake.commands[1]
        command(judge, "judge", correct=True)
        command(mc, "reveal")
        assert caspar.push_once(live_app, 2) == "UPDATE"
        assert fake.data(2)["answer"] == reference
    finally:
        caspar.bridge_of(live_app).close()


def test_the_background_loop_survives_a_bad_step(studio, live_app, fake, monkeypatch):
    live_app.config.update(TARGET, CASPARCG_URL=f"127.0.0.1:{fake.port}")
    caspar.init_app(live_app)
    steps = []

    def flaky(app, now_s):
        steps.append(now_s)
        if len(steps) == 1:
            raise RuntimeError("a bad step")
        episode_id, values, _ = caspar.on_air(app)
        return caspar.bridge_of(app).push(episode_id, values, now_s)

    class Stop(Exception):
        pass

    def sleep(_):
        if len(steps) >= 2:
            raise Stop

    monkeypatch.setattr(caspar, "push_once", flaky)
    with pytest.raises(Stop):
        caspar._run(live_app, sleep, lambda: 5.0)
    caspar.bridge_of(live_app).close()
    assert steps == [5.0, 5.0] and [c.split(" ")[2] for c in fake.commands] == ["ADD"]
    assert fake.data(0)["seat1_name"] == "Nguyễn An"  # the episode on air


def test_the_final_state_is_pushed_once_after_the_show_ends(studio, live_app, fake):
    live_app.config.update(TARGET, CASPARCG_URL=f"127.0.0.1:{fake.port}")
    caspar.init_app(live_app)
    try:
        assert caspar.push_once(live_app, 0) == "ADD"
        mc = studio.staff("mc")
        command(mc, "end_show")
        assert caspar.push_once(live_app, 1) == "UPDATE"  # from the stored row: it left the studio
        assert fake.data(1)["stage"] == "finished" and fake.data(1)["winners"]
        assert caspar.push_once(live_app, 2) is None  # once
        assert len(fake.commands) == 2
    finally:
        caspar.bridge_of(live_app).close()


def test_a_rehearsal_reaches_the_layer_only_when_named(bank, producer, live_app, fake):
    draft = make_episode(producer, start=False)
    rehearsal = service.start_rehearsal(draft, producer)
    live_app.config.update(TARGET, CASPARCG_URL=f"127.0.0.1:{fake.port}")
    caspar.init_app(live_app)
    assert caspar.push_once(live_app, 0) is None and fake.commands == []
    live_app.config["CASPARCG_EPISODE"] = str(rehearsal.id)
    caspar.init_app(live_app)
    try:
        assert caspar.push_once(live_app, 1) == "ADD"
        assert fake.data(0)["seat1_name"] == "Nguyễn An"
    finally:
        caspar.bridge_of(live_app).close()


def test_a_bad_setting_stops_the_server_at_start_and_no_setting_means_no_bridge():
    from quizapp import create_app

    base = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "threading"}
    with pytest.raises(ValueError, match="QUIZAPP_CASPARCG_CHANNEL_LAYER"):
        create_app({**base, "CASPARCG_URL": "graphics.lan:5250", "CASPARCG_CHANNEL_LAYER": "20"})
    assert "quizapp.caspar" not in create_app(base).extensions
    app = create_app({**base, "CASPARCG_URL": "graphics.lan:5250"})
    assert caspar.bridge_of(app).target.template == "quizapp/quizapp"
