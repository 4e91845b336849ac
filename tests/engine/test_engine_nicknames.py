"""Nicknames: invisible characters, length, uniqueness, blocked words with and without accents."""

import pytest

from quizapp.engine.nicknames import check_nickname, clean_nickname


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Lan  ", "Lan"),
        ("Lan\u200bAnh", "LanAnh"),  # zero-width space
        ("Lan\u200c\u200d\ufeffAnh", "LanAnh"),  # ZWNJ, ZWJ, BOM
        ("\u202eadmin", "admin"),  # right-to-left override
        ("Lan\u2066Anh\u2069", "LanAnh"),  # bidi isolates
        ("Lan\x00\x07\x1b[31mAnh", "Lan[31mAnh"),  # control characters
        ("Lan\tAnh\n Bảo", "Lan Anh Bảo"),
        ("Lan\u00a0\u3000Anh", "Lan Anh"),  # no-break and ideographic spaces
        ("Nguye\u0302\u0303n", "Nguyễn"),  # NFD -> NFC
        (None, ""),
        (42, ""),
    ],
)
def test_clean_nickname(raw, clean):
    assert clean_nickname(raw) == clean


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "nickname_empty"),
        ("\u200b\u200b", "nickname_empty"),
        ("   ", "nickname_empty"),
        ("a" * 40, None),
        ("a" * 41, "nickname_too_long"),
        ("Nguyễn Thị Minh Khai", None),  # 20 characters once NFC
        ("Nguye\u0302\u0303n Thị Minh Khai", None),  # the same in NFD: still 20
        ("Tôn Nữ Hoàng Thị Phương Thảo Nguyên", None),  # a long full name: 35
        ("Công Tôn Nữ Hoàng Thị Phương Thảo Nguyên!", "nickname_too_long"),  # 41
        ("a" * 40 + "\u200b", None),
    ],
)
def test_length(name, code):
    assert check_nickname(name, set()) == code


def test_taken_is_case_insensitive():
    taken = {"Minh Anh", "ĐỨC"}
    assert check_nickname("minh anh", taken) == "nickname_taken"
    assert check_nickname(" MINH  ANH ", taken) == "nickname_taken"
    assert check_nickname("đức", taken) == "nickname_taken"
    assert check_nickname("Duc", taken) is None  # only case is ignored, not accents
    assert check_nickname("Minh Anh 2", taken) is None


@pytest.mark.parametrize(
    "name",
    [
        "địt mẹ", "dit me", "DIT ME", "Ditme", "đụ má", "du ma", "ĐCM", "dcm", "vcl", "VKL",
        "con cặc", "con cac", "lồn", "cái lồn", "cai lon", "đĩ", "đéo", "fuck", "F.U.C.K",
        "fück you", "shit", "Bitch", "b1 bitch", "motherfucker", "thằng ngu đụ",
    ],
)  # fmt: skip
def test_blocked_words_with_and_without_accents(name):
    assert check_nickname(name, set()) == "nickname_blocked"


@pytest.mark.parametrize(
    "name",
    [
        "Long", "Thanh Lớn", "Lợn con", "Các bạn", "Đi học", "Đeo kính", "Buổi sáng",
        "Edith", "Dương", "Đức Mạnh", "Scunthorpe", "Cáo", "Hà Cúc", "Dũng",
    ],
)  # fmt: skip
def test_ordinary_names_pass(name):
    assert check_nickname(name, set()) is None
