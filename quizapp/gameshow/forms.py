"""The episode and preset forms (CSRF through Flask-WTF; the engine checks the content)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from quizapp.gameshow.loading import MAX_YAML


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
