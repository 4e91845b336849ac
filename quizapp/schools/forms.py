"""School editing and registry upload forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Regexp

from quizapp.schools.models import LEVELS


class SchoolForm(FlaskForm):
    code = StringField(_l("Mã trường"), validators=[
        DataRequired(), Length(max=32), Regexp(r"^\S+$", message=_l("Không có khoảng trắng"))])
    name = StringField(_l("Tên trường"), validators=[DataRequired(), Length(max=200)])
    unit_id = SelectField(_l("Đơn vị hành chính (xã, phường, đặc khu)"), coerce=int)
    level = SelectField(_l("Cấp học"), choices=[SelectChoice(k, v[0]) for k, v in LEVELS.items()])
    enrolment = IntegerField(_l("Sĩ số học sinh"), validators=[NumberRange(0, 1_000_000)])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class RegistryUploadForm(FlaskForm):
    file = FileField(_l("Tệp danh sách trường (.xlsx hoặc .csv)"), validators=[FileRequired()])


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Tệp danh sách lớp (.xlsx hoặc .csv)"), validators=[FileRequired()])
    replace = BooleanField(_l("Học sinh không có trong tệp đã chuyển đi"), default=False)
