"""A producer copies a preset, changes its numbers, builds an episode and puts it on air."""

import re

from quizapp.gameshow import service
from quizapp.gameshow.models import Episode, ShowPreset

from .conftest import CONTESTANTS


def form(contestants=CONTESTANTS, **fields):
    data = {"name": [c["name"] for c in contestants],
            "school": [c["school"] for c in contestants]}
    data.update(fields)
    return data


def test_a_copied_preset_with_a_bad_number_is_refused_at_its_line(app, client, login_as):
    login_as("host")
    page = client.get("/shows/presets/olympia")
    assert page.status_code == 200 and "olympia-copy" in page.get_data(as_text=True)
    too_many = "rank_points: [40, 30, 20, 10, 5, 4, 3, 2, 1]"
    text = service.builtin_presets()["olympia"].replace("rank_points: [40, 30, 20, 10]",
                                                        too_many)
    line = text.splitlines().index(f"    {too_many}") + 1
    reply = client.post("/shows/presets/olympia", data={"slug": "krt-2026", "text": text})
    body = reply.get_data(as_text=True)
    assert reply.status_code == 200 and "rounds[3].rank_points" in body
    assert re.search(rf">\s*{line}\s*<", body)
    assert ShowPreset.query.count() == 0


def test_a_copied_preset_is_saved_and_used_for_an_episode(app, client, login_as, bank):
    login_as("host")
    text = service.builtin_presets()["olympia"].replace("rank_points: [40, 30, 20, 10]",
                                                        "rank_points: [50, 40, 30, 20]")
    reply = client.post("/shows/presets/olympia", data={"slug": "krt-2026", "text": text})
    assert reply.status_code == 302
    assert ShowPreset.query.filter_by(slug="krt-2026").one().name == "Đường lên đỉnh Olympia"
    reply = client.post("/shows/new", data=form(
        title="Tuần 1", preset="krt-2026", content=service.demo_content("olympia")))
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    episode = Episode.query.one()
    assert episode.status == "draft" and episode.contestants[0]["name"] == "Nguyễn An"
    assert "rank_points: [50, 40, 30, 20]" in episode.preset_yaml
    assert client.post(f"/shows/{episode.id}/start").status_code == 302
    page = client.get(f"/shows/{episode.id}").get_data(as_text=True)
    assert "đang phát sóng" in page and "/studio/seat/" in page and "<svg" in page
    assert Episode.query.one().audience_game.pin


def test_content_naming_an_unknown_question_is_refused_with_its_line(app, client, login_as,
                                                                      bank):
    login_as("host")
    content = service.demo_content("olympia").replace("tang-toc: [", "tang-toc: [khong-co-001, ")
    line = next(i for i, row in enumerate(content.splitlines(), start=1) if "khong-co-001" in row)
    reply = client.post("/shows/new", data=form(title="Tuần 1", preset="olympia",
                                                content=content))
    body = reply.get_data(as_text=True)
    assert reply.status_code == 200 and "khong-co-001" in body
    assert re.search(rf">\s*{line}\s*<", body)
    assert Episode.query.count() == 0


def test_hostile_content_yaml_is_refused_cleanly(app, client, login_as, bank):
    login_as("host")
    bombs = {
        "alias": "rounds: &a\n  x: *a\n",
        "syntax": "rounds: [unclosed\n",
        "python tag": "rounds: !!python/object/apply:os.system ['true']\n",
        "not a mapping": "- just\n- a list\n",
        "huge": "rounds:\n" + "  # padding\n" * 30_000,
    }
    for name, content in bombs.items():
        reply = client.post("/shows/new", data=form(title="x", preset="olympia",
                                                    content=content))
        assert reply.status_code == 200, name
        assert Episode.query.count() == 0, name


def test_missing_contestant_names_are_refused(app, client, login_as, bank):
    login_as("host")
    people = [*CONTESTANTS[:3], {"name": "", "school": ""}]
    reply = client.post("/shows/new", data=form(people, title="x", preset="olympia",
                                                content=service.demo_content("olympia")))
    assert reply.status_code == 200 and "thí sinh 4" in reply.get_data(as_text=True)


