"""What the bank checks report: a message template marked for the catalogue and its values.

Pure. The checks (fairness, legal citations) run in the CLI, where the Vietnamese source text is
printed, and in the editor, where the template is translated for the reader before it is filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.engine.texts import N_  # noqa: F401 - the checks import the marker from here


@dataclass(frozen=True)
class Finding:
    """One result of a check: `message` is a template, `values` fill it, `key` names a question.

    `severity` is "error" (the check fails) or "warning" (shown, does not fail).
    """

    message: str
    values: dict = field(default_factory=dict)
    severity: str = "error"
    key: str | None = None
    file: str | None = None
    line: int | None = None

    def render(self, translate=None) -> str:
        """Return the filled message; `translate` (e.g. flask_babel.gettext) picks the language."""
        if translate is None:
            return self.message % self.values
        # Values may be marked words themselves ("bị thay thế"); others come back unchanged.
        values = {k: translate(v) if isinstance(v, str) else v for k, v in self.values.items()}
        return translate(self.message) % values

    def located(self, translate=None) -> str:
        """Return `file:line: key: message` for the command line."""
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        prefix = ": ".join(p for p in (where, self.key) if p)
        text = self.render(translate)
        return f"{prefix}: {text}" if prefix else text
