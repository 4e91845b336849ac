"""Fixtures of live games (the app, a contest, a game, phones and a host socket), for the
contest, live-game and studio tests."""

import gc

import pytest

from quizapp.bank.formats.question import Choice
from quizapp.bank.formats.question import Question as Record
from quizapp.bank.models import Topic
from quizapp.bank.service import change_status, save_question
from quizapp.contests.live.games import open_game
from quizapp.contests.live.registry import registry_of
from quizapp.contests.service import create_contest
from quizapp.extensions import db, socketio
from quizapp.live import throttle
from quizapp.live.gcpolicy import GcPolicy


class FakeClock:
    """The registry's clock, moved by hand so deadlines are reached without waiting."""

    def __init__(self, start=1_764_000_000_000):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, ms):
        self.now += ms


@pytest.fixture
def live_app(app):
    app.config["LIVE_TICKER"] = False
    app.config["LIVE_BATCH_ANSWERS"] = False
    registry = registry_of(app)
    registry.batch_answers = False
    registry.games.clear()
    registry.connections.clear()
    clock = FakeClock()
    registry.clock = clock
    registry.gc_policy = GcPolicy()  # the app may outlive a test: start from "not frozen"
    thresholds = gc.get_threshold()
    throttle.reset(app)  # rate-limit counters are the app's: each test starts with none
    yield app
    registry.games.clear()
    registry.connections.clear()
    gc.unfreeze()  # a test's heartbeat may have frozen its objects (quizapp/live/gcpolicy.py)
    gc.set_threshold(*thresholds)  # and spaced out its collections


@pytest.fixture
def clock(live_app):
    return registry_of(live_app).clock


def make_questions(count=3):
    topic = Topic(slug="mat-khau", name="Mật khẩu", name_en="Passwords")
    db.session.add(topic)
    db.session.commit()
    kinds = [
        Record(kind="single", text="Mật khẩu nào mạnh nhất?", choices=[
            Choice("123456"), Choice("Tr0ng-Dong!Kon-Tum", True), Choice("matkhau")],
            explanation="Dài và trộn ký tự."),
        Record(kind="true_false", text="Nên chia sẻ mã OTP cho người thân.", answer=False,
               explanation="OTP là của riêng bạn."),
        Record(kind="type_answer", text="Viết tắt của mật khẩu dùng một lần?",
               answers=["OTP"], explanation="One-time password."),
        Record(kind="multiple", text="Dấu hiệu nào cho thấy tin nhắn lừa đảo?", choices=[
            Choice("Giục chuyển tiền gấp", True), Choice("Đường link lạ", True),
            Choice("Tin từ giáo viên chủ nhiệm quen")], explanation="Lừa đảo tạo áp lực."),
        Record(kind="ordering", text="Xếp các bước khi bị lộ mật khẩu", items=[
            "Đổi mật khẩu", "Bật xác thực hai yếu tố", "Kiểm tra thiết bị đăng nhập"],
            explanation="Đổi trước, khoá sau."),
        Record(kind="poll", text="Bạn dùng trình quản lý mật khẩu chưa?", choices=[
            Choice("Rồi"), Choice("Chưa")]),
    ]
    questions = []
    for record in kinds[:count]:
        question, _ = save_question(record, topic, None)
        change_status([question], "approved", None)
        questions.append(question)
    return questions


@pytest.fixture
def host_user(make_user):
    return make_user("host", username="gv.host")


@pytest.fixture
def contest_factory(live_app, host_user):
    def make(count=3, **options):
        questions = make_questions(count)
        return create_contest(host_user, "Thi thử an toàn thông tin", [q.id for q in questions],
                              {"preview_ms": 0, "shuffle_answers": False, **options})

    return make


@pytest.fixture
def game(contest_factory, host_user):
    return open_game(contest_factory(), host_user)


@pytest.fixture
def phone(live_app):
    """Return a function making connected /play test clients."""
    clients = []

    def connect():
        client = socketio.test_client(live_app, namespace="/play")
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected("/play"):
            client.disconnect("/play")


@pytest.fixture
def host_socket(live_app, client, host_user):
    from tests.conftest import TEST_PASSWORD

    client.post("/login", data={"username": host_user.username, "password": TEST_PASSWORD})
    socket = socketio.test_client(live_app, namespace="/host", flask_test_client=client)
    yield socket
    if socket.is_connected("/host"):
        socket.disconnect("/host")


def ack(client, event, payload, namespace="/play"):
    return client.emit(event, payload, namespace=namespace, callback=True)


def events(client, namespace="/play"):
    return [(m["name"], m["args"][0] if m["args"] else None)
            for m in client.get_received(namespace)]
