"""Read and write the native YAML topic file of docs/question-schema.md.

A file is `{topic: {...}, questions: [...]}`. Errors name the line of the offending value: the file
is composed into a node tree (safe loader, no custom tags) and values are read from its nodes.
YAML anchors and aliases (`&a`, `*a`) are refused: the bank never needs them and they are the
tool of "billion laughs" bombs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import gettext as _

from quizapp.bank.formats import guards
from quizapp.bank.formats.question import (
    SLUG_RE,
    FormatError,
    ImportRejected,
    Question,
    read_question_mapping,
    validate_question,
)

NAME = "yaml"
EXTENSIONS = (".yaml", ".yml")
MEDIA_TYPE = "application/yaml"

# libyaml when present: 20 MiB composes in a second instead of a minute.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOPIC_KEYS = ("slug", "name", "name_en", "critical_thinking")


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name: str
    name_en: str
    critical_thinking: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "name_en": self.name_en,
            "critical_thinking": self.critical_thinking,
        }


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of a native file; a `topic:` block is optional here.

    With a topic block each question's `topic` is its slug; without one, `topic` is None and the
    caller chooses the topic. Raises ImportRejected with every error, each with its line.
    """
    _topic, questions = _parse(data, filename, topic_required=False)
    return questions


def parse_topic_file(data: bytes, filename: str) -> tuple[TopicInfo, list[Question]]:
    """Return the topic and questions of a bank file; the `topic:` block is required."""
    topic, questions = _parse(data, filename, topic_required=True)
    assert topic is not None
    return topic, questions


def write(questions: list[Question]) -> bytes:
    """Return a native file holding `questions` without a topic block (topics are not carried)."""
    return _dump({"questions": [_flowed(q.to_dict()) for q in questions]})


def write_topic_file(topic_info: TopicInfo, questions: list[Question]) -> bytes:
    """Return a bank file: the topic block, then the questions."""
    return _dump(
        {"topic": topic_info.to_dict(), "questions": [_flowed(q.to_dict()) for q in questions]}
    )


class _FlowList(list):
    """A list written inline, `[a, b]`, as the schema shows audience, tags, answers and items."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent "- " under its parent key, as docs/question-schema.md shows the questions.
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, True)
)


def _flowed(mapping: dict[str, Any]) -> dict[str, Any]:
    for name in ("audience", "tags", "answers", "items"):
        if name in mapping:
            mapping[name] = _FlowList(mapping[name])
    return mapping


def _dump(document: dict[str, Any]) -> bytes:
    text = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )
    return text.encode("utf-8")


def _parse(
    data: bytes, filename: str, *, topic_required: bool
) -> tuple[TopicInfo | None, list[Question]]:
    text = guards.decode_text(data, filename)
    root = compose_document(text, filename)
    errors: list[FormatError] = []

    def err(node: yaml.Node | None, field: str, message: str) -> None:
        line = None if node is None else node.start_mark.line + 1
        errors.append(FormatError(filename, line, field, message))

    if not isinstance(root, yaml.MappingNode):
        guards.reject(filename, _("tệp phải có dạng 'topic: ...' và 'questions: ...'"), line=1)
    top = _mapping_fields(root, "", err)
    for name, (key_node, _value) in top.items():
        if name not in ("topic", "questions"):
            err(key_node, name, _("khoá không có trong định dạng (chỉ có 'topic' và 'questions')"))

    topic = None
    if "topic" in top:
        topic = _read_topic(top["topic"][1], err)
    elif topic_required:
        err(root, "topic", _("thiếu khối 'topic:' (slug, name, name_en)"))

    questions: list[Question] = []
    if "questions" not in top:
        err(root, "questions", _("thiếu danh sách 'questions:'"))
    else:
        seq = top["questions"][1]
        if not isinstance(seq, yaml.SequenceNode):
            err(seq, "questions", _("phải là danh sách câu hỏi (mỗi câu bắt đầu bằng '- ')"))
        else:
            guards.check_count(len(seq.value), filename)
            slug = topic.slug if topic is not None else None
            for index, node in enumerate(seq.value):
                question = _read_question(node, index, slug, filename, errors)
                if question is not None:
                    questions.append(question)
            if not seq.value and not errors:
                err(seq, "questions", _("danh sách câu hỏi rỗng"))
    if errors:
        raise ImportRejected(errors)
    return topic, questions


def compose_document(text: str, filename: str) -> yaml.Node:
    """Compose YAML text into a node tree (safe, no aliases); refuse it with its line if bad."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        problem = exc.problem or exc.context or _("lỗi cú pháp")
        guards.reject(filename, _("YAML sai cú pháp: %(problem)s", problem=problem), line=line)
    except yaml.YAMLError as exc:
        guards.reject(filename, _("YAML sai cú pháp: %(problem)s", problem=exc))
    finally:
        loader.dispose()
    if root is None:
        guards.reject(filename, _("tệp rỗng, không có câu hỏi nào"))
    _refuse_aliases(root, filename)
    return root


