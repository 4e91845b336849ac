"""Administrative units (with their validity dates and history), schools, class rosters."""

from datetime import date

from flask_babel import lazy_gettext as _l

from quizapp.core.clock import utcnow
from quizapp.extensions import db

# School type (School.level) -> (label through the catalogue, English name, short forms
# accepted on import besides those two). A multi-level school names its levels: "liên cấp"
# alone is ambiguous and refused.
LEVELS = {
    "primary": (_l("Tiểu học"), "Primary", ("th", "tieu hoc", "primary")),
    "lower_secondary": (_l("Trung học cơ sở"), "Lower secondary",
                        ("thcs", "trung hoc co so", "lower secondary", "lower_secondary")),
    "upper_secondary": (_l("Trung học phổ thông"), "Upper secondary",
                        ("thpt", "trung hoc pho thong", "upper secondary", "upper_secondary")),
    "primary_lower": (_l("Liên cấp TH-THCS"), "Primary and lower secondary",
                      ("th-thcs", "th thcs", "lien cap th-thcs", "tieu hoc va trung hoc co so",
                       "primary_lower")),
    "lower_upper": (_l("Liên cấp THCS-THPT"), "Lower and upper secondary",
                    ("thcs-thpt", "thcs thpt", "lien cap thcs-thpt", "trung hoc", "lower_upper")),
    "all_levels": (_l("Liên cấp TH-THCS-THPT"), "Primary to upper secondary",
                   ("th-thcs-thpt", "th thcs thpt", "lien cap th-thcs-thpt",
                    "pho thong nhieu cap hoc", "all_levels")),
    "continuing_education": (_l("Giáo dục thường xuyên"), "Continuing education",
                             ("gdtx", "giao duc thuong xuyen", "gdnn-gdtx",
                              "continuing education", "continuing_education")),
    "university": (_l("Đại học, cao đẳng"), "University or college",
                   ("dh", "cd", "dai hoc", "cao dang", "dai hoc, cao dang", "university",
                    "college")),
}


def code_is(code: str):
    """A filter for the school with this code, whatever its case ("thcs-a" finds "THCS-A")."""
    return db.func.upper(School.code) == (code or "").strip().upper()


def level_name(level: str) -> str:
    """The name of a school type in the reader's language (the `level_name` filter)."""
    labels = LEVELS.get(level)
    return level if labels is None else str(labels[0])


# The levels pupils learn at: a school of each type teaches these (a liên cấp school counts at
# each of them, with its enrolment per level).
PUPIL_LEVELS = ("primary", "lower_secondary", "upper_secondary", "continuing_education",
                "university")
TEACHES = {
    "primary": ("primary",),
    "lower_secondary": ("lower_secondary",),
    "upper_secondary": ("upper_secondary",),
    "primary_lower": ("primary", "lower_secondary"),
    "lower_upper": ("lower_secondary", "upper_secondary"),
    "all_levels": ("primary", "lower_secondary", "upper_secondary"),
    "continuing_education": ("continuing_education",),
    "university": ("university",),
}
# Grades 1-5 are primary, 6-9 lower secondary, 10-12 upper secondary (Luật Giáo dục 2019).
GRADE_LEVELS = {**dict.fromkeys(range(1, 6), "primary"),
                **dict.fromkeys(range(6, 10), "lower_secondary"),
                **dict.fromkeys(range(10, 13), "upper_secondary")}

# Unit kind -> (label through the catalogue, English name, short forms accepted on import).
UNIT_KINDS = {
    "province": (_l("Tỉnh, thành phố"), "Province or city",
                 ("tinh", "tinh, thanh pho", "thanh pho truc thuoc trung uong", "tinh/thanh pho",
                  "province")),
    "commune": (_l("Xã"), "Commune", ("xa", "commune")),
    "ward": (_l("Phường"), "Ward", ("phuong", "ward")),
    "special_zone": (_l("Đặc khu"), "Special zone", ("dac khu", "special zone", "special_zone")),
    "district": (_l("Huyện, thị xã, thành phố thuộc tỉnh (trước 01/7/2025)"),
                 "District (before 1 July 2025)",
                 ("huyen", "quan", "thi xa", "thanh pho thuoc tinh", "district")),
}
COMMUNE_LEVEL = ("commune", "ward", "special_zone")