def test_another_host_cannot_open_the_episode(app, client, login_as, bank, producer):
    from .conftest import make_episode

    episode = make_episode(producer)
    login_as("host")
    for url in (f"/shows/{episode.id}", f"/studio/{episode.id}/mc",
                f"/shows/{episode.id}/record", f"/shows/{episode.id}/results.csv"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/shows/{episode.id}/start").status_code == 403


def test_the_demo_seeds_a_draft_of_every_shipped_episode_once(bank, producer):
    assert service.seed_demo_episodes(producer) == 5
    assert sorted(e.preset_slug for e in Episode.query) == [
        "millionaire", "millionaire-fff", "olympia", "olympia", "quiz-bowl"]
    assert {len(e.contestants) for e in Episode.query} == {1, 4}
    assert service.seed_demo_episodes(producer) == 0


def test_the_demo_content_is_looked_up_by_slug_never_by_path(app, client, login_as, tmp_path):
    login_as("host")
    secret = service.EPISODE_DIR.parent / "secret-demo.yaml"
    secret.write_text("rounds: {}\n# do-not-show-this\n", encoding="utf-8")
    try:
        for slug in ("../secret", "../episodes/olympia", "..%2Fsecret", "/etc/passwd%00"):
            page = client.get(f"/shows/new?preset={slug}").get_data(as_text=True)
            assert "do-not-show-this" not in page
            assert "tang-toc" not in page  # the olympia demo is not reachable by a path either
        assert service.demo_content("../secret") == "rounds:\n"
    finally:
        secret.unlink()
    assert "tang-toc" in client.get("/shows/new?preset=olympia").get_data(as_text=True)
    assert set(service.DEMO_CONTENT) == set(service.builtin_presets())


def _save_preset(client, slug, text, **extra):
    """Save `text` under `slug` from that preset's page (from olympia's when it is new)."""
    from quizapp.extensions import db

    page = slug if ShowPreset.query.filter_by(slug=slug).first() else "olympia"
    reply = client.post(f"/shows/presets/{page}", data={"slug": slug, "text": text, **extra})
    db.session.expire_all()  # the request saved through a session of its own
    return reply


def test_another_host_reads_a_preset_but_cannot_overwrite_it(app, browser_of):
    owner, other = browser_of("host", "owner"), browser_of("host", "other")
    text = service.builtin_presets()["olympia"]
    assert owner.post("/shows/presets/olympia", data={"slug": "krt", "text": text}
                      ).status_code == 302
    page = other.get("/shows/presets/krt").get_data(as_text=True)
    assert "Thể thức của owner" in page and "krt-copy" in page
    tampered = text.replace("rank_points: [40, 30, 20, 10]", "rank_points: [1, 1, 1, 1]")
    reply = _save_preset(other, "krt", tampered, others_may_edit="y")
    assert reply.status_code == 200 and "thể thức này của người khác" in reply.get_data(
        as_text=True)
    preset = ShowPreset.query.filter_by(slug="krt").one()
    assert "rank_points: [40, 30, 20, 10]" in preset.yaml_text and not preset.others_may_edit
    reply = other.post("/shows/presets/krt", data={"slug": "krt-copy", "text": tampered})
    assert reply.status_code == 302  # their own copy
    assert ShowPreset.query.filter_by(slug="krt-copy").one().owner.username == "other"


def test_the_owner_may_let_others_edit(app, browser_of):
    owner, other = browser_of("host", "owner"), browser_of("host", "other")
    text = service.builtin_presets()["olympia"]
    assert _save_preset(owner, "krt", text, others_may_edit="y").status_code == 302
    changed = text.replace("rank_points: [40, 30, 20, 10]", "rank_points: [50, 40, 30, 20]")
    assert _save_preset(other, "krt", changed).status_code == 302
    preset = ShowPreset.query.filter_by(slug="krt").one()
    assert "[50, 40, 30, 20]" in preset.yaml_text
    assert preset.owner.username == "owner" and preset.others_may_edit  # others cannot revoke
    assert _save_preset(owner, "krt", changed).status_code == 302  # unticked by the owner
    assert not ShowPreset.query.filter_by(slug="krt").one().others_may_edit
    assert _save_preset(other, "krt", text).status_code == 200


def test_a_draft_keeps_the_rules_it_was_saved_with(app, client, login_as, bank):
    from quizapp.extensions import db

    login_as("host")
    text = service.builtin_presets()["olympia"]
    assert _save_preset(client, "krt", text, others_may_edit="y").status_code == 302
    reply = client.post("/shows/new", data=form(title="Tuần 1", preset="krt",
                                                content=service.demo_content("olympia")))
    assert reply.status_code == 302
    episode = Episode.query.one()
    preset = ShowPreset.query.filter_by(slug="krt").one()
    preset.yaml_text = text.replace("rank_points: [40, 30, 20, 10]", "rank_points: [1, 1, 1, 1]")
    db.session.commit()
    reply = client.post(f"/shows/{episode.id}/edit", data=form(
        title="Tuần 1 (sửa)", preset="krt", content=episode.content_yaml))
    assert reply.status_code == 302
    episode = db.session.get(Episode, episode.id)
    assert episode.title == "Tuần 1 (sửa)" and "rank_points: [40, 30, 20, 10]" in \
        episode.preset_yaml
    reply = client.post(f"/shows/{episode.id}/edit", data=form(
        title="Tuần 1", preset="krt", content=episode.content_yaml, refresh_rules="y"))
    assert reply.status_code == 302
    assert "rank_points: [1, 1, 1, 1]" in db.session.get(Episode, episode.id).preset_yaml


def test_the_producer_page_carries_the_audience_qr_code(app, client, login_as, bank):
    """The studio screen no longer shows it: the producer prints or shows it from here."""
    from quizapp.contests.live.links import join_url
    from quizapp.core.qr import svg_qr

    from .conftest import make_episode

    producer = login_as("host")
    episode = make_episode(producer)
    page = client.get(f"/shows/{episode.id}").get_data(as_text=True)
    pin = episode.audience_game.pin
    figure = re.search(r'<figure class="seat-card" id="audience-qr">(.*?)</figure>', page, re.S)
    assert figure, "no audience QR card"
    with app.test_request_context():
        url = join_url(pin)
    assert svg_qr(url) in figure.group(1)
    assert f"Mã PIN: {pin}" in figure.group(1) and url in figure.group(1)
    rehearsal = make_episode(producer, start=False)
    assert 'id="audience-qr"' not in client.get(f"/shows/{rehearsal.id}").get_data(as_text=True)
