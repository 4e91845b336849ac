"""Load the shipped question bank (questions/*.yaml) and check it as a whole.

Pure: reads files, touches no database. `load_bank` never raises on bad content: a file that
does not parse is recorded in `Bank.errors`, so `check_bank` reports every problem at once.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import gettext as _

from quizapp.bank import legal
from quizapp.bank.fairness import FairnessFigures, fairness_figures
from quizapp.bank.findings import Finding
from quizapp.bank.formats import yaml_format
from quizapp.bank.formats.question import FormatError, ImportRejected, Question
from quizapp.bank.formats.yaml_format import TopicInfo
from quizapp.bank.textnorm import normalize_text

NEAR_DUPLICATE_RATIO = 0.9


@dataclass(frozen=True)
class BankEntry:
    """One question and where it lives (file name and line of its `- key:` item)."""

    question: Question
    file: str
    line: int | None


@dataclass
class Bank:
    topics: dict[str, TopicInfo] = field(default_factory=dict)
    topic_files: dict[str, str] = field(default_factory=dict)
    entries: list[BankEntry] = field(default_factory=list)
    errors: list[FormatError] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        return [entry.question for entry in self.entries]

    @property
    def live_questions(self) -> list[Question]:
        """The questions players can get: all but the retired ones."""
        return [q for q in self.questions if q.status != "retired"]


def load_bank(directory: str | Path) -> Bank:
    """Read every `*.yaml` in `directory` (the bank's `questions/` folder), sorted by name.

    Parse errors of a file go to `bank.errors` and that file contributes no questions.
    """
    bank = Bank()
    for path in sorted(Path(directory).glob("*.yaml")):
        name = path.name
        try:
            topic, questions = yaml_format.parse_topic_file(path.read_bytes(), name)
        except ImportRejected as rejected:
            bank.errors.extend(rejected.errors)
            continue
        stem = path.stem
        if topic.slug != stem:
            bank.errors.append(
                FormatError(
                    name,
                    None,
                    "topic.slug",
                    _("tên tệp phải là %(name)s", name=f"{topic.slug}.yaml"),
                )
            )
        if topic.slug in bank.topics:
            other = bank.topic_files[topic.slug]
            bank.errors.append(
                FormatError(
                    name,
                    None,
                    "topic.slug",
                    _("chủ đề '%(topic)s' đã có ở %(file)s", topic=topic.slug, file=other),
                )
            )
            continue
        bank.topics[topic.slug] = topic
        bank.topic_files[topic.slug] = name
        lines = _question_lines(path.read_text(encoding="utf-8-sig"))
        for index, question in enumerate(questions):
            line = lines[index] if index < len(lines) else None
            bank.entries.append(BankEntry(question, name, line))
    return bank


def _question_lines(text: str) -> list[int]:
    # The file already parsed, so composing it again cannot fail; it gives each item's line.
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key, value in root.value:
        if key.value == "questions":
            return [node.start_mark.line + 1 for node in value.value]
    return []


def check_bank(bank: Bank) -> list[FormatError]:
    """Return every defect of the bank: file errors, then cross-file ones.

    Cross-file rules: keys unique across files, each key starts with its file's topic slug,
    no two questions with the same normalised text, an explanation on every non-poll question.
    """
    errors = list(bank.errors)
    seen_keys: dict[str, BankEntry] = {}
    seen_texts: dict[str, BankEntry] = {}
    for entry in bank.entries:
        q = entry.question
        if q.key is None:
            errors.append(
                FormatError(entry.file, entry.line, "key", _("câu hỏi trong kho cần có mã"))
            )
        else:
            if q.key in seen_keys:
                first = seen_keys[q.key]
                errors.append(
                    FormatError(
                        entry.file,
                        entry.line,
                        "key",
                        _(
                            "mã '%(key)s' trùng với câu ở %(where)s",
                            key=q.key,
                            where=f"{first.file}:{first.line}",
                        ),
                    )
                )
            else:
                seen_keys[q.key] = entry
            if q.topic and not q.key.startswith(f"{q.topic}-"):
                errors.append(
                    FormatError(
                        entry.file,
                        entry.line,
                        "key",
                        _(
                            "mã '%(key)s' phải bắt đầu bằng tên chủ đề '%(topic)s-'",
                            key=q.key,
                            topic=q.topic,
                        ),
                    )
                )
        if q.kind != "poll" and not q.explanation.strip():
            errors.append(
                FormatError(entry.file, entry.line, "explanation", _("thiếu lời giải thích"))
            )
        text = normalize_text(q.text)
        if text in seen_texts:
            first = seen_texts[text]
            errors.append(
                FormatError(
                    entry.file,
                    entry.line,
                    "text",
                    _(
                        "nội dung trùng với câu %(key)s ở %(where)s",
                        key=first.question.key,
                        where=f"{first.file}:{first.line}",
                    ),
                )
            )
        else:
            seen_texts[text] = entry
    return errors


def near_duplicates(
    bank: Bank, threshold: float = NEAR_DUPLICATE_RATIO
) -> list[tuple[BankEntry, BankEntry, float]]:
    """Return pairs of questions whose normalised texts are alike (ratio >= threshold), not equal.

    Warnings for an editor, not errors: two questions may rightly share most words.
    """
    texts = [normalize_text(entry.question.text) for entry in bank.entries]
    pairs = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i, a in enumerate(texts):
        matcher.set_seq2(a)  # the expensive side, prepared once per question
        for j in range(i + 1, len(texts)):
            b = texts[j]
            if a == b:
                continue  # exact duplicates are check_bank errors
            matcher.set_seq1(b)
            if (
                matcher.real_quick_ratio() >= threshold
                and matcher.quick_ratio() >= threshold
                and matcher.ratio() >= threshold
            ):
                pairs.append((bank.entries[i], bank.entries[j], round(matcher.ratio(), 3)))
    return pairs


def load_legal_registry(directory: str | Path) -> tuple[legal.Registry, list[FormatError]]:
    """Read the bank's registry of legal documents (`legal/documents.yaml` beside the topics).

    A bank without the file has an empty registry: its questions may then cite nothing.
    """
    path = Path(directory) / legal.REGISTRY_FILE
    if not path.exists():
        return legal.Registry(), []
    return legal.load_registry(path)


def legal_check(bank: Bank, registry: legal.Registry, today) -> list[Finding]:
    """Return the legal-citation errors and warnings of every question, with file and line."""
    found = []
    for entry in bank.entries:
        for finding in legal.legal_findings(entry.question, registry, today):
            found.append(
                Finding(
                    finding.message,
                    finding.values,
                    finding.severity,
                    finding.key,
                    entry.file,
                    entry.line,
                )
            )
    return found


def bank_fairness(bank: Bank) -> FairnessFigures:
    """Return the fairness figures of the questions players can get (retired ones left out)."""
    return fairness_figures(bank.live_questions)


def bank_stats(bank: Bank) -> dict[str, Counter]:
    """Return counts per status, and per topic, kind, difficulty and audience of live questions.

    `total` counts every question; the other counters leave retired questions out.
    """
    stats: dict[str, Counter] = {
        "total": Counter(),
        "topic": Counter(),
        "kind": Counter(),
        "difficulty": Counter(),
        "audience": Counter(),
        "status": Counter(),
    }
    for q in bank.questions:
        stats["total"]["questions"] += 1
        stats["status"][q.status or "approved"] += 1
        if q.status == "retired":
            continue
        stats["topic"][q.topic or ""] += 1
        stats["kind"][q.kind] += 1
        stats["difficulty"][q.difficulty] += 1
        stats["audience"].update(q.audience)
    return stats
