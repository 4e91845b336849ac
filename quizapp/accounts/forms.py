"""Login and user-management forms (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.accounts.models import ROLES

ROLE_LABELS = {
    "admin": _l("Quản trị"),
    "editor": _l("Biên tập câu hỏi"),
    "host": _l("Người tổ chức"),
    "viewer": _l("Sở GD&ĐT (xem báo cáo)"),
}


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=256)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"),
                                     validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=256)])


class UserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(3, 64)])
    display_name = StringField(_l("Họ tên"), validators=[Optional(), Length(max=120)])
    # A new account gets the least power until someone chooses more.
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
                       default="viewer")
    school_code = StringField(_l("Mã trường (người tổ chức)"),
                              validators=[Optional(), Length(max=32)])
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), Length(max=256)])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class ApiTokenForm(FlaskForm):
    """A new personal API token: a name to recognise it by, and how long it lives."""

    name = StringField(_l("Tên mã (ví dụ: máy chủ của trường)"),
                       validators=[DataRequired(), Length(max=80)])
    expires_in_days = SelectField(_l("Thời hạn"), coerce=int, default=90, choices=[
        SelectChoice(30, _l("30 ngày")), SelectChoice(90, _l("90 ngày")),
        SelectChoice(365, _l("1 năm")), SelectChoice(0, _l("Không hết hạn"))])
