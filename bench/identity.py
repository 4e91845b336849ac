"""How well coverage counts pupils and schools: a province-year with known ground truth.

Generates schools, classes and pupils with realistic Vietnamese names (so namesakes happen as
they do), and a school year of live games played through the real join paths (Flask-SocketIO's
test client: `roster`, `join`, `answer`, host `command`), with the habits people have: typos,
short names, retyping on a borrowed phone, shared phones, typed school names, TV viewers
picking a school, and fake viewers claiming a school that held nothing. Then it rolls the year
up with the coverage code and compares what is counted with the truth.

Two runs on fresh databases: `with_rosters` (every school imported its class lists; pupils
choose class then name, groups choose their members) and `without_rosters` (pupils type).
Prints one JSON line:

    {"with_rosters": {"pupils_true", "pupils_counted", "pupils_wrong", "schools_held_wrong",
                      "schools", "participations", "seconds"}, "without_rosters": {...},
     "config": {...}}

`pupils_wrong` = identities counted that are no real pupil + real pupils missed (a best
one-to-one matching of counted identities to pupils). Default: 30 schools; `--full` is the
province of issue 15 (300 schools; about 31,700 joins a run with these habits).

    .venv/bin/python bench/identity.py [--schools 30] [--full] [--seed 7]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2),
          ("Phan", 4), ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
          ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 2), ("Trương", 1), ("Lương", 1)]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Gia", "Hoàng", "Anh",
            "Tuấn", "Ngọc", "Xuân", "Trọng", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Bảo", "Hồng", "Phương", "Khánh",
            "Mai", "Diệu", "Hà", "Thuỳ", "Quỳnh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Huy", "Hùng",
           "Khang", "Khoa", "Kiên", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phát",
           "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh",
           "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Khôi", "Bảo", "Đăng", "Hưng"]
GIVEN_F = ["An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương",
           "Huyền", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung",
           "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thư", "Thuỷ", "Trang", "Trâm",
           "Uyên", "Vân", "Vy", "Yến", "Hân", "Ngân", "Diệp", "Tiên"]
# Kon Tum's Xơ Đăng, Ba Na, Gia Rai pupils: "A"/"Y" and a given name.
ETHNIC = ["Blin", "Sương", "Thiêm", "Hnun", "Byưn", "Duy", "Phiên", "Rơ", "Hyen", "Nhung",
          "Kơ", "Thiết", "Hlơ", "Đen", "Mơ", "Lâm", "Ní", "Đôn", "Hơn", "Yưn", "Rin", "Thảo",
          "Lan", "Hằng", "Dếch", "Pót", "Hmưi", "Nghiêm", "Glôh", "Diệp", "Thuý", "Vương",
          "Tơ", "Krông", "Bưm", "Rông", "Chiên", "Dim", "Hiếu", "Luyện"]
SCHOOL_WORDS = ["Nguyễn Huệ", "Lê Lợi", "Trần Phú", "Quang Trung", "Lý Tự Trọng", "Chu Văn An",
                "Phan Bội Châu", "Võ Thị Sáu", "Kim Đồng", "Ngô Quyền", "Đăk Long", "Ngọc Hồi",
                "Sa Thầy", "Đắk Hà", "Kon Plông", "Đăk Tô", "Tu Mơ Rông", "Ia H'Drai",
                "Nguyễn Du", "Hùng Vương", "Lê Quý Đôn", "Trần Quốc Toản", "Tô Vĩnh Diện"]

HABITS = {
    "retype": 0.25,  # a participation typed on another phone than the pupil's own
    "typo_on_retype": 0.08,  # a retyped name has a typo (swap, drop, double)
    "short_on_retype": 0.04,  # a retyped name is the given name only
    "short_always": 0.015,  # pupils who always use their given name only
    "group_share": 0.05,  # share of pupils of a rural school joining in a group
    "typed_school_variant": 0.6,  # open-game pupils who type rather than pick their school
    "fake_viewers": 12,
}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def make_name(rng, ethnic_share):
    if rng.random() < ethnic_share:  # "A Blin", "Y Thị Hơn", "A Krông Duy"
        middle = rng.choice(["", "", "Thị ", "Văn ", f"{rng.choice(ETHNIC)} "])
        return f"{rng.choice(['A', 'Y'])} {middle}{rng.choice(ETHNIC)}"
    female = rng.random() < 0.5
    family = weighted(rng, FAMILY)
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{family} {middle} {given}"


def typo(rng, name):
    """A phone typo in one word of at least three letters: swap, drop or double a letter."""
    words = name.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 3]
    if not candidates:
        return name
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif kind == "drop":
        word = word[:j] + word[j + 1:]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


def class_spelling(rng, klass):
    return rng.choice([klass, klass.lower(), f"Lớp {klass}", f"{klass[:-1]} {klass[-1]}",
                       f"lop {klass.lower()}"])


def strip_accents(text):
    from quizapp.engine.matching import fold_accents

    return fold_accents(text)


# --------------------------------------------------------------------------- the province
def province(rng, schools):
    """Return schools with classes and pupils, and the year's programs (the ground truth)."""
    out = []
    for index in range(schools):
        rural = rng.random() < 0.5
        name = f"THCS {SCHOOL_WORDS[index % len(SCHOOL_WORDS)]}"
        if index >= len(SCHOOL_WORDS):
            name += f" {index // len(SCHOOL_WORDS) + 1}"
        classes = {}
        for grade in range(6, 10):
            for letter in "ABC"[:rng.choice((1, 2, 3))]:
                size = rng.randint(28, 40)
                classes[f"{grade}{letter}"] = [make_name(rng, 0.35 if rural else 0.05)
                                               for _ in range(size)]
        out.append({"index": index, "code": f"KT-{index:04d}", "name": name, "rural": rural,
                    "classes": classes})
    return out


