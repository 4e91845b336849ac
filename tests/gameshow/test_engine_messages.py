"""What the show engine finds wrong with a producer's files reaches them in their language.

The engine words its checks in the default language and keeps the catalogue template
(engine/texts.Text); the gameshow pages translate it for the reader, at the field's line.
"""

import pytest
import yaml
from flask_babel import force_locale

from quizapp.gameshow import service
from tests.gameshow.conftest import CONTESTANTS


def olympia_files():
    preset = (service.PRESET_DIR / "olympia.yaml").read_text(encoding="utf-8")
    content = (service.EPISODE_DIR / "olympia-demo.yaml").read_text(encoding="utf-8")
    return preset, content


@pytest.mark.parametrize(("language", "expected"), [
    ("vi", "phải là segment hoặc break"), ("en", "must be segment or break")])
def test_a_bad_run_down_is_named_in_the_reader_s_language(bank, language, expected):
    preset, content = olympia_files()
    episode = yaml.safe_load(content)
    episode["rundown"] = [{"title": "Khởi động", "kind": "quảng cáo"}]
    with force_locale(language), pytest.raises(service.EpisodeError) as refused:
        service.build_show(preset, yaml.safe_dump(episode, allow_unicode=True), CONTESTANTS, 1)
    [problem] = refused.value.errors
    assert problem.field == "rundown[0].kind"
    assert problem.message == expected
    assert problem.line is not None


@pytest.mark.parametrize(("language", "expected"), [
    ("vi", "phải là số nguyên từ 1 đến 8"), ("en", "must be a whole number from 1 to 8")])
def test_a_bad_preset_field_is_named_in_the_reader_s_language(app, language, expected):
    from quizapp.bank.formats.question import ImportRejected
    from quizapp.gameshow.loading import read_preset

    preset = yaml.safe_load(olympia_files()[0])
    preset["seats"] = 99
    with app.test_request_context(), force_locale(language), \
            pytest.raises(ImportRejected) as refused:
        read_preset(yaml.safe_dump(preset, allow_unicode=True))
    [problem] = refused.value.errors
    assert (problem.field, problem.message) == ("preset.seats", expected)
    assert problem.line == 1 + [line.split(":")[0] for line in yaml.safe_dump(
        preset, allow_unicode=True).splitlines()].index("seats")
