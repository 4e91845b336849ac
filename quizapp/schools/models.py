"""District-level units, schools and their class rosters."""

from quizapp.accounts.models import utcnow
from quizapp.extensions import db

# Stored value -> (Vietnamese label, English label, short forms accepted on import)
LEVELS = {
    "primary": ("Tiểu học", "Primary", ("th", "tieu hoc", "primary")),
    "lower_secondary": ("Trung học cơ sở", "Lower secondary",
                        ("thcs", "trung hoc co so", "lower secondary", "lower_secondary")),
    "upper_secondary": ("Trung học phổ thông", "Upper secondary",
                        ("thpt", "trung hoc pho thong", "upper secondary", "upper_secondary")),
    "multi_level": ("Liên cấp", "Multi-level",
                    ("lien cap", "th-thcs", "thcs-thpt", "multi-level", "multi_level")),
    "continuing_education": ("Giáo dục thường xuyên", "Continuing education",
                             ("gdtx", "giao duc thuong xuyen", "gdnn-gdtx",
                              "continuing education", "continuing_education")),
}


class District(db.Model):
    """A district-level unit of the province (a district or the provincial city)."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name = db.Column(db.String(120), unique=True, nullable=False)

    schools = db.relationship("School", back_populates="district", order_by="School.name")

    def __repr__(self):
        return f"<District {self.code}>"


class School(db.Model):
    """A school with its level and enrolment (the denominator of 'students reached')."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    district_id = db.Column(db.Integer, db.ForeignKey("district.id"), nullable=False)
    level = db.Column(db.String(32), nullable=False)
    enrolment = db.Column(db.Integer, nullable=False, default=0)
    active = db.Column(db.Boolean, nullable=False, default=True)
    is_sample = db.Column(db.Boolean, nullable=False, default=False)

    district = db.relationship("District", back_populates="schools")

    __table_args__ = (
        db.CheckConstraint("enrolment >= 0", name="enrolment_not_negative"),
        db.CheckConstraint(f"level IN {tuple(LEVELS)!r}", name="level_known"),
    )

    @property
    def level_label(self):
        return LEVELS[self.level][0]

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
