"""Read and write Moodle XML quiz files.

Mapped question types: multichoice (single and multiple), truefalse, shortanswer (type_answer),
essay (open; reference answers in <graderinfo>, one a line), ordering (the qtype_ordering
plugin; answers in their correct order) and category (-> topic). description questions are
skipped. Fields Moodle has no element for travel as tags "quizapp:difficulty=2",
"quizapp:audience=public", "quizapp:source=...", "quizapp:accent_insensitive=false".
Parsing goes through defusedxml with DTDs forbidden, so entity bombs and external entities
are refused before they expand.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from flask_babel import gettext as _

from quizapp.bank.formats import guards
from quizapp.bank.formats.question import (
    KEY_RE,
    SLUG_RE,
    ExportRejected,
    FormatError,
    ImportRejected,
    Question,
    read_question_mapping,
    validate_question,
)
from quizapp.bank.textnorm import slugify

NAME = "moodle_xml"
EXTENSIONS = (".xml",)
MEDIA_TYPE = "application/xml"

TAG_PREFIX = "quizapp:"
ROOT_CATEGORY = "$course$/top"
_SKIPPED_TYPES = ("description",)
_FIELD_ELEMENT = {
    "text": "questiontext",
    "explanation": "generalfeedback",
    "key": "idnumber",
    "choices": "answer",
    "answers": "answer",
    "items": "answer",
    "answer": "answer",
    "difficulty": "tags",
    "audience": "tags",
    "tags": "tags",
    "source": "tags",
}


class _LineTreeBuilder(ET.TreeBuilder):
    """Build the tree and remember each element's line, for errors that point at it."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of a Moodle XML file; raise ImportRejected with every error.

    Each error names the line of the XML element at fault and the element (`questiontext`,
    `answer[2]`, `tags`...).
    """
    guards.check_size(data, filename)
    root, lines = _parse_xml(data, filename)
    if root.tag != "quiz":
        guards.reject(
            filename, _("phần tử gốc phải là <quiz>, không phải <%(tag)s>", tag=root.tag), line=1
        )
    elements = root.findall("question")
    guards.check_count(len(elements), filename)
    errors: list[FormatError] = []
    questions: list[Question] = []
    topic: str | None = None
    for number, element in enumerate(elements, start=1):
        line = lines.get(id(element))
        kind = element.get("type", "")
        if kind == "category":
            path = _text(element.find("category"))
            topic = category_slug(path)
            continue
        if kind in _SKIPPED_TYPES:
            continue
        found: list[FormatError] = []
        question = _read_question(element, kind, topic, found)
        for error in found:
            where = _element_line(element, error.field, lines) or line
            field = f"question[{number}]/{_xml_field(error.field)}"
            errors.append(replace(error, file=filename, line=where, field=field))
        if question is not None and not found:
            questions.append(question)
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def _parse_xml(data: bytes, filename: str) -> tuple[ET.Element, dict[int, int]]:
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        line = parser.parser.CurrentLineNumber
        guards.reject(
            filename, _("tệp XML có khai báo DTD/thực thể (DOCTYPE, ENTITY): bị từ chối"), line=line
        )
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc).split(":")[0]
        guards.reject(filename, _("XML sai cú pháp (%(problem)s)", problem=message), line=line)
    return root, builder.lines


def category_slug(path: str) -> str | None:
    """Return the topic slug of a Moodle category path: its last part, if it is a slug."""
    last = path.rstrip("/").rsplit("/", 1)[-1].strip()
    if last == "top" or last.startswith("$"):
        return None  # Moodle's root category, not a topic
    return last if SLUG_RE.match(last) else None


def _xml_field(field: str) -> str:
    """Name the Moodle element behind a schema field: "choices[1].text" -> "answer[2]"."""
    base = re.split(r"[.\[]", field)[0]
    name = _FIELD_ELEMENT.get(base, base)
    match = re.match(r"\w+\[(\d+)\]", field)
    return f"{name}[{int(match.group(1)) + 1}]" if match and name == "answer" else name


def _element_line(question: ET.Element, field: str, lines: dict[int, int]) -> int | None:
    name = _FIELD_ELEMENT.get(re.split(r"[.\[]", field)[0], "")
    match = re.match(r"\w+\[(\d+)\]", field)
    found = question.findall(name) if name else []
    if not found:
        return None
    index = int(match.group(1)) if match and name == "answer" else 0
    return lines.get(id(found[min(index, len(found) - 1)]))


def _text(element: ET.Element | None) -> str:
    """Return the <text> child of an element as plain text (HTML turned into text)."""
    if element is None:
        return ""
    node = element.find("text")
    raw = (node.text if node is not None else element.text) or ""
    if element.get("format", "html") == "html":
        return _html_to_text(raw)
    return raw.strip()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("p", "div", "li"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def _html_to_text(raw: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(raw)
    extractor.close()
    lines = [line.strip() for line in "".join(extractor.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _read_question(element, kind, topic, errors) -> Question | None:
    mapping: dict[str, Any] = {"text": _text(element.find("questiontext"))}
    explanation = _text(element.find("generalfeedback"))
    if explanation:
        mapping["explanation"] = explanation
    key = (element.findtext("idnumber") or "").strip() or _text(element.find("name"))
    if KEY_RE.match(key):
        mapping["key"] = key
    answers = element.findall("answer")
    if kind == "multichoice":
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        choices = [{"text": _text(a), "correct": _fraction(a) > 0} for a in answers]
        mapping["kind"] = "single" if single else "multiple"
        mapping["choices"] = choices
    elif kind == "truefalse":
        right = [a for a in answers if _fraction(a) > 0]
        mapping["kind"] = "true_false"
        if len(right) == 1 and _text(right[0]).lower() in ("true", "false"):
            mapping["answer"] = _text(right[0]).lower() == "true"
        else:
            errors.append(FormatError("", None, "answer", _("câu đúng/sai cần một đáp án 100%")))
    elif kind == "shortanswer":
        mapping["kind"] = "type_answer"
        mapping["answers"] = [_text(a) for a in answers if _fraction(a) > 0]
    elif kind == "essay":
        mapping["kind"] = "open"
        reference = _text(element.find("graderinfo"))
        mapping["answers"] = [line for line in reference.split("\n") if line.strip()]
    elif kind == "ordering":
        mapping["kind"] = "ordering"
        mapping["items"] = [_text(a) for a in answers]
    else:
        errors.append(
            FormatError(
                "", None, "type", _("loại câu hỏi Moodle '%(kind)s' không được hỗ trợ", kind=kind)
            )
        )
        return None
    _read_tags(element, mapping, errors)
    question, found = read_question_mapping(mapping, topic=topic)
    if question is not None:
        found += validate_question(question, require_explanation=False)
    errors += found
    return question


def _read_tags(element: ET.Element, mapping: dict[str, Any], errors: list) -> None:
    tags: list[str] = []
    audience: list[str] = []
    for tag in element.findall("tags/tag"):
        value = _text(tag)
        if not value.startswith(TAG_PREFIX):
            slug = slugify(value)
            if slug and slug not in tags:
                tags.append(slug)
            continue
        name, _equals, setting = value[len(TAG_PREFIX) :].partition("=")
        if name == "difficulty" and setting in ("1", "2", "3"):
            mapping["difficulty"] = int(setting)
        elif name == "audience":
            audience.append(setting)
        elif name == "source":
            mapping["source"] = setting
        elif name == "accent_insensitive" and setting in ("true", "false"):
            mapping["accent_insensitive"] = setting == "true"
        else:
            errors.append(FormatError("", None, "tags", _("thẻ '%(tag)s' không hợp lệ", tag=value)))
    if tags:
        mapping["tags"] = tags
    if audience:
        mapping["audience"] = audience


def write(questions: list[Question]) -> bytes:
    """Return a Moodle XML quiz; raise ExportRejected for poll questions (Moodle has no poll)."""
    problems = [
        FormatError(
            "", n, q.key or _("câu %(n)d", n=n), _("Moodle XML không có dạng câu thăm dò (poll)")
        )
        for n, q in enumerate(questions, start=1)
        if q.kind == "poll"
    ]
    if problems:
        raise ExportRejected(problems)
    quiz = ET.Element("quiz")
    topic: str | None = None
    for q in questions:
        if q.topic != topic:
            # Moodle files questions under the last category named; "$course$/top" is the root.
            path = f"{ROOT_CATEGORY}/{q.topic}" if q.topic else ROOT_CATEGORY
            category = ET.SubElement(quiz, "question", type="category")
            _text_element(category, "category", path, fmt=None)
            topic = q.topic
        quiz.append(_question_element(q))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _text_element(parent: ET.Element, name: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, name)
    if fmt:
        element.set("format", fmt)
    # HTML with escaped text: Moodle shows it as typed, and line breaks survive as <br>.
    value = html.escape(text, quote=False).replace("\n", "<br>\n") if fmt == "html" else text
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent: ET.Element, text: str, fraction: str) -> None:
    answer = _text_element(parent, "answer", text)
    answer.set("fraction", fraction)
    _text_element(answer, "feedback", "")


def _question_element(q: Question) -> ET.Element:
    moodle_type = {
        "single": "multichoice",
        "multiple": "multichoice",
        "true_false": "truefalse",
        "type_answer": "shortanswer",
        "open": "essay",
        "ordering": "ordering",
    }[q.kind]
    element = ET.Element("question", type=moodle_type)
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = q.key or q.text[:60]
    _text_element(element, "questiontext", q.text)
    _text_element(element, "generalfeedback", q.explanation)
    ET.SubElement(element, "defaultgrade").text = "1"
    if q.key:
        ET.SubElement(element, "idnumber").text = q.key
    if q.kind in ("single", "multiple"):
        ET.SubElement(element, "single").text = "true" if q.kind == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        correct = sum(1 for c in q.choices if c.correct)
        share = f"{100 / correct:.5f}".rstrip("0").rstrip(".")
        for choice in q.choices:
            _answer(element, choice.text, share if choice.correct else "0")
    elif q.kind == "true_false":
        _answer(element, "true", "100" if q.answer else "0")
        _answer(element, "false", "0" if q.answer else "100")
    elif q.kind == "type_answer":
        ET.SubElement(element, "usecase").text = "0"
        for text in q.answers:
            _answer(element, text, "100")
    elif q.kind == "open":
        ET.SubElement(element, "responseformat").text = "editor"
        _text_element(element, "graderinfo", "\n".join(q.answers))
    else:  # ordering
        ET.SubElement(element, "layouttype").text = "VERTICAL"
        ET.SubElement(element, "selecttype").text = "ALL"
        ET.SubElement(element, "selectcount").text = "0"
        ET.SubElement(element, "gradingtype").text = "ABSOLUTE_POSITION"
        for text in q.items:
            _answer(element, text, "1")
    tags = ET.SubElement(element, "tags")
    values = [f"{TAG_PREFIX}difficulty={q.difficulty}"]
    values += [f"{TAG_PREFIX}audience={a}" for a in q.audience]
    if q.source:
        values.append(f"{TAG_PREFIX}source={q.source}")
    if q.kind == "type_answer" and not q.accent_insensitive:
        values.append(f"{TAG_PREFIX}accent_insensitive=false")
    values += q.tags
    for value in values:
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = value
    return element
