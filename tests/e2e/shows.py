"""Gameshow episodes put on air for the browser tests, in the live server's database.

`on_air(server, body, **values)` runs `body` through LiveServer.run_in_app after the helpers
below, so a test's script holds only what is its own: which presets it changes, which episodes
it puts on air and what it returns in `result`.
"""

import textwrap

HELPERS = """
import yaml
from quizapp.gameshow import service
from quizapp.live.tokens import seat_token, studio_key

def save_preset(slug, name, changes):
    # A copy of the shipped preset `slug` saved as `name`, a round's rules updated by
    # changes[its key] (short timers, so a test waits seconds, not minutes).
    rules = yaml.safe_load(service.preset_text(slug))
    for round_ in rules["rounds"]:
        round_.update(changes.get(round_["key"], {}))
    service.save_preset(name, yaml.safe_dump(rules, allow_unicode=True), admin)

def start(title, preset, content, people):
    # An episode saved and put on air: its id, studio key, audience PIN and seat tokens.
    if not isinstance(content, str):
        content = yaml.safe_dump(content, allow_unicode=True)
    episode = service.save_episode(admin, title, preset, content, people)
    service.start_episode(episode, admin)
    return {"id": episode.id, "key": studio_key(episode.id), "pin": episode.audience_game.pin,
            "tokens": [seat_token(episode.id, n) for n in range(1, len(people) + 1)]}
"""


def on_air(server, body: str, **values):
    """Run `body` in the server's app with `save_preset`, `start`, `service` and `yaml` at
    hand (and what run_in_app gives: `admin`, `values`); return the `result` it sets."""
    return server.run_in_app(HELPERS + textwrap.dedent(body), **values)
