"""Text normalisation for duplicate detection and accent-insensitive matching."""

import unicodedata

from quizapp.bank.textnorm import normalize_text, similarity, slugify, strip_accents


def test_normalize_casefolds_drops_punctuation_and_collapses_spaces():
    assert normalize_text("  Mật KHẨU   mạnh?! ") == "mật khẩu mạnh"
    assert normalize_text("mật-khẩu, “mạnh”") == "mật khẩu mạnh"


def test_normalize_makes_composed_and_decomposed_text_equal():
    decomposed = unicodedata.normalize("NFD", "Mật khẩu")
    assert decomposed != "Mật khẩu"
    assert normalize_text(decomposed) == normalize_text("Mật khẩu")


def test_accents_false_strips_vietnamese_diacritics_including_d():
    assert normalize_text("Đà Nẵng, ĐẶNG đường!", accents=False) == "da nang dang duong"
    assert normalize_text("Mật khẩu", accents=False) == normalize_text("mat  khau", accents=False)
    assert strip_accents("Ưu tiên Ở Ấp") == "Uu tien O Ap"


def test_similarity_compares_normalised_text():
    assert similarity("Mật khẩu mạnh là gì?", "mật khẩu MẠNH là gì") == 1.0
    near = similarity("Mật khẩu mạnh cần bao nhiêu ký tự?", "Mật khẩu mạnh cần bao nhiêu kí tự?")
    assert 0.9 < near < 1.0
    assert similarity("OTP là gì?", "Wi-Fi công cộng có an toàn không?") < 0.5


def test_slugify_makes_tags_from_free_text():
    assert slugify("Lừa đảo trực tuyến!") == "lua-dao-truc-tuyen"
    assert slugify("  Mật khẩu  ") == "mat-khau"
