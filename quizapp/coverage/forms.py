"""The admin's form for a plan target."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.schools.models import LEVELS, PUPIL_LEVELS

INDICATOR_LABELS = {
    "program": _l("Trường có chương trình hằng năm"),
    "critical": _l("Trường có chương trình tư duy phản biện"),
    "reached": _l("Học sinh, sinh viên được tuyên truyền"),
}


class TargetForm(FlaskForm):
    indicator = SelectField(_l("Chỉ tiêu"), choices=[SelectChoice(key, label)
                                                     for key, label in INDICATOR_LABELS.items()])
    percent = IntegerField(_l("Mục tiêu (%)"), validators=[DataRequired(), NumberRange(0, 100)])
    strict = BooleanField(_l("Phải vượt mức này (\"trên\"), không chỉ bằng"))
    first_year = IntegerField(_l("Từ năm (năm học: năm bắt đầu, ví dụ 2021)"),
                              validators=[DataRequired(), NumberRange(2000, 2100)])
    last_year = IntegerField(_l("Đến năm (năm học: năm bắt đầu, ví dụ 2025)"),
                             validators=[DataRequired(), NumberRange(2000, 2100)])
    levels = SelectMultipleField(_l("Áp dụng cho cấp học"),
                                 choices=[SelectChoice(key, LEVELS[key][0])
                                          for key in PUPIL_LEVELS],
                                 validators=[DataRequired()])
    source = StringField(_l("Căn cứ (văn bản)"), validators=[Optional(), Length(max=300)])

    def validate_last_year(self, field):
        from wtforms.validators import ValidationError

        if self.first_year.data and field.data and field.data < self.first_year.data:
            raise ValidationError(_l("Năm kết thúc phải sau năm bắt đầu."))
