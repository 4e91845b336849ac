"""Read presets and episode content from YAML, with every error at its line and field.

Content names bank questions by key; ``resolve_content`` swaps each key for the question as
the engine takes it. The engine then checks the shape each round needs; its field paths are
mapped back to lines of the producer's text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from flask_babel import gettext as _

from quizapp.bank.formats.question import FormatError, ImportRejected
from quizapp.bank.formats.yaml_format import compose_document
from quizapp.bank.models import Question
from quizapp.bank.service import game_question
from quizapp.engine.show import PresetError
from quizapp.engine.show.content import RESERVES
from quizapp.engine.show.rundown import RUNDOWN
from quizapp.engine.texts import render
from quizapp.gameshow import pictures

MAX_YAML = 200_000  # characters: a whole season's content fits many times over
_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]\s(]+)")


class Document:
    """A YAML document: its data and its node tree, to find the line of a field path."""

    def __init__(self, text: str, filename: str) -> None:
        if not isinstance(text, str) or not text.strip():
            raise ImportRejected([FormatError(filename, None, "", _("tệp rỗng"))])
        if len(text) > MAX_YAML:
            raise ImportRejected([FormatError(filename, None, "",
                                              _("quá dài (tối đa %(n)s ký tự)", n=MAX_YAML))])
        self.filename = filename
        self.root = compose_document(text, filename)
        try:
            self.data = yaml.SafeLoader("").construct_document(self.root)
        except yaml.MarkedYAMLError as exc:  # e.g. a !!python tag: the safe loader refuses it
            mark = exc.problem_mark or exc.context_mark
            raise ImportRejected([FormatError(filename, mark.line + 1 if mark else None, "",
                                              _("YAML không hợp lệ: %(problem)s",
                                                problem=exc.problem))]) from None

    def line_of(self, path: str) -> int | None:
        """Return the 1-based line of ``rounds[2].time_s`` (the nearest existing parent)."""
        node, line = self.root, self.root.start_mark.line + 1
        for index, key in _PATH_TOKEN.findall(path):
            child = None
            if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
                child = node.value[int(index)]
            elif key and isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if str(k.value) == key), None)
            if child is None:
                if key in ("preset",):  # the engine's name for the top level
                    continue
                break
            node, line = child, child.start_mark.line + 1
        return line

    def rejected(self, problems: list[tuple[str, str]]) -> ImportRejected:
        """Each problem the engine found, at its line, in the reader's language."""
        return ImportRejected([FormatError(self.filename, self.line_of(path), path,
                                           render(message, _))
                               for path, message in problems])


def read_preset(text: str, filename: str = "preset.yaml") -> dict[str, Any]:
    """Parse and validate a preset; raise ImportRejected naming each bad field's line."""
    from quizapp.engine.show import parse_preset

    document = Document(text, filename)
    try:
        parse_preset(document.data)
    except PresetError as invalid:
        raise document.rejected(invalid.problems) from None
    return document.data


def read_content(text: str, filename: str = "content.yaml") -> tuple[Document, dict[str, Any]]:
    """Parse episode content; return the document and the content with questions resolved."""
    document = Document(text, filename)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rounds"), dict):
        raise document.rejected([("rounds", _("phải có mục 'rounds:' liệt kê câu hỏi từng vòng"))])
    problems: list[tuple[str, str]] = []
    reserves = data.get("reserves")  # optional: {round key: [bank key]}, stand-ins on a void
    keys = sorted({*_keys_in(data["rounds"]), *_keys_in(reserves or {})})
    found = {q.key: q for q in Question.query.filter(Question.key.in_(keys))} if keys else {}
    resolved = _resolve(data["rounds"], "rounds", found, problems)
    if reserves is not None:
        resolved[RESERVES] = _resolve(reserves, "reserves", found, problems) if isinstance(
            reserves, dict) else reserves
    if data.get("rundown") is not None:  # segments and breaks (engine/show/rundown.py)
        resolved[RUNDOWN] = data["rundown"]
    if problems:
        raise document.rejected(problems)
    return document, resolved


def _keys_in(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _keys_in(item)
    elif isinstance(value, dict):
        for name, item in value.items():
            if name != "picture":
                yield from _keys_in(item)


def _resolve(value: Any, path: str, found: dict, problems: list[tuple[str, str]]) -> Any:
    """Replace every bank key under ``value`` with the question dict the engine takes."""
    if isinstance(value, dict):
        out = {}
        for name, item in value.items():
            if name == "picture":
                if item is not None and pictures.parse(item) is None:
                    problems.append((f"{path}.picture", _(
                        "ảnh phải là tên một ảnh có sẵn (%(names)s) hoặc /play/media/<số>",
                        names=", ".join(pictures.SHIPPED))))
                out[name] = item
            else:
                out[name] = _resolve(item, f"{path}.{name}", found, problems)
        return out
    if isinstance(value, list):
        return [_resolve(item, f"{path}[{i}]", found, problems) for i, item in enumerate(value)]
    if isinstance(value, str):
        question = found.get(value)
        if question is None:
            problems.append((path, _("không có câu hỏi mã '%(key)s' trong ngân hàng",
                                       key=value[:80])))
            return None
        if question.status != "approved":
            problems.append((path, _("câu hỏi '%(key)s' chưa được duyệt", key=value)))
        return {**game_question(question), "key": question.key}
    problems.append((path, _("phải là mã câu hỏi (ví dụ mat-khau-037)")))
    return None
