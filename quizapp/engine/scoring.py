"""Points for one answer: speed, partial credit, streak bonus. Exact arithmetic, half up.

    points = round_half_up(P * speed * fraction) + streak_bonus
    speed  = 1 - (t / T) / 2   (speed scoring on; t clamped to 0..T)   or 1 (off)

P is the base (0/1000/2000), t the server receive time minus the open time (paused time
excluded), T the time limit plus any added time. fraction is 1 for a correct answer, 0 for a
wrong one; for multiple choice max(0, (correct picked - wrong picked) / number correct).
"""

from __future__ import annotations

import math
from fractions import Fraction

STREAK_STEP = 100
STREAK_CAP = 500


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact value to the nearest integer, halves upwards."""
    return math.floor(value + Fraction(1, 2))


def speed_factor(elapsed_ms: int, limit_ms: int, speed_scoring: bool) -> Fraction:
    """Return the share of the points kept at this answer time: 1 down to 1/2."""
    if not speed_scoring or limit_ms <= 0:
        return Fraction(1)
    elapsed = min(max(elapsed_ms, 0), limit_ms)
    return 1 - Fraction(elapsed, 2 * limit_ms)


# Faster than this after a question opens, an answer did not come from someone who read it
# (the text was on screen during the preview, so this is only the tap, not the reading).
FAST_ANSWER_MS = 300
# This many fast answers in one game mark a player as a probable script on the host console.
SUSPECT_FAST_ANSWERS = 2


def answer_points(
    base: int, fraction: Fraction, elapsed_ms: int, limit_ms: int, speed_scoring: bool
) -> int:
    """Return the points of an answer before the streak bonus."""
    return round_half_up(base * speed_factor(elapsed_ms, limit_ms, speed_scoring) * fraction)


def streak_bonus(streak: int) -> int:
    """Return the bonus for the streak-th consecutive correct answer (1st: 0, 2nd: 100 ...).

    +100 for each correct answer in a row beyond the first, capped at +500 (reached at the
    6th in a row and kept while the streak lasts).
    """
    if streak <= 1:
        return 0
    return min(STREAK_STEP * (streak - 1), STREAK_CAP)
