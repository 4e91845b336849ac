"""The episode and preset forms (CSRF through Flask-WTF; the engine checks the content)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.gameshow.loading import MAX_YAML
from quizapp.gameshow.timecode import FRAME_RATES


class EpisodeForm(FlaskForm):
    title = StringField(_l("Tên chương trình"), validators=[DataRequired(), Length(max=200)])
    preset = SelectField(_l("Thể thức"), validators=[DataRequired()])
    content = TextAreaField(_l("Câu hỏi từng vòng (YAML, theo mã câu hỏi trong ngân hàng)"),
                            validators=[DataRequired(), Length(max=MAX_YAML)])
    refresh_rules = BooleanField(_l("Cập nhật luật chơi theo thể thức hiện tại khi lưu"))


class PresetForm(FlaskForm):
    slug = StringField(_l("Mã thể thức (a-z, 0-9, -)"), validators=[DataRequired(),
                                                                    Length(max=40)])
    text = TextAreaField(_l("Luật chơi (YAML)"), validators=[DataRequired(),
                                                             Length(max=MAX_YAML)])
    others_may_edit = BooleanField(_l("Cho người tổ chức khác sửa thể thức này"))


class ProductionForm(FlaskForm):
    """Who runs each console of an episode, and the timecode of its record."""

    mc = StringField(_l("Tài khoản người dẫn (MC)"), validators=[Optional(), Length(max=64)])
    judge = StringField(_l("Tài khoản trọng tài"), validators=[Optional(), Length(max=64)])
    keys = StringField(_l("Tài khoản người trực chuông"), validators=[Optional(), Length(max=64)])
    timecode_fps = SelectField(_l("Số khung hình mỗi giây"), coerce=int,
                               choices=[SelectChoice(fps, str(fps)) for fps in FRAME_RATES])
    timecode_start = StringField(_l("Mã thời gian lúc lên sóng (trống: giờ trong ngày)"),
                                 validators=[Optional(), Length(max=11)])
