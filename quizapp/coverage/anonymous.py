"""The names anonymised pupils, players and group members get in the database.

Stored data, not messages: they stay Vietnamese, like the names they replace, whatever the
language of whoever anonymised the year (tests/core/test_translations.py lists this module).
"""

PUPIL = "Học sinh {n}"
PLAYER = "Người chơi {n}"
MEMBER = "Thành viên {n}"
