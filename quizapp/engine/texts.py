"""Messages the engine words for people: a catalogue template and its values.

The engine imports no Flask, so it cannot translate. It marks each template with ``N_`` (babel
extracts it into the catalogue) and hands out a ``Text``: a string already filled in the
default language (Vietnamese), which also remembers its template and values, so that the layer
that knows the reader's language translates it with ``text.render(gettext)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the catalogue's marker for deferred translation
    """Mark `message` for the catalogue (babel extracts N_) and return it untranslated."""
    return message


class Text(str):
    """A message filled in the default language that can be rendered again in another."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Text:
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text

    def render(self, translate: Callable[[str], str]) -> str:
        """Return the message in the language of `translate` (e.g. flask_babel.gettext)."""
        template = translate(self.template)
        return template % self.values if self.values else template


def render(message: str, translate: Callable[[str], str]) -> str:
    """Translate `message` if the engine worded it as a ``Text``; other strings stay as they are."""
    return message.render(translate) if isinstance(message, Text) else message
