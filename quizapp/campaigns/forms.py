"""The form a host fills to assign a contest to schools for a window of dates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class CampaignForm(FlaskForm):
    contest = SelectField(_l("Cuộc thi"), coerce=int, validators=[DataRequired()])
    title = StringField(_l("Tên chiến dịch (để trống: dùng tên cuộc thi)"),
                        validators=[Optional(), Length(max=200)])
    opens_on = DateField(_l("Ngày mở"), validators=[DataRequired()])
    closes_on = DateField(_l("Ngày đóng (học sinh làm bài đến hết ngày này)"),
                          validators=[DataRequired()])
    # Tick boxes: choosing several schools must not need Ctrl-click (or a mouse at all).
    schools = SelectMultipleField(_l("Trường"), coerce=int, validators=[DataRequired()],
                                  widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())
    classes = TextAreaField(_l("Chỉ các lớp (mỗi dòng một lớp; để trống: mọi lớp)"),
                            validators=[Optional(), Length(max=5000)])
    speed_scoring = BooleanField(_l("Tính điểm tốc độ (mặc định tắt: học sinh làm bài thong thả)"),
                                 default=False)
    review_after_close = BooleanField(
        _l("Chỉ cho xem đáp án và giải thích sau khi chiến dịch kết thúc"), default=False)
    allow_groups = BooleanField(
        _l("Cho phép nhóm dùng chung máy: một máy làm bài cho 2–6 bạn có tên (trường ít "
           "điện thoại); mỗi bạn được tính là đã tham gia"), default=False)
