"""Name folding: one rule for clashes, bans, searches, imports and pupil identity."""

from hypothesis import given
from hypothesis import strategies as st

from quizapp.engine.folding import clean_text, fold_accents, name_key, nickname_key


def test_accents_and_the_vietnamese_d_fold_away():
    assert fold_accents("Đặng Thị Ánh Tuyết") == "Dang Thi Anh Tuyet"


def test_spaces_case_punctuation_and_invisible_characters_do_not_make_a_new_name():
    key = name_key("Kẻ Phá")
    assert {name_key(v) for v in ("kẻ phá", "Kẻ  Phá", "KẺ PHÁ", "Kẻ-Phá", "Ke Pha")} == {key}
    assert name_key("Kẻ\u200bPhá") == name_key("KẻPhá")  # a zero-width space is no separator


def test_nicknames_clash_ignoring_case_but_not_accents():
    assert nickname_key("Lan  Anh") == nickname_key("lan anh")
    assert nickname_key("Lan") != nickname_key("Lân")


def test_clean_text_drops_control_and_bidi_characters():
    assert clean_text("An\u202eh\x00 \t Bình") == "Anh Bình"
    assert clean_text(None) == ""


@given(st.text(max_size=40))
def test_folding_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)
    assert clean_text(clean_text(text)) == clean_text(text)
