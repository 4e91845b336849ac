"""Fixtures for the bank: a topic and a few stored questions."""

import pytest

from quizapp.bank.formats.question import Choice
from quizapp.bank.formats.question import Question as Record
from quizapp.bank.models import Topic
from quizapp.extensions import db


@pytest.fixture
def topic(app):
    topic = Topic(
        slug="mat-khau",
        name="Mật khẩu và bảo mật tài khoản",
        name_en="Passwords and account security",
    )
    db.session.add(topic)
    db.session.commit()
    return topic


def single(text="Mật khẩu nào mạnh nhất?", **fields):
    """A valid single-choice record; override any field."""
    base = dict(
        kind="single",
        text=text,
        choices=[
            Choice("123456"),
            Choice("matkhau"),
            Choice("Tr0ng-Dong!Kon-Tum-2025", True),
            Choice("ngày sinh của em"),
        ],
        explanation="Mật khẩu dài, trộn nhiều loại ký tự và không đoán được là mạnh nhất.",
        difficulty=1,
        tags=["mat-khau"],
    )
    base.update(fields)
    return Record(**base)
