"""Broadcast timecode (HH:MM:SS:FF) for the match record, so a dispute lines up with the tape.

Two ways to run it, per episode: time of day in the one configured zone (QUIZAPP_TIMEZONE,
through core/clock: what most recorders jam to), or a start timecode that the show's go-live
moment is given (``10:00:00:00`` is common). The frame rate is the episode's too.
Whole frame rates only: 29.97/59.94 drop-frame is not supported (PAL countries air 25/50).
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from quizapp.core.clock import ms_since_local_midnight

FRAME_RATES = (24, 25, 30, 50, 60)
PATTERN = re.compile(r"^(\d{2}):(\d{2}):(\d{2}):(\d{2})$")


class TimecodeError(ValueError):
    """A timecode or frame rate a producer typed that cannot be used."""


def parse(text: str, fps: int) -> int:
    """Return the frame count of ``HH:MM:SS:FF``; raise TimecodeError when it is not one."""
    match = PATTERN.match(text or "")
    if not match:
        raise TimecodeError(_("cần dạng HH:MM:SS:FF, ví dụ 10:00:00:00"))
    hours, minutes, seconds, frames = (int(part) for part in match.groups())
    if hours > 23 or minutes > 59 or seconds > 59 or frames >= fps:
        raise TimecodeError(_("giờ 0-23, phút và giây 0-59, khung hình 0-%(last)s",
                                last=fps - 1))
    return ((hours * 60 + minutes) * 60 + seconds) * fps + frames


def check_rate(fps: int) -> int:
    if fps not in FRAME_RATES:
        raise TimecodeError(_("số khung hình mỗi giây phải là một trong %(rates)s",
                               rates=", ".join(map(str, FRAME_RATES))))
    return fps


def format_frames(frames: int, fps: int) -> str:
    """``HH:MM:SS:FF`` of a frame count (wrapping at 24 hours like a recorder)."""
    frames %= 24 * 3600 * fps
    seconds, frame = divmod(frames, fps)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour:02d}:{minute:02d}:{second:02d}:{frame:02d}"


def timecode_at(at_ms: int, fps: int, start: str = "", on_air_ms: int | None = None) -> str:
    """The timecode of server time ``at_ms`` (epoch milliseconds).

    With ``start`` the go-live moment ``on_air_ms`` reads ``start``; without it the timecode is
    the time of day in the configured zone (core/clock), summer time included where it has one.
    """
    if start and on_air_ms is not None:
        return format_frames(parse(start, fps) + (at_ms - on_air_ms) * fps // 1000, fps)
    return format_frames(ms_since_local_midnight(at_ms) * fps // 1000, fps)
