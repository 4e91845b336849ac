"""The identity rule: which participation counts, for which pupil and which school."""

import pytest

from quizapp.schools.identity import (
    NameDirectory,
    Participation,
    clean_members,
    counted_participation,
    is_verified,
    same_pupil,
)

# Identities are keyed with the app's secret (schools/identity.py identity_key).
pytestmark = pytest.mark.usefixtures("app")


@pytest.mark.parametrize("source,school,game_school,verified", [
    ("link", 1, None, True),  # per-school QR code of an open game
    ("roster", 1, None, True),
    ("resolved", 1, None, True),  # the host matched a typed name after the game
    ("confirmed", 1, None, True),
    ("picked", 1, None, False),  # TV viewer or open PIN choosing from the list
    ("picked", 1, 1, True),  # one's own school in that school's game
    ("picked", 2, 1, False),  # another school claimed in a school's game
    ("unmatched", None, None, False),
    ("capped", 1, None, False),
    ("empty", None, 1, False),
    ("link", None, None, False),
])
def test_only_a_verified_school_counts(source, school, game_school, verified):
    assert is_verified(source, school, game_school) is verified


def pupils(rows, directory=None):
    directory = directory or NameDirectory()
    out = []
    for row in rows:
        out.extend(counted_participation(row, directory))
    return out


def test_typos_and_short_names_are_one_pupil_without_a_roster():
    rows = [Participation(1, "link", "7A", "Nguyễn Văn Thành"),
            Participation(1, "link", "Lớp 7a", "nguyen van thnah"),  # two letters swapped
            Participation(1, "link", "7 A", "Thành"),  # the given name only
            Participation(1, "link", "7A", "Trần Thị Mai")]
    found = pupils(rows)
    assert len({p.identity for p in found}) == 2
    assert all(p.estimated for p in found)


def test_short_names_are_not_guessed_when_two_pupils_share_them():
    directory = NameDirectory()
    first = pupils([Participation(1, "link", "7A", "Nguyễn Văn An"),
                    Participation(1, "link", "7A", "Lê Thị An")], directory)
    short = pupils([Participation(1, "link", "7A", "An")], directory)
    assert short[0].identity not in {p.identity for p in first}


def test_a_roster_keeps_namesakes_apart_and_follows_a_class_change():
    rows = [Participation(1, "roster", "7A", "Nguyễn Văn An", roster_entry_id=10),
            Participation(1, "roster", "7A", "Nguyễn Văn An", roster_entry_id=11),
            Participation(1, "roster", "8A", "Nguyễn Văn An", roster_entry_id=10)]
    found = pupils(rows)
    assert len({p.identity for p in found}) == 2
    assert not any(p.estimated for p in found)


def test_a_typed_name_maps_to_its_single_roster_entry():
    directory = NameDirectory()
    directory.add_roster_entry(1, 10, "7A", "Nguyễn Văn An")
    by_roster = pupils([Participation(1, "roster", "7A", "x", roster_entry_id=10)], directory)
    by_name = pupils([Participation(1, "link", "7a", "nguyen van an")], directory)
    assert by_name[0].identity == by_roster[0].identity and not by_name[0].estimated


def test_a_group_counts_each_member_once():
    row = Participation(1, "link", "6B", "Nhóm Sao Mai",
                        members=("Y Blin", "A Sương", "Nguyễn Thị Hoa"))
    found = pupils([row])
    assert len({p.identity for p in found}) == 3


def test_not_counted_removed_unverified_or_schoolless():
    assert pupils([Participation(1, "link", "7A", "An", kicked=True),
                   Participation(1, "picked", "7A", "Bình"),
                   Participation(None, "empty", "7A", "Chi")]) == []


def test_namesakes_in_different_classes_stay_apart():
    found = pupils([Participation(1, "link", "7A", "Nguyễn Văn An"),
                    Participation(1, "link", "7B", "Nguyễn Văn An")])
    assert len({p.identity for p in found}) == 2


@pytest.mark.parametrize("a,b,same", [
    ("nguyen van an", "nguyen van an", True),
    ("nguyen van an", "nguyen van anh", False),  # An and Anh are two given names
    ("nguyen van thanh", "nguyen van thnah", True),  # two letters swapped
    ("nguyen thi trang", "nguyen thi trung", False),  # two real given names
    ("nguyne van thanh", "nguyen van thanh", True),  # a typo in the family name
    ("ngyen van thanh", "nguyen van thanh", True),  # a letter left out
    ("hoc sinh 1", "hoc sinh 2", False),
    ("le van an", "le vn an", False),  # a word too short to tell
    ("nguyen van an", "tran van an", False),
    ("an", "nguyen van an", True),
    ("van an", "nguyen van an", True),
    ("binh", "nguyen van an", False),
])
def test_same_pupil(a, b, same):
    assert same_pupil(a, b) is same


@pytest.mark.parametrize("members,code", [
    (["An"], "group_size"),
    ([f"Học sinh {i}" for i in range(7)], "group_size"),
    ("An, Bình", "group_size"),
    (["An", ""], "group_name"),
    (["An", "x" * 41], "group_name"),
    (["An", "B\u202eình"], "group_name"),
    (["Lê An", "le an"], "group_duplicate"),
    (["An", 5], "group_name"),
])
def test_group_members_are_checked(members, code):
    with pytest.raises(ValueError, match=code):
        clean_members(members)


def test_group_members_are_cleaned():
    assert clean_members(["  Y  Blin ", "A Sương"]) == ["Y Blin", "A Sương"]


def test_names_differing_only_in_accents_are_two_pupils_when_both_have_accents():
    found = pupils([Participation(1, "link", "9A", "Hoàng Công Hùng"),
                    Participation(1, "link", "9A", "Hoàng Công Hưng"),
                    Participation(1, "link", "9A", "Hoang Cong Hung")])  # ambiguous: a third
    assert len({p.identity for p in found[:2]}) == 2
    one = pupils([Participation(1, "link", "9A", "Hoàng Công Hưng"),
                  Participation(1, "link", "9A", "hoang cong hung")])
    assert len({p.identity for p in one}) == 1


def test_two_rows_of_one_program_with_one_name_are_two_namesakes():
    directory = NameDirectory()
    game = [Participation(1, "link", "7A", "A Blin", program=("game", 1), row_id=1),
            Participation(1, "link", "7A", "Nhóm", members=("A Blin", "Y Hơn"),
                          program=("game", 1), row_id=2)]
    first = pupils(game, directory)
    assert len({p.identity for p in first}) == 3  # the A Blin of the group is another pupil
    again = pupils(game, directory)  # the same rows again: the same identities
    assert [p.identity for p in again] == [p.identity for p in first]
    later = pupils([Participation(1, "link", "7A", "A Blin", program=("game", 2), row_id=3)],
                   directory)
    assert later[0].identity == first[0].identity
