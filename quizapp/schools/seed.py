"""A clearly labelled SAMPLE map and school registry, for the demo and for a first look.

Nothing here is a real unit or school: codes start with "MAU-" and every name says "(mẫu)".
The real units are imported by an administrator (`quizapp units import FILE`, template at
/admin/units/template.csv); once a real school registry is imported the sample schools stop
counting in any figure (coverage/service.py).
"""

from datetime import date

from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School

SAMPLE_PROVINCE = ("MAU-T", "Tỉnh mẫu (mẫu)")
SAMPLE_UNITS = 10
SAMPLE_FROM = date(2025, 7, 1)  # commune-level units replaced districts on this day
SAMPLE_LEVELS = [("THCS", "lower_secondary", 420), ("THPT", "upper_secondary", 780)]
# The rows of the units import template (/admin/units/template.csv): sample data to overwrite.
TEMPLATE_UNIT_ROWS = [
    ["MAU-T", "Tỉnh mẫu (mẫu)", "Tỉnh", "", "01/07/2025", ""],
    ["MAU-X01", "Xã mẫu 01 (mẫu)", "Xã", "MAU-T", "01/07/2025", ""],
    ["MAU-P01", "Phường mẫu 01 (mẫu)", "Phường", "MAU-T", "01/07/2025", ""],
    ["MAU-H01", "Huyện mẫu cũ (mẫu)", "Huyện", "MAU-T", "", "30/06/2025"],
]


def load_sample_units() -> int:
    """Insert the sample province and its ten sample communes/wards; return how many added."""
    existing = {u.code: u for u in AdminUnit.query.all()}
    added = []
    province = existing.get(SAMPLE_PROVINCE[0])
    if province is None:
        province = AdminUnit(code=SAMPLE_PROVINCE[0], name=SAMPLE_PROVINCE[1], kind="province",
                             valid_from=SAMPLE_FROM, is_sample=True)
        added.append(province)
    for number in range(1, SAMPLE_UNITS + 1):
        kind, short, word = ("ward", "P", "Phường") if number % 3 == 0 else \
            ("commune", "X", "Xã")
        code = f"MAU-{short}{number:02d}"
        if code not in existing:
            added.append(AdminUnit(code=code, name=f"{word} mẫu {number:02d} (mẫu)", kind=kind,
                                   parent=province, valid_from=SAMPLE_FROM, is_sample=True))
    db.session.add_all(added)
    db.session.commit()
    return len(added)


def load_sample_schools() -> int:
    """Insert two sample schools per sample unit (one THCS, one THPT) unless present."""
    existing = {s.code for s in School.query.all()}
    added = []
    units = AdminUnit.query.filter(AdminUnit.is_sample.is_(True),
                                   AdminUnit.kind != "province").order_by(AdminUnit.code)
    for unit in units:
        number = int(unit.code[-2:])  # MAU-X01 -> 1: school and unit share the number
        for short, level, enrolment in SAMPLE_LEVELS:
            code = f"MAU-{short}-{number:02d}"
            if code in existing:
                continue
            added.append(School(
                code=code, name=f"Trường {short} mẫu số {number:02d} – {unit.name}",
                unit=unit, level=level, enrolment=enrolment + 10 * number, is_sample=True,
            ))
    db.session.add_all(added)
    db.session.commit()
    return len(added)
