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
    assert service.seed_demo_episodes(producer) == 4
    assert sorted(e.preset_slug for e in Episode.query) == [
        "millionaire", "olympia", "olympia", "quiz-bowl"]
    assert {len(e.contestants) for e in Episode.query} == {1, 4}
    assert service.seed_demo_episodes(producer) == 0
