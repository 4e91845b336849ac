"""Export then import gives the same questions, for every format and what it can carry."""

import dataclasses

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizapp.bank import formats
from quizapp.bank.formats import aiken, kahoot_xlsx
from quizapp.bank.formats.question import AUDIENCES, Choice, Question, validate_question

# Vietnamese letters, digits and the characters each format must escape or quote:
# GIFT ~ = # { } : \  CSV , ; " '  formula starters = + - @  XML/HTML < > &.
_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợ"
    "úùủũụứừửữựýỳỷỹỵ0123456789 ~=#{}:\\,;\"'+-@<>&?!.()"
)


def _clean(text: str) -> str:
    return " ".join(text.split())


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Single-line text without leading, trailing or doubled spaces."""
    return st.text(_ALPHABET, min_size=1, max_size=max_size).map(_clean).filter(bool)


def unique_texts(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(texts(30), min_size=min_size, max_size=max_size, unique_by=str.casefold)


slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
keys = st.builds(lambda slug, n: f"{slug}-{n:03d}", slugs, st.integers(1, 999))
audiences = st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=3, unique=True)
tag_lists = st.lists(slugs, max_size=3, unique=True)


@st.composite
def questions(
    draw, kinds=("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")
):
    """A valid Question of one of `kinds`, with every field the kind uses filled in."""
    kind = draw(st.sampled_from(kinds))
    fields: dict = {}
    if kind in ("single", "multiple", "poll"):
        labels = draw(unique_texts(2, 6))
        if kind == "single":
            right = {draw(st.integers(0, len(labels) - 1))}
        elif kind == "multiple":
            right = set(draw(st.lists(st.integers(0, len(labels) - 1), min_size=1, unique=True)))
        else:
            right = set()
        fields["choices"] = [Choice(t, i in right) for i, t in enumerate(labels)]
    elif kind == "true_false":
        fields["answer"] = draw(st.booleans())
    elif kind == "type_answer":
        fields["answers"] = draw(unique_texts(1, 4).filter(lambda a: all("|" not in x for x in a)))
        fields["accent_insensitive"] = draw(st.booleans())
    elif kind == "open":
        fields["answers"] = draw(unique_texts(1, 3).filter(lambda a: all("|" not in x for x in a)))
    else:
        fields["items"] = draw(unique_texts(3, 6))
    explanation = draw(texts(80)) if kind != "poll" else draw(st.sampled_from(["", "Vì sao?"]))
    return Question(
        kind=kind,
        text=draw(texts(80)),
        key=draw(st.none() | keys),
        explanation=explanation,
        difficulty=draw(st.integers(1, 3)),
        audience=draw(audiences),
        tags=draw(tag_lists),
        source=draw(st.sampled_from(["", "Luật An ninh mạng 2018, Điều 17"])),
        topic=draw(st.none() | slugs),
        **fields,
    )


FAST = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# Building .xlsx files is the slow part; fewer examples keep the suite under its time budget.
SPREADSHEET = settings(FAST, max_examples=10)


def lists_of(kinds, size=4):
    return st.lists(questions(kinds), min_size=1, max_size=size)


def without(q, *names):
    defaults = {
        "topic": None,
        "key": None,
        "explanation": "",
        "difficulty": 2,
        "audience": list(AUDIENCES),
        "tags": [],
        "source": "",
    }
    return dataclasses.replace(q, **{name: defaults[name] for name in names})


def round_trip(fmt, filename, originals):
    assert all(validate_question(q) == [] for q in originals)
    return formats.parse(formats.write(fmt, originals), filename)


@FAST
@given(lists_of(("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")))
def test_yaml(originals):
    # A plain question file has no topic block: topics travel in bank files (write_topic_file).
    back = round_trip("yaml", "x.yaml", originals)
    assert back == [without(q, "topic") for q in originals]


@FAST
@given(lists_of(("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")))
def test_csv(originals):
    assert round_trip("csv", "x.csv", originals) == originals


@SPREADSHEET
@given(lists_of(("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")))
def test_xlsx(originals):
    assert round_trip("xlsx", "x.xlsx", originals) == originals


@FAST
@given(lists_of(("single", "multiple", "true_false", "type_answer", "open")))
def test_gift(originals):
    assume(not any("->" in c.text for q in originals for c in q.choices))
    assume(not any("->" in a for q in originals for a in q.answers))
    assert round_trip("gift", "x.gift", originals) == originals


@FAST
@given(lists_of(("single", "multiple", "true_false", "type_answer", "ordering", "open")))
def test_moodle_xml(originals):
    assert round_trip("moodle_xml", "x.xml", originals) == originals


@FAST
@given(lists_of(("single",)))
def test_aiken(originals):
    assume(not any(aiken._CHOICE.match(q.text) or aiken._ANSWER.match(q.text) for q in originals))
    back = round_trip("aiken", "x.txt", originals)
    carried = ("topic", "key", "explanation", "difficulty", "audience", "tags", "source")
    assert back == [without(q, *carried) for q in originals]


@SPREADSHEET
@given(lists_of(("single", "multiple")))
def test_kahoot(originals):
    assume(all(len(q.choices) <= kahoot_xlsx.MAX_ANSWERS for q in originals))
    back = round_trip("kahoot_xlsx", "k.xlsx", originals)
    carried = ("topic", "key", "explanation", "difficulty", "audience", "tags", "source")
    expected = [without(q, *carried) for q in originals]
    # Kahoot has no kind: one correct answer reads back as single.
    expected = [
        dataclasses.replace(q, kind="single" if sum(c.correct for c in q.choices) == 1 else q.kind)
        for q in expected
    ]
    assert back == expected
