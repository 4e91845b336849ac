"""Translate between the editor form and the formats' Question record."""

from quizapp.bank.formats.question import AUDIENCES, MAX_CHOICES, Choice, SourceRef
from quizapp.bank.formats.question import Question as Record
from quizapp.engine.folding import name_key
from quizapp.engine.schema import LISTED_CHOICE_KINDS

HISTORY_MARKS = ("history", "lich su")  # folded: "lịch sử" and "Lich su" mark it too


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def record_from_form(form) -> Record:
    """Build the record the form describes, keeping only the fields its kind uses."""
    kind = form.kind.data
    fields = {
        "kind": kind,
        "text": form.text.data.strip(),
        "explanation": (form.explanation.data or "").strip(),
        "difficulty": int(form.difficulty.data),
        "audience": [a for a in AUDIENCES if a in (form.audience.data or [])],
        "tags": [t.strip().lower() for t in (form.tags.data or "").split(",") if t.strip()],
        "source": (form.source.data or "").strip(),
        "topic": form.topic.data,
        "valid_as_of": form.valid_as_of.data,
        "sources": [_source(line) for line in _lines(form.sources.data)],
    }
    if kind in LISTED_CHOICE_KINDS:
        fields["choices"] = [
            Choice(entry.form.text.data.strip(), kind != "poll" and entry.form.correct.data)
            for entry in form.choices if (entry.form.text.data or "").strip()]
    elif kind == "true_false":
        fields["answer"] = form.answer.data == "true"
    elif kind in ("type_answer", "open"):
        fields["answers"] = _lines(form.answers.data)
        if kind == "type_answer":
            fields["accent_insensitive"] = bool(form.accent_insensitive.data)
    elif kind == "ordering":
        fields["items"] = _lines(form.items.data)
    return Record(**fields)


def _source(line: str) -> SourceRef:
    """Read "doc-id | article | history" (article and mark optional) into a source."""
    parts = [part.strip() for part in line.split("|")]
    history = len(parts) > 2 and name_key(parts[2]) in HISTORY_MARKS
    return SourceRef(parts[0], parts[1] if len(parts) > 1 else "", history)


def sources_text(sources) -> str:
    """Write stored sources ([{doc, article, history}]) as the form's lines."""
    lines = []
    for ref in sources or []:
        parts = [ref["doc"], ref.get("article", "")]
        if ref.get("history"):
            parts.append("history")
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


def fill_form(form, question) -> None:
    """Put a stored question (or sensible blanks for a new one) into the form."""
    if question is None:
        form.accent_insensitive.data = True
        return
    body = question.body
    form.topic.data = question.topic.slug
    form.kind.data = question.kind
    form.text.data = question.text
    for entry, choice in zip(form.choices, body.get("choices", [])[:MAX_CHOICES], strict=False):
        entry.form.text.data = choice["text"]
        entry.form.correct.data = bool(choice.get("correct"))
    form.answer.data = "true" if body.get("answer", True) else "false"
    form.answers.data = "\n".join(body.get("answers", []))
    form.accent_insensitive.data = body.get("accent_insensitive", True)
    form.items.data = "\n".join(body.get("items", []))
    form.explanation.data = question.explanation
    form.difficulty.data = str(question.difficulty)
    form.audience.data = question.audiences
    form.tags.data = ", ".join(t.name for t in question.tags)
    form.source.data = question.source
    form.sources.data = sources_text(question.sources)
    form.valid_as_of.data = question.valid_as_of