class AdminUnit(db.Model):
    """An administrative unit: a province, a commune-level unit, or a former district.

    Units are data an administrator imports (schools/units.py), never code. `valid_from` and
    `valid_to` bound the days the unit existed; a unit that was merged keeps its row so
    the years reported on it still read the same.
    """

    __tablename__ = "admin_unit"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    kind = db.Column(db.String(16), nullable=False, default="commune")
    parent_id = db.Column(db.Integer, db.ForeignKey("admin_unit.id"), nullable=True)
    valid_from = db.Column(db.Date, nullable=True)
    valid_to = db.Column(db.Date, nullable=True)
    is_sample = db.Column(db.Boolean, nullable=False, default=False)

    parent = db.relationship("AdminUnit", remote_side=[id])
    schools = db.relationship("School", back_populates="unit", order_by="School.name")

    __table_args__ = (
        db.CheckConstraint(f"kind IN {tuple(UNIT_KINDS)!r}", name="kind_known"),
    )

    @property
    def kind_label(self):
        return str(UNIT_KINDS[self.kind][0])

    def valid_on(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))

    def __repr__(self):
        return f"<AdminUnit {self.code}>"


class SchoolUnitHistory(db.Model):
    """A school was in `unit_id` until `until` (inclusive); after that, in the next one.

    The current unit is `School.unit_id`; these rows are the past, so a year reported before
    a school moved is still drawn on the map it was reported on (schools/units.py unit_on).
    """

    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    unit_id = db.Column(db.Integer, db.ForeignKey("admin_unit.id"), nullable=False)
    until = db.Column(db.Date, nullable=False)


class School(db.Model):
    """A school with its type, its unit and its enrolment (per level for a liên cấp school)."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    unit_id = db.Column(db.Integer, db.ForeignKey("admin_unit.id"), nullable=False)
    level = db.Column(db.String(32), nullable=False)
    enrolment = db.Column(db.Integer, nullable=False, default=0)
    # {pupil level: pupils} for a school teaching several levels; empty for one level.
    enrolment_by_level = db.Column(db.JSON, nullable=False, default=dict)
    active = db.Column(db.Boolean, nullable=False, default=True)
    is_sample = db.Column(db.Boolean, nullable=False, default=False)

    unit = db.relationship("AdminUnit", back_populates="schools")

    __table_args__ = (
        db.CheckConstraint("enrolment >= 0", name="enrolment_not_negative"),
        db.CheckConstraint(f"level IN {tuple(LEVELS)!r}", name="level_known"),
    )

    @property
    def level_label(self):
        return level_name(self.level)

    @property
    def teaches(self) -> tuple:
        return TEACHES[self.level]

    def enrolment_at(self, level: str) -> int:
        """Return the pupils of this school at one level (0 when not recorded)."""
        if level not in self.teaches:
            return 0
        if len(self.teaches) == 1:
            return self.enrolment
        return int((self.enrolment_by_level or {}).get(level, 0))

    def __repr__(self):
        return f"<School {self.code}>"


class RosterEntry(db.Model):
    """A pupil on a school's class list: the identity of every participation that names it.

    Imported by the school's staff or the department (schools/rosters.py). A pupil who moves
    class keeps the row (found again by pupil code), so every earlier participation stays theirs.
    Two namesakes in one class are two rows.
    """

    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id", ondelete="CASCADE"),
                          nullable=False)
    class_name = db.Column(db.String(40), nullable=False)
    class_key = db.Column(db.String(40), nullable=False)
    full_name = db.Column(db.String(80), nullable=False)
    pupil_code = db.Column(db.String(32), nullable=False, default="")
    active = db.Column(db.Boolean, nullable=False, default=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    school = db.relationship("School")

    __table_args__ = (db.Index("ix_roster_entry_school_class", "school_id", "class_key"),)

    def __repr__(self):
        return f"<RosterEntry {self.school_id}/{self.class_key}/{self.id}>"