def plan_programs(rng, schools):
    """Live games of the year: who plays, from which school, through which door."""
    games = []
    for school in schools:
        roll = rng.random()
        classes = list(school["classes"])
        if roll < 0.12:
            continue  # no program this year
        if roll < 0.2:  # a small club game: fewer pupils than K
            klass = rng.choice(classes)
            pupils = [(klass, i) for i in range(len(school["classes"][klass]))][:6]
            games.append({"kind": "school", "school": school["index"], "pupils": pupils})
            continue
        for _ in range(rng.choice((1, 2, 2, 3))):
            chosen = rng.sample(classes, min(len(classes), rng.choice((1, 2, 3))))
            pupils = [(k, i) for k in chosen for i in range(len(school["classes"][k]))
                      if rng.random() < 0.92]
            games.append({"kind": "school", "school": school["index"], "pupils": pupils})
    # inter-school games: per-school QR codes for some schools, typed schools for others
    for start in range(0, len(schools), 10):
        group = schools[start:start + 10]
        for door in ("qr", "typed"):  # (with rosters both use the schools' QR codes)
            players = []
            for school in rng.sample(group, min(3, len(group))):
                klass = rng.choice(list(school["classes"]))
                players += [(school["index"], klass, i)
                            for i in range(len(school["classes"][klass])) if rng.random() < 0.5]
            games.append({"kind": "inter", "door": door, "players": players})
    # the TV audience: pupils at home picking their school, and fake viewers
    viewers = []
    for school in rng.sample(schools, max(1, len(schools) // 3)):
        klass = rng.choice(list(school["classes"]))
        viewers += [(school["index"], klass, i) for i in range(3)]
    games.append({"kind": "tv", "players": viewers})
    return games


# --------------------------------------------------------------------------- the run
def make_app(workdir, seed):
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.extensions import MIGRATIONS_DIR

    app = create_app({"TESTING": True, "SECRET_KEY": f"bench-{seed}",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None,
                      "WTF_CSRF_ENABLED": False, "PUBLIC_URL": "http://quiz.test",
                      "LIVE_TICKER": False, "LIVE_BATCH_ANSWERS": False,
                      "LIVE_CLAIMS_PER_ADDRESS": 100_000, "LIVE_CLAIMS_PER_GAME": 100_000})
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
    from quizapp.contests.live.registry import registry_of

    registry_of(app).batch_answers = False  # each join and answer stored before its ack
    # Every phone of this in-process province shares one address: lift the per-address join
    # limit (600 a minute) only, which a real province spreads over thousands of addresses.
    from quizapp.contests.live import namespaces

    limited = namespaces.allow
    namespaces.allow = lambda key, limit, per: key.startswith("join-ip:") or \
        limited(key, limit, per)
    return app


class Run:
    """One province-year played on a fresh database, with or without rosters."""

    def __init__(self, app, rng, schools, games, rosters):
        self.app, self.rng, self.schools, self.games = app, rng, schools, games
        self.rosters = rosters
        self.truth = {}  # player row (game id, player key) -> true pupils, in member order
        self.participations = 0
        self.devices = {}  # true pupil -> the name as their own phone remembers it
        self.logins = {}

    def setup(self):
        from quizapp.accounts.service import create_user
        from quizapp.bank.formats.question import Choice
        from quizapp.bank.formats.question import Question as Record
        from quizapp.bank.models import Topic
        from quizapp.bank.service import change_status, save_question
        from quizapp.extensions import db
        from quizapp.schools.models import AdminUnit, School
        from quizapp.schools.rosters import import_roster

        unit = AdminUnit(code="bench", name="Tỉnh mẫu", kind="commune")
        db.session.add(unit)
        topic = Topic(slug="mat-khau", name="Mật khẩu", name_en="Passwords")
        db.session.add(topic)
        db.session.commit()
        question, _ = save_question(Record(kind="single", text="Mật khẩu nào mạnh nhất?",
                                           choices=[Choice("123456"), Choice("Tr0ng!Dong", True)],
                                           explanation="Dài và trộn ký tự."), topic, None)
        change_status([question], "approved", None)
        self.question_id = question.id
        self.school_ids, self.hosts = {}, {}
        for school in self.schools:
            row = School(code=school["code"], name=school["name"], unit=unit,
                         level="lower_secondary",
                         enrolment=sum(len(p) for p in school["classes"].values()))
            db.session.add(row)
            db.session.flush()
            self.school_ids[school["index"]] = row.id
        db.session.commit()
        for school in self.schools:
            self.hosts[school["index"]] = create_user(
                f"gv{school['index']}", "mat-khau-benchmark", "host",
                school=db.session.get(School, self.school_ids[school["index"]])).username
            if self.rosters:
                lines = ["lớp,họ và tên"] + [f"{k},{n}" for k, names in school["classes"].items()
                                              for n in names]
                import_roster("\n".join(lines).encode(), "lop.csv",
                              db.session.get(School, self.school_ids[school["index"]]))
        self.tv_host = create_user("dai.truyen.hinh", "mat-khau-benchmark", "host").username

    # ------------------------------------------------------------------ one game
    def open(self, host_name, scope=""):
        from quizapp.accounts.models import User
        from quizapp.contests.live.games import open_game
        from quizapp.contests.service import create_contest

        host = User.query.filter_by(username=host_name).one()
        contest = create_contest(host, "Tuyên truyền an toàn thông tin", [self.question_id],
                                 {"preview_ms": 0, "shuffle_answers": False,
                                  "school_scope": scope})
        game = open_game(contest, host)
        return game.id, game.pin

    def host_socket(self, host_name):
        from quizapp.extensions import socketio

        if host_name not in self.logins:  # sign in once per host: password hashing is slow
            client = self.app.test_client()
            client.post("/login", data={"username": host_name,
                                        "password": "mat-khau-benchmark"})
            self.logins[host_name] = client
        client = self.logins[host_name]
        return client, socketio.test_client(self.app, namespace="/host", flask_test_client=client)

    def play(self, host_name, joins, scope="", after=None):
        """Open a game, let every join happen, answer once, end it. `joins`: list of
        (payload extras, true pupils)."""
        from quizapp.extensions import socketio

        game_id, pin = self.open(host_name, scope)
        _client, host = self.host_socket(host_name)
        host.emit("watch", {"game_id": game_id}, namespace="/host", callback=True)
        phones = []
        for extra, pupils in joins:
            phone = socketio.test_client(self.app, namespace="/play")
            extra = extra(game_id, pin, phone) if callable(extra) else extra
            reply = phone.emit("join", {"pin": pin, **extra}, namespace="/play", callback=True)
            for number in range(2, 6):  # a taken nickname: told so, the pupil adds a number
                if reply.get("error") != "nickname_taken":
                    break
                base = extra["nickname"][:37]
                if number > 2:
                    base = base.rsplit(" ", 1)[0]
                extra["nickname"] = f"{base} {number}"
                reply = phone.emit("join", {"pin": pin, **extra}, namespace="/play",
                                   callback=True)
            if not reply.get("ok"):
                if os.environ.get("BENCH_DEBUG"):
                    print("refused", extra, reply, file=sys.stderr)
                phone.disconnect(namespace="/play")
                continue
            self.truth[(game_id, reply["player_id"])] = list(pupils)
            self.participations += 1
            phones.append(phone)
        host.emit("command", {"game_id": game_id, "name": "start"}, namespace="/host",
                  callback=True)
        for phone in phones:
            phone.emit("answer", {"question": self.question_id, "choices": [1]},
                       namespace="/play", callback=True)
            phone.get_received("/play")
        host.emit("command", {"game_id": game_id, "name": "end"}, namespace="/host",
                  callback=True)
        for phone in phones:
            phone.disconnect(namespace="/play")
        host.disconnect(namespace="/host")
        if after is not None:
            after(game_id)
        return game_id

    # ------------------------------------------------------------------ how pupils type
    def typed_name(self, pupil, full):
        rng = self.rng
        if pupil not in self.devices:
            own = full.split()[-1] if rng.random() < HABITS["short_always"] else full
            self.devices[pupil] = own if rng.random() < 0.7 else strip_accents(own)
        name = self.devices[pupil]
        if rng.random() < HABITS["retype"]:  # a borrowed phone: typed again
            name = full if rng.random() < 0.6 else strip_accents(full)
            if rng.random() < HABITS["short_on_retype"]:
                name = full.split()[-1]
            elif rng.random() < HABITS["typo_on_retype"]:
                name = typo(rng, name)
        return name

    def roster_ids(self, pin, link, klass):
        from quizapp.extensions import socketio

        phone = socketio.test_client(self.app, namespace="/play")
        reply = phone.emit("roster", {"pin": pin, "school_link": link, "class": klass},
                           namespace="/play", callback=True)
        phone.disconnect(namespace="/play")
        return reply["pupils"]

    def batches(self, school, pupils):
        """Split pupils of one school into phones: mostly one each, some shared by a group."""
        rng = self.rng
        by_class = defaultdict(list)
        for klass, i in pupils:
            by_class[klass].append(i)
        out = []
        for klass, members in by_class.items():
            rng.shuffle(members)
            while members:
                size = 1
                if school["rural"] and rng.random() < HABITS["group_share"] and len(members) > 1:
                    size = min(len(members), rng.randint(2, 4))
                batch, members = members[:size], members[size:]
                out.append((klass, batch))
        return out

    def school_joins(self, school, pupils, link_for=None, typed_school=False):
        """Join payloads for pupils of one school: from the roster, or typed."""
        joins = []
        roster_cache = {}
        for klass, batch in self.batches(school, pupils):
            true = [(school["index"], klass, i) for i in batch]
            names = [school["classes"][klass][i] for i in batch]
            if self.rosters and not typed_school:
                joins.append((self._roster_join(school, klass, batch, link_for, roster_cache),
                              true))
            else:
                joins.append((self._typed_join(school, klass, true, names, link_for,
                                               typed_school), true))
        return joins

    def _roster_join(self, school, klass, batch, link_for, cache):
        def extra(game_id, pin, phone):
            link = link_for(game_id) if link_for else ""
            if (pin, link, klass) not in cache:
                cache[(pin, link, klass)] = self.roster_ids(pin, link, klass)
            listed = cache[(pin, link, klass)]
            ids = [listed[self._roster_index(school, klass, i, listed)]["id"] for i in batch]
            payload = {"school_link": link, "class": klass}
            if len(ids) == 1:
                payload.update(nickname="", roster_entry=ids[0])
            else:
                payload.update(nickname=f"Nhóm {ids[0]}", member_entries=ids)
            return payload
        return extra

    def _typed_join(self, school, klass, true, names, link_for, typed_school):
        rng = self.rng

        def extra(game_id, pin, phone):
            payload = {"class": class_spelling(rng, klass)}
            if link_for:
                payload["school_link"] = link_for(game_id)
            if typed_school:
                payload["school"] = self.school_as_typed(school["name"])
            typed = [self.typed_name(p, n) for p, n in zip(true, names, strict=True)]
            if len(typed) == 1:
                payload["nickname"] = typed[0]
            else:
                payload.update(nickname=f"Nhóm {rng.randint(1, 10**6)}", members=typed)
            return payload
        return extra

    @staticmethod
    def _roster_index(school, klass, i, listed):
        """The roster shows namesakes as "Name (n)" in import order; find pupil i there."""
        name = school["classes"][klass][i]
        nth = sum(1 for j in range(i) if school["classes"][klass][j] == name)
        matches = [k for k, p in enumerate(listed)
                   if p["name"] == name or p["name"].startswith(name + " (")]
        return matches[nth]

    # ------------------------------------------------------------------ the year
    def play_year(self):
        from quizapp.contests import attribution
        from quizapp.contests.models import Game
        from quizapp.extensions import db
        from quizapp.schools.models import School

        by_index = {s["index"]: s for s in self.schools}
        for game in self.games:
            if game["kind"] == "school":
                school = by_index[game["school"]]
                self.play(self.hosts[school["index"]],
                          self.school_joins(school, game["pupils"]))
            elif game["kind"] == "inter":
                by_school = defaultdict(list)
                for sidx, klass, i in game["players"]:
                    by_school[sidx].append((klass, i))
                joins = []
                if game["door"] == "qr" or self.rosters:
                    for sidx, pupils in by_school.items():
                        sid = self.school_ids[sidx]
                        joins += self.school_joins(
                            by_index[sidx], pupils,
                            link_for=lambda gid, sid=sid: attribution.school_link(gid, sid))
                    self.play(self.tv_host, joins, scope="inter_school")
                else:  # an open game: pupils type their school (no roster there)
                    for sidx, pupils in by_school.items():
                        joins += self.school_joins(by_index[sidx], pupils, typed_school=True)
                    self.play(self.tv_host, joins, scope="open",
                              after=lambda gid: self.host_resolves(gid))
            else:  # the TV audience and fake viewers: picked schools, never verified
                joins = []
                for sidx, klass, i in game["players"]:
                    name = by_index[sidx]["classes"][klass][i]
                    joins.append(({"nickname": f"{name[:30]} {self.rng.randint(1, 999)}",
                                   "school_code": by_index[sidx]["code"], "class": klass},
                                  []))  # at home: not a school program
                victim = next((s for s in self.schools if not any(
                    g["kind"] == "school" and g["school"] == s["index"] for g in self.games)),
                    self.schools[0])
                joins += [({"nickname": f"Khán giả {n}", "school_code": victim["code"]}, [])
                          for n in range(HABITS["fake_viewers"])]
                self.play(self.tv_host, joins, scope="open")
        db.session.remove()
        assert Game.query.filter(Game.status != "finished").count() == 0
        assert School.query.count() == len(self.schools)

    def school_as_typed(self, name):
        rng = self.rng
        return rng.choice([name, strip_accents(name).lower(), name.replace("THCS", "Trường THCS"),
                           name.replace("THCS ", ""), f"{name} {rng.choice(['', 'KT'])}".strip()])

    def host_resolves(self, game_id):
        """After the typed-school game the host takes each typed name's first suggestion."""
        from quizapp.contests import attribution
        from quizapp.contests.models import Game
        from quizapp.extensions import db
        from quizapp.schools.models import School

        game = db.session.get(Game, game_id)
        for claim in attribution.claims(game):
            if claim["source"] == "unmatched" and claim["suggestions"]:
                attribution.resolve(game, claim["name"], claim["suggestions"][0])
            elif claim["source"] == "picked" and claim["school_id"]:
                attribution.confirm(game, db.session.get(School, claim["school_id"]))

    # ------------------------------------------------------------------ the figures
    def measure(self, k):
        from quizapp.contests.models import Contest, Game, Player
        from quizapp.core.clock import today_local
        from quizapp.coverage import rollup, service
        from quizapp.coverage.models import CoverageParticipant
        from quizapp.coverage.participants import player_participation, year_directory
        from quizapp.extensions import db
        from quizapp.schools.identity import counted_participation
        from quizapp.schools.years import school_year_of

        year = school_year_of(today_local())
        rollup.refresh()
        counted = {(sid, ident) for sid, ident in db.session.query(
            CoverageParticipant.school_id, CoverageParticipant.identity).filter(
            CoverageParticipant.school_year == year)}
        # which true pupils each counted identity stands for (the same rule, row by row)
        directory = year_directory(year)
        links = defaultdict(Counter)
        rows = db.session.query(Player, Contest.school_id).join(
            Game, Game.id == Player.game_id).join(Contest, Contest.id == Game.contest_id
                                                  ).order_by(Player.joined_ms, Player.id)
        for player, game_school in rows:
            pupils = counted_participation(player_participation(player, game_school), directory)
            truth = self.truth.get((player.game_id, player.player_key), [])
            # a group's members come back in the order they were sent
            pairs = zip(pupils, truth, strict=True) if len(pupils) == len(truth) else \
                [(pupil, true) for pupil in pupils for true in truth or [None]]
            for pupil, true in pairs:
                links[(pupil.school_id, pupil.identity)][true] += 1
        true_pupils = {p for pupils in self.truth.values() for p in pupils}
        matched, used = 0, set()
        for identity in sorted(counted, key=lambda i: -sum(links[i].values())):
            for true, _n in links[identity].most_common():
                if true is not None and true not in used and \
                        self.school_ids[true[0]] == identity[0]:
                    used.add(true)
                    matched += 1
                    break
        pupils_wrong = (len(counted) - matched) + (len(true_pupils) - matched)
        # held: a program (game) with at least K true pupils of the school
        held_true = defaultdict(bool)
        per_game = defaultdict(lambda: defaultdict(set))
        for (game_id, _key), pupils in self.truth.items():
            for pupil in pupils:
                per_game[game_id][pupil[0]].add(pupil)
        for schools in per_game.values():
            for sidx, pupils in schools.items():
                if len(pupils) >= k:
                    held_true[self.school_ids[sidx]] = True
        from quizapp.coverage.periods import parse_period

        period = parse_period(f"{year}-{year + 1}", today_local())
        rows = service.merge_levels(service.school_rows(period, level="all"))
        held_wrong = sum(1 for sid in self.school_ids.values()
                         if rows[sid].held != held_true[sid])
        return {"pupils_true": len(true_pupils), "pupils_counted": len(counted),
                "pupils_wrong": pupils_wrong, "schools_held_wrong": held_wrong,
                "schools": len(self.schools), "participations": self.participations}


def run(rosters, args):
    rng = random.Random(args.seed)
    schools = province(rng, args.schools)
    games = plan_programs(rng, schools)
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # SQLite commits cost no fsync
    with tempfile.TemporaryDirectory(prefix="bench-identity-", dir=memory) as tmp:
        app = make_app(Path(tmp), args.seed)
        started = time.perf_counter()
        with app.app_context():
            from quizapp.coverage.service import min_participants

            play_rng = random.Random(args.seed + (1 if rosters else 2))
            runner = Run(app, play_rng, schools, games, rosters)
            runner.setup()
            runner.play_year()
            figures = runner.measure(min_participants())
        figures["seconds"] = round(time.perf_counter() - started, 1)
        return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--full", action="store_true", help="300 schools (~31,700 joins a run)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=("with_rosters", "without_rosters"),
                        help=argparse.SUPPRESS)  # one run, in its own process
    args = parser.parse_args()
    if args.full:
        args.schools = 300
    os.environ.setdefault("QUIZAPP_LOG_LEVEL", "WARNING")
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    if args.only:
        print(json.dumps(run(args.only == "with_rosters", args)))
        return
    # Each run in a fresh process: one app, one Socket.IO server, one database.
    result = {}
    for name in ("with_rosters", "without_rosters"):
        done = subprocess.run([sys.executable, __file__, "--schools", str(args.schools),
                               "--seed", str(args.seed), "--only", name],
                              stdout=subprocess.PIPE, text=True, check=True)
        result[name] = json.loads(done.stdout.strip().splitlines()[-1])
    result["config"] = {"schools": args.schools, "seed": args.seed, "habits": HABITS}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
