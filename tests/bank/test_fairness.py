"""Fairness figures and limits of `quizapp bank check`, on small banks written for the test."""

import pytest

from quizapp.bank.fairness import (
    MAX_CORRECT_LONGEST_SHARE,
    MAX_KEY_POSITION_SHARE,
    correct_is_longest,
    describe_figures,
    fairness_figures,
    fairness_findings,
)
from quizapp.bank.formats.question import Choice, Question


def single(key_at, texts=("aa", "bb", "cc", "dd")):
    return Question(kind="single", text="?", explanation=".",
                    choices=[Choice(t, i == key_at) for i, t in enumerate(texts)])


def multiple(correct):
    return Question(kind="multiple", text="?", explanation=".",
                    choices=[Choice(f"o{i}", i < correct) for i in range(4)])


def varied_multiple():
    return [multiple(2), multiple(3), multiple(4)] * 2


def test_a_balanced_bank_passes_and_its_figures_are_printed():
    bank = [single(i % 4) for i in range(8)] + varied_multiple()
    figures = fairness_figures(bank)
    assert figures.single == 8 and figures.correct_longest == 0
    assert dict(figures.key_positions) == {0: 2, 1: 2, 2: 2, 3: 2}
    assert dict(figures.correct_counts) == {2: 2, 3: 2, 4: 2}
    assert fairness_findings(figures) == []
    lines = [line.render() for line in describe_figures(figures)]
    assert "A 25%, B 25%, C 25%, D 25%" in lines[1]
    assert "2: 2, 3: 2, 4: 2" in lines[2]


def single_long(key_at):
    texts = ["ngắn", "vừa", "cũng ngắn", "hơi dài"]
    texts[key_at] = "dài hơn hẳn mọi lựa chọn khác"
    return single(key_at, texts)


def test_correct_longest_over_the_limit_fails():
    bank = [single_long(i) for i in range(3)] + [single(i % 4) for i in range(7)]
    figures = fairness_figures(bank)
    assert figures.correct_longest == 3 and figures.correct_longest_share == 0.3
    assert fairness_findings(figures) == []
    bank.append(single_long(3))
    found = fairness_findings(fairness_figures(bank))
    assert len(found) == 1 and "dài nhất ở 36%" in found[0].render()
    assert MAX_CORRECT_LONGEST_SHARE == 0.35


def test_a_favourite_key_position_fails():
    bank = [single(1)] * 4 + [single(0), single(2), single(3), single(0)] + varied_multiple()
    found = fairness_findings(fairness_figures(bank))
    assert [f.values["position"] for f in found] == ["B"]
    assert found[0].values["share"] == "50%" and MAX_KEY_POSITION_SHARE == 0.35
    assert found[0].render(lambda s: s.replace("Vị trí", "Position")).startswith("Position B")


@pytest.mark.parametrize("counts", [(3, 3, 3, 3), (2, 3, 3, 3), (2, 2, 3, 3)])
def test_multiple_choice_that_does_not_vary_fails(counts):
    bank = [single(i % 4) for i in range(8)] + [multiple(n) for n in counts]
    found = fairness_findings(fairness_figures(bank))
    assert len(found) == 1 and "2, 3 và 4" in found[0].render()


def test_a_tie_for_longest_is_no_hint_and_retired_questions_are_left_out():
    assert not correct_is_longest(single(0, ("abc", "abc", "a", "b")))
    assert correct_is_longest(single(0, ("abcd", "abc", "a", "b")))
    retired = Question(kind="single", text="?", explanation=".", status="retired",
                       choices=[Choice("x", True), Choice("y")])
    from quizapp.bank.catalog import Bank, BankEntry, bank_fairness

    bank = Bank(entries=[BankEntry(retired, "t.yaml", 1), BankEntry(single(1), "t.yaml", 9)])
    assert bank_fairness(bank).single == 1
