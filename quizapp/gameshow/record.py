"""The match record: replay any moment from the commands, and export the results.

Every applied command is kept with its server time; replaying them from the snapshot taken
when the show went on air gives the show exactly as it was after any command (the engine is
deterministic), which is how a disputed moment is settled.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from quizapp.core.spreadsheet import Sheet, csv_sections, workbook_bytes
from quizapp.engine import InvalidCommand
from quizapp.engine.show import Show
from quizapp.gameshow.models import Episode, EpisodeCommand
from quizapp.gameshow.timecode import timecode_at
from quizapp.gameshow.wire import command_from_record

REASONS = {"correct": _l("Đúng"), "wrong": _l("Sai"), "keyword": _l("Chướng ngại vật"),
           "steal": _l("Giành quyền đúng"), "stolen": _l("Bị giành điểm"),
           "steal_wrong": _l("Giành quyền sai"), "star_wrong": _l("Ngôi sao hy vọng – sai"),
           "manual": _l("Trọng tài điều chỉnh")}


def replay(episode: Episode, until_seq: int | None = None) -> Show:
    """Return the show as it was after command ``until_seq`` (all of them when None)."""
    show = Show.restore(episode.start_snapshot)
    query = EpisodeCommand.query.filter_by(episode_id=episode.id, outcome="ok")
    if until_seq is not None:
        query = query.filter(EpisodeCommand.seq <= until_seq)
    for row in query.order_by(EpisodeCommand.seq):
        try:
            show.handle(command_from_record(row.command), row.at_ms)
        except InvalidCommand as refused:  # the record and the engine disagree: say so
            raise RuntimeError(f"command {row.seq} no longer applies: {refused.code}") from None
    return show


def timecode_of(episode: Episode, at_ms: int) -> str:
    """The record's timecode of a server time, by the episode's settings."""
    return timecode_at(at_ms, episode.timecode_fps, episode.timecode_start, episode.on_air_ms)


def pressed_ms(row: EpisodeCommand) -> int:
    """When a command reached the server: a press's receive stamp, else when it was applied."""
    stamp = row.command.get("at_ms") if isinstance(row.command, dict) else None
    return stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else row.at_ms


def score_rows(show: Show) -> list[list]:
    names = {s.seat: s.name for s in show.seats}
    return [[entry.round, names.get(entry.seat, entry.seat), entry.delta, entry.total,
             str(REASONS.get(entry.reason, entry.reason)), entry.note or "", entry.at_ms]
            for entry in show.log]


def _sheets(episode: Episode) -> list[tuple[str, list[str], list[list]]]:
    show = episode.show()
    standings = [[rank, s.seat, s.name, s.school, s.score]
                 for rank, s in enumerate(show.standings(), start=1)]
    commands = [[c.seq, timecode_of(episode, pressed_ms(c)), pressed_ms(c), c.actor,
                 c.command.get("name", ""),
                 ", ".join(f"{k}={v}" for k, v in c.command.items() if k != "name"), c.outcome]
                for c in episode.commands]
    scores = [[*row, timecode_of(episode, row[-1])] for row in score_rows(show)]
    return [
        (_("Kết quả"), [_("Hạng"), _("Vị trí"), _("Thí sinh"), _("Trường"), _("Điểm")],
         standings),
        (_("Điểm từng câu"), [_("Vòng"), _("Thí sinh"), _("Điểm cộng/trừ"), _("Tổng"), _("Lý do"),
                              _("Ghi chú"), _("Thời điểm (ms)"), _("Mã thời gian")], scores),
        (_("Nhật ký lệnh"), [_("STT"), _("Mã thời gian"), _("Thời điểm (ms)"), _("Người gửi"),
                             _("Lệnh"), _("Tham số"), _("Kết quả")], commands),
    ]


def export_xlsx(episode: Episode) -> bytes:
    return workbook_bytes(Sheet(title, header, rows) for title, header, rows in _sheets(episode))


def export_csv(episode: Episode) -> bytes:
    """The standings and the score log, one CSV (UTF-8 with BOM for spreadsheet programs)."""
    return csv_sections(Sheet(title, header, rows) for title, header, rows in _sheets(episode)[:2])
