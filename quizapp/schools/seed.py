"""The shipped districts of Kon Tum and a clearly labelled sample school registry."""

from quizapp.extensions import db
from quizapp.schools.models import District, School

# The ten district-level units of Kon Tum province during the 2021–2025 plan.
# Codes are this application's own short identifiers, not official statistical codes.
DISTRICTS = [
    ("tp-kon-tum", "Thành phố Kon Tum"),
    ("dak-glei", "Huyện Đắk Glei"),
    ("ngoc-hoi", "Huyện Ngọc Hồi"),
    ("dak-to", "Huyện Đắk Tô"),
    ("kon-plong", "Huyện Kon Plông"),
    ("kon-ray", "Huyện Kon Rẫy"),
    ("dak-ha", "Huyện Đắk Hà"),
    ("sa-thay", "Huyện Sa Thầy"),
    ("tu-mo-rong", "Huyện Tu Mơ Rông"),
    ("ia-h-drai", "Huyện Ia H'Drai"),
]

# Sample schools: invented names marked "(mẫu)", so nobody mistakes them for the real registry.
SAMPLE_LEVELS = [("THCS", "lower_secondary", 420), ("THPT", "upper_secondary", 780)]


def load_districts() -> int:
    """Insert the districts that are missing; return how many were added."""
    existing = {d.code for d in District.query.all()}
    added = [District(code=code, name=name) for code, name in DISTRICTS if code not in existing]
    db.session.add_all(added)
    db.session.commit()
    return len(added)


def load_sample_schools() -> int:
    """Insert two sample schools per district (one THCS, one THPT) unless already present."""
    existing = {s.code for s in School.query.all()}
    added = []
    for number, district in enumerate(District.query.order_by(District.id), start=1):
        for short, level, enrolment in SAMPLE_LEVELS:
            code = f"MAU-{short}-{number:02d}"
            if code in existing:
                continue
            added.append(School(
                code=code, name=f"Trường {short} mẫu số {number:02d} – {district.name} (mẫu)",
                district=district, level=level, enrolment=enrolment + 10 * number,
                is_sample=True,
            ))
    db.session.add_all(added)
    db.session.commit()
    return len(added)
