"""Which level a pupil learns at: from the school's type, or from the class for a liên cấp school.

A school that teaches one level puts every pupil at that level. A liên cấp school (TH-THCS,
THCS-THPT, TH-THCS-THPT) needs the class: its leading number is the grade ("7A" -> 7 -> THCS,
"10A1" -> 10 -> THPT). A class without a readable grade in a liên cấp school gives "" (level
unknown): the pupil still counts for the school, not for one of its levels.
"""

import re

from quizapp.schools.models import GRADE_LEVELS, TEACHES

_GRADE = re.compile(r"^(\d{1,2})")


def pupil_level(school_type: str, class_key: str) -> str:
    """Return the pupil level of a participant of a school of `school_type` in `class_key`."""
    taught = TEACHES.get(school_type, ())
    if len(taught) == 1:
        return taught[0]
    match = _GRADE.match(class_key or "")
    level = GRADE_LEVELS.get(int(match.group(1))) if match else None
    return level if level in taught else ""
