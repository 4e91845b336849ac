"""Presets and content: the shipped presets load, and every broken field is named."""

import pytest

from quizapp.engine.show import ContentError, PresetError, Show, parse_preset

from .show_helpers import CONTESTANTS, QuestionMaker, olympia_content, preset


@pytest.mark.parametrize("name", ["olympia", "quiz-bowl", "millionaire"])
def test_shipped_presets_validate(name):
    parsed = parse_preset(preset(name))
    assert parsed.rounds and parsed.name


def test_olympia_preset_carries_the_format_numbers():
    parsed = parse_preset(preset("olympia"))
    assert [r.type for r in parsed.rounds] == [
        "individual", "buzzer", "obstacle", "ranked", "finish", "buzzer"]
    assert parsed.round("tang-toc")["rank_points"] == [40, 30, 20, 10]
    assert parsed.round("khoi-dong-chung")["wrong"] == -5


def problems_of(data):
    with pytest.raises(PresetError) as caught:
        parse_preset(data)
    return dict(caught.value.problems)


def test_every_bad_field_is_reported_with_its_path():
    data = preset("olympia")
    data["seats"] = 0
    data["rounds"][0]["time_s"] = "five"
    data["rounds"][2]["keyword_points"] = [10, 20]
    data["rounds"][3]["colour"] = "red"
    data["rounds"][4]["times_s"] = [15]
    found = problems_of(data)
    assert "preset.seats" in found
    assert "rounds[0].time_s" in found
    assert found["rounds[2].keyword_points"].startswith("phải")
    assert "rounds[3].colour" in found
    assert found["rounds[4].times_s"] == "cần một thời gian cho mỗi giá trị trong values"


def test_round_keys_types_and_shape_are_checked():
    assert "rounds" in problems_of({"name": "x", "seats": 4, "rounds": []})
    found = problems_of({"name": "x", "seats": 4, "rounds": [
        {"key": "a", "type": "buzzer", "title": "A"}, {"key": "a", "type": "buzzer", "title": "B"},
        {"key": "Bad Key", "type": "buzzer", "title": "C"}, {"key": "d", "type": "bingo"}, 7]})
    assert "already" not in str(found) and "rounds[1].key" in found
    assert "rounds[2].key" in found and "rounds[3].type" in found and "rounds[4]" in found
    assert "preset" in problems_of(["not", "a", "mapping"])


def test_keyword_table_must_match_rows_and_ladder_needs_one_seat():
    data = preset("olympia")
    data["rounds"][2]["rows"] = 5
    assert "rounds[2].keyword_points" in problems_of(data)
    ladder = preset("millionaire")
    ladder["seats"] = 2
    assert "rounds[0].type" in problems_of(ladder)
    ladder = preset("millionaire")
    ladder["rounds"][0]["safe_steps"] = [5, 16]
    assert "rounds[0].safe_steps" in problems_of(ladder)


def test_content_must_fit_each_round():
    content = olympia_content()
    content["khoi-dong-rieng"][2] = content["khoi-dong-rieng"][2][:5]
    content["tang-toc"][0] = QuestionMaker().single() | {"id": 999}
    content["ve-dich"][30] = content["ve-dich"][30][:2]
    del content["cau-hoi-phu"]
    content["extra"] = []
    with pytest.raises(ContentError) as caught:
        Show.create(preset("olympia"), content, CONTESTANTS)
    paths = [path for path, _ in caught.value.problems]
    assert "rounds.khoi-dong-rieng.2" in paths
    assert any(p.startswith("rounds.tang-toc[0]") for p in paths)
    assert "rounds.ve-dich.30" in paths and "rounds.cau-hoi-phu" in paths
    assert "rounds.extra" in paths


def test_a_question_used_twice_is_refused():
    content = olympia_content()
    content["tang-toc"][1] = content["tang-toc"][0]
    with pytest.raises(ContentError, match="hai lần"):
        Show.create(preset("olympia"), content, CONTESTANTS)


def test_contestants_must_fill_every_seat():
    from quizapp.engine.errors import InvalidGame
    with pytest.raises(InvalidGame):
        Show.create(preset("olympia"), olympia_content(), CONTESTANTS[:3])
    with pytest.raises(InvalidGame):
        Show.create(preset("olympia"), olympia_content(),
                    [*CONTESTANTS[:3], {"name": "\u200b", "school": ""}])
