"""Fairness figures of a set of questions: can a student guess the key without knowing it?

Pure. Three guesses are measured, each with its limit (docs/question-schema.md, "Fair choices"):
the correct single-choice option is the longest one, the key sits in one favourite position
(it matters where shuffling is off, as on TV), and every multiple-choice question has the same
number of correct options. Messages are Vietnamese templates marked for the catalogue (`N_`);
the caller translates and fills them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from quizapp.bank.findings import N_, Finding
from quizapp.bank.formats.question import Question

# At most this share of single-choice questions may have the correct option as the longest.
MAX_CORRECT_LONGEST_SHARE = 0.35
# At most this share of single-choice keys may sit in any one position (A, B, C, ...).
MAX_KEY_POSITION_SHARE = 0.35
# Multiple-choice questions must vary among these numbers of correct options ...
MULTIPLE_CORRECT_COUNTS = (2, 3, 4)
# ... each of them used by at least this share of the multiple-choice questions.
MIN_MULTIPLE_COUNT_SHARE = 0.10


@dataclass
class FairnessFigures:
    single: int = 0
    correct_longest: int = 0
    key_positions: Counter = field(default_factory=Counter)
    multiple: int = 0
    correct_counts: Counter = field(default_factory=Counter)

    @property
    def correct_longest_share(self) -> float:
        return self.correct_longest / self.single if self.single else 0.0

    def position_share(self, position: int) -> float:
        return self.key_positions[position] / self.single if self.single else 0.0


def position_label(position: int) -> str:
    """Return the letter players see for a 0-based option position: 0 -> "A"."""
    return chr(ord("A") + position)


def correct_is_longest(question: Question) -> bool:
    """Tell whether the correct option is strictly longer than every other (a tie gives no hint)."""
    lengths = [len(" ".join(c.text.split())) for c in question.choices]
    key = next(i for i, c in enumerate(question.choices) if c.correct)
    return all(lengths[key] > length for i, length in enumerate(lengths) if i != key)


def fairness_figures(questions) -> FairnessFigures:
    """Count the figures over `questions` (the caller leaves retired ones out)."""
    figures = FairnessFigures()
    for q in questions:
        if q.kind == "single" and sum(c.correct for c in q.choices) == 1:
            figures.single += 1
            figures.correct_longest += correct_is_longest(q)
            figures.key_positions[next(i for i, c in enumerate(q.choices) if c.correct)] += 1
        elif q.kind == "multiple":
            figures.multiple += 1
            figures.correct_counts[sum(c.correct for c in q.choices)] += 1
    return figures


def fairness_findings(figures: FairnessFigures) -> list[Finding]:
    """Return every fairness limit the figures break (empty: fair enough)."""
    found = []
    if figures.correct_longest_share > MAX_CORRECT_LONGEST_SHARE:
        found.append(Finding(
            N_("Đáp án đúng là lựa chọn dài nhất ở %(share)s câu một đáp án, vượt giới hạn "
               "%(limit)s."),
            {"share": _percent(figures.correct_longest_share),
             "limit": _percent(MAX_CORRECT_LONGEST_SHARE)}))
    for position in sorted(figures.key_positions):
        share = figures.position_share(position)
        if share > MAX_KEY_POSITION_SHARE:
            found.append(Finding(
                N_("Vị trí %(position)s giữ %(share)s đáp án đúng của câu một đáp án, vượt giới "
                   "hạn %(limit)s."),
                {"position": position_label(position), "share": _percent(share),
                 "limit": _percent(MAX_KEY_POSITION_SHARE)}))
    if figures.multiple:
        scarce = [n for n in MULTIPLE_CORRECT_COUNTS
                  if figures.correct_counts[n] / figures.multiple < MIN_MULTIPLE_COUNT_SHARE]
        if scarce:
            found.append(Finding(
                N_("Câu nhiều đáp án chưa đa dạng: số câu có %(counts)s đáp án đúng dưới "
                   "%(limit)s (cần có cả câu 2, 3 và 4 đáp án đúng)."),
                {"counts": ", ".join(str(n) for n in scarce),
                 "limit": _percent(MIN_MULTIPLE_COUNT_SHARE)}))
    return found


def describe_figures(figures: FairnessFigures) -> list[Finding]:
    """Return the figures as lines to print (templates with values, like findings)."""
    positions = ", ".join(
        f"{position_label(p)} {_percent(figures.position_share(p))}"
        for p in sorted(figures.key_positions))
    counts = ", ".join(f"{n}: {figures.correct_counts[n]}"
                       for n in sorted(set(figures.correct_counts) | set(MULTIPLE_CORRECT_COUNTS)))
    return [
        Finding(N_("Câu một đáp án: %(count)s; đáp án đúng là lựa chọn dài nhất: %(share)s "
                   "(%(hits)s câu, giới hạn %(limit)s)."),
                {"count": figures.single, "share": _percent(figures.correct_longest_share),
                 "hits": figures.correct_longest, "limit": _percent(MAX_CORRECT_LONGEST_SHARE)}),
        Finding(N_("Vị trí đáp án đúng: %(positions)s (giới hạn mỗi vị trí %(limit)s)."),
                {"positions": positions or "-", "limit": _percent(MAX_KEY_POSITION_SHARE)}),
        Finding(N_("Câu nhiều đáp án: %(count)s; số đáp án đúng -> số câu: %(counts)s."),
                {"count": figures.multiple, "counts": counts}),
    ]


def _percent(share: float) -> str:
    return f"{share:.0%}"