def _refuse_aliases(root: yaml.Node, filename: str) -> None:
    # The composer turns `*alias` into the anchored node object itself, so an alias is a node
    # met twice. Walking with a seen-set stays linear even on a billion-laughs file.
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            guards.reject(
                filename,
                _("không cho phép neo/bí danh YAML ('&' và '*'); hãy viết đầy đủ từng giá trị"),
                line=node.start_mark.line + 1,
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _mapping_fields(node: yaml.MappingNode, prefix: str, err) -> dict[str, tuple]:
    """Return {key: (key_node, value_node)}; report duplicate and non-text keys."""
    fields: dict[str, tuple] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            err(key_node, prefix.rstrip("."), _("khoá phải là chữ"))
            continue
        name = key_node.value
        if name in fields:
            err(key_node, f"{prefix}{name}", _("khoá bị lặp lại trong cùng một mục"))
        fields[name] = (key_node, value_node)
    return fields


def _value(node: yaml.Node) -> Any:
    """Construct the Python value of a node with the safe constructor."""
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def _read_topic(node: yaml.Node, err) -> TopicInfo | None:
    if not isinstance(node, yaml.MappingNode):
        err(node, "topic", _("phải có dạng slug/name/name_en/critical_thinking"))
        return None
    fields = _mapping_fields(node, "topic.", err)
    values: dict[str, Any] = {}
    ok = True
    for name, (key_node, value_node) in fields.items():
        if name not in _TOPIC_KEYS:
            err(key_node, f"topic.{name}", _("khoá không có trong khối topic"))
            ok = False
            continue
        values[name] = _safe_value(value_node, f"topic.{name}", err)
    for name in ("slug", "name", "name_en"):
        value = values.get(name)
        if name not in fields:
            err(node, f"topic.{name}", _("thiếu trường bắt buộc"))
            ok = False
        elif not isinstance(value, str) or not value.strip():
            err(fields[name][1], f"topic.{name}", _("phải là chuỗi văn bản, không để trống"))
            ok = False
    slug = values.get("slug")
    if isinstance(slug, str) and not SLUG_RE.match(slug):
        err(
            fields["slug"][1],
            "topic.slug",
            _("'%(value)s' chỉ được gồm a-z, 0-9 và '-'", value=slug),
        )
        ok = False
    critical = values.get("critical_thinking", False)
    if not isinstance(critical, bool):
        err(fields["critical_thinking"][1], "topic.critical_thinking", _("phải là true hoặc false"))
        ok = False
    if not ok:
        return None
    return TopicInfo(values["slug"], values["name"], values["name_en"], critical)


def _safe_value(node: yaml.Node, field: str, err) -> Any:
    try:
        return _value(node)
    except yaml.YAMLError as exc:
        err(
            node,
            field,
            _("giá trị không đọc được: %(problem)s", problem=getattr(exc, "problem", exc)),
        )
        return None


def _node_lines(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    """Record the line of every value under `node`, by schema path (`choices[1].text`)."""
    lines.setdefault(path, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = f"{path}.{key_node.value}" if path else key_node.value
                lines[child] = key_node.start_mark.line + 1
                _node_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, f"{path}[{i}]", lines)


def _line_for(field: str, lines: dict[str, int], fallback: int) -> int:
    # The most specific path that exists: "choices[7].text" -> "choices[7]" -> "choices".
    candidate = field
    while candidate:
        if candidate in lines:
            return lines[candidate]
        cut = max(candidate.rfind("."), candidate.rfind("["))
        candidate = candidate[:cut] if cut > 0 else ""
    return fallback


def _read_question(
    node: yaml.Node, index: int, slug: str | None, filename: str, errors: list[FormatError]
) -> Question | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        errors.append(
            FormatError(filename, line, f"questions[{index}]", _("mỗi câu hỏi phải là một mapping"))
        )
        return None
    local: list[FormatError] = []
    lines: dict[str, int] = {}
    _node_lines(node, "", lines)
    _mapping_fields(
        node,
        "",
        lambda n, f, m: local.append(FormatError(filename, n.start_mark.line + 1, f, m)),
    )
    try:
        data = _value(node)
    except yaml.YAMLError as exc:
        errors.append(
            FormatError(
                filename,
                line,
                f"questions[{index}]",
                _("giá trị không đọc được: %(problem)s", problem=exc),
            )
        )
        return None
    question, found = read_question_mapping(data, topic=slug)
    local += found
    if question is not None:
        local += validate_question(question)
    for error in local:
        where = error.line or _line_for(error.field, lines, line)
        errors.append(error.at(file=filename, line=where))
    return question if not local else None
