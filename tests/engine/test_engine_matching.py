"""Typed answers: Vietnamese accents, case, spaces, punctuation, NFD input."""

import unicodedata

import pytest

from quizapp.engine.matching import answer_matches, fold_accents


@pytest.mark.parametrize(
    ("given", "accepted", "insensitive", "expected"),
    [
        ("mật khẩu", ["mật khẩu"], False, True),
        ("Mật Khẩu", ["mật khẩu"], False, True),
        ("MẬT KHẨU", ["mật khẩu"], False, True),
        ("  mật    khẩu  ", ["mật khẩu"], False, True),
        ("mật khẩu.", ["mật khẩu"], False, True),
        ("mật-khẩu", ["mật khẩu"], False, True),
        ('"mật khẩu"!', ["mật khẩu"], False, True),
        ("mat khau", ["mật khẩu"], False, False),
        ("mat khau", ["mật khẩu"], True, True),
        ("MAT KHAU", ["mật khẩu"], True, True),
        ("mât khâu", ["mật khẩu"], True, True),
        ("mạt khẩu", ["mật khẩu"], False, False),
        ("mạt khẩu", ["mật khẩu"], True, True),
        ("dang nhap", ["đăng nhập"], True, True),
        ("DANG NHAP", ["Đăng nhập"], True, True),
        ("dang nhap", ["đăng nhập"], False, False),
        ("hoà bình", ["hòa bình"], False, True),  # old and new tone placement
        ("thuỷ", ["thủy"], False, True),
        ("e-mail", ["email"], False, True),
        ("e mail", ["e-mail"], False, True),
        ("xác thực hai yếu tố", ["xác thực 2 yếu tố", "xác thực hai yếu tố"], False, True),
        ("mã OTP", ["ma otp"], True, True),
        ("mật khẩu mạnh", ["mật khẩu"], True, False),
        ("", ["mật khẩu"], True, False),
        ("   ", [""], True, False),
        ("...", ["..."], True, False),
        ("tin giả", [], True, False),
    ],
)
def test_answer_matches(given, accepted, insensitive, expected):
    assert answer_matches(given, accepted, insensitive) is expected


@pytest.mark.parametrize("insensitive", [True, False])
def test_nfd_input_matches_nfc_answers(insensitive):
    given = unicodedata.normalize("NFD", "Mật khẩu")
    assert given != "Mật khẩu"
    assert answer_matches(given, ["mật khẩu"], insensitive)
    accepted = [unicodedata.normalize("NFD", "lừa đảo")]
    assert answer_matches("lừa đảo", accepted, insensitive)


def test_non_text_never_matches():
    assert answer_matches(None, ["x"], True) is False  # type: ignore[arg-type]


def test_fold_accents():
    assert fold_accents("Đường Trường Sơn, đỉnh Ngọc Linh") == "Duong Truong Son, dinh Ngoc Linh"
