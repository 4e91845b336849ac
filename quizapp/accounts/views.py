"""Login, logout and the admin's user management pages."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from quizapp.accounts import devices, service, throttle, tokens
from quizapp.accounts.forms import (
    ROLE_LABELS,
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    UserForm,
)
from quizapp.accounts.models import User
from quizapp.core.permissions import can, public, requires
from quizapp.extensions import db
from quizapp.schools.models import School, code_is

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign a staff member in; slow down repeated failures without locking the account."""
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        address = request.remote_addr or "unknown"
        device = devices.known_device(username)
        wait = throttle.seconds_to_wait(username, address, device)
        if wait:
            flash(_("Đăng nhập sai nhiều lần. Hãy thử lại sau %(seconds)s giây.", seconds=wait),
                  "danger")
            response = make_response(render_template("accounts/login.html", form=form), 429)
            response.headers["Retry-After"] = str(wait)
            return response
        user = service.authenticate(username, form.password.data)
        if user is not None:
            throttle.clear_failures(username, device)
            login_user(user)
            response = redirect(_safe_next() or url_for("core.home"))
            devices.remember_device(response, username)
            return response
        throttle.record_failure(username, address, device)
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "danger")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@public
def logout():
    logout_user()
    return redirect(url_for("core.home"))


@bp.post("/logout/everywhere")
@requires("staff")
def logout_everywhere():
    """End every session of the current user, on every device, including this one."""
    user = current_user._get_current_object()
    user.end_all_sessions()
    db.session.commit()
    logout_user()
    flash(_("Đã đăng xuất khỏi mọi thiết bị."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@requires("staff")
def account():
    """Let a staff member change their own password (which signs out their other sessions)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            if not user.check_password(form.current_password.data):
                raise service.AccountError(_("Mật khẩu hiện tại không đúng."))
            service.set_password(user, form.new_password.data)
        except service.AccountError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            login_user(user)  # this session carries on with the new session version
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(form)


def _account_page(form, token_form=None, new_secret=None, status=200):
    user = current_user._get_current_object()
    may_use_api = can(user, tokens.PERMISSION)
    return render_template(
        "accounts/account.html", form=form, may_use_api=may_use_api,
        token_form=token_form or ApiTokenForm(), new_secret=new_secret,
        api_tokens=tokens.tokens_of(user) if may_use_api else [], token_live=tokens.is_live,
    ), status


@bp.post("/account/tokens")
@requires(tokens.PERMISSION)
def token_new():
    """Create a personal API token and show its secret, this once (only its hash is kept)."""
    token_form = ApiTokenForm()
    if token_form.validate_on_submit():
        try:
            token, secret = tokens.create_token(current_user._get_current_object(),
                                                token_form.name.data,
                                                token_form.expires_in_days.data)
        except tokens.TokenError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(_("Đã tạo mã API “%(name)s”. Hãy chép mã ngay: nó chỉ hiện lần này.",
                    name=token.name), "success")
            return _account_page(PasswordChangeForm(formdata=None), ApiTokenForm(formdata=None),
                                 new_secret=secret)
    return _account_page(PasswordChangeForm(formdata=None), token_form, status=400)


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires(tokens.PERMISSION)
def token_revoke(token_id):
    """Revoke one of the user's own tokens (another user's id is simply not found)."""
    if tokens.revoke_token(current_user._get_current_object(), token_id):
        flash(_("Đã thu hồi mã API."), "success")
    else:
        flash(_("Không có mã API này."), "danger")
    return redirect(url_for("accounts.account") + "#api-tokens")


@bp.get("/admin/users")
@requires("users.manage")
def user_list():
    users = User.query.order_by(User.role, User.username).all()
    return render_template("accounts/users.html", users=users, role_labels=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires("users.manage")
def user_new():
    form = UserForm()
    if form.validate_on_submit():
        try:
            school = _school_from_code(form.school_code.data)
            password = form.password.data or service.generate_password()
            user = service.create_user(form.username.data, password, form.role.data,
                                       form.display_name.data, school)
        except service.AccountError as error:
            flash(str(error), "danger")
        else:
            if not form.password.data:
                flash(_("Mật khẩu của %(name)s: %(pw)s (chỉ hiện một lần)",
                        name=user.username, pw=password), "info")
            return redirect(url_for("accounts.user_list"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@requires("users.manage")
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.school_code.data = user.school.code if user.school else ""
    if form.validate_on_submit():
        try:
            if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
                raise service.AccountError(_("Bạn không thể tự bỏ quyền quản trị của mình."))
            user.school = _school_from_code(form.school_code.data)
            user.display_name = form.display_name.data or user.username
            user.role = form.role.data
            user.active = form.active.data
            if form.password.data:
                service.set_password(user, form.password.data)
            if not user.active:
                user.end_all_sessions()
            db.session.commit()
            if user.id == current_user.id:
                login_user(user)  # an admin resetting their own password stays signed in here
        except service.AccountError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("accounts.user_list"))
    return render_template("accounts/user_form.html", form=form, user=user)


def _school_from_code(code):
    code = (code or "").strip()
    if not code:
        return None
    school = School.query.filter(code_is(code)).first()
    if school is None:
        raise service.AccountError(_("Không có trường mã '%(code)s'.", code=code))
    return school


def _safe_next():
    """Return `next` when it is a path on this site, else None.

    An open redirect would let a phishing link borrow our login page. Browsers drop tabs and
    newlines inside URLs and read a backslash as a slash, so `/\t/evil.example` becomes
    `//evil.example`; anything with a control character, a backslash, a scheme or a host is refused.
    """
    target = request.args.get("next", "")
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target) or "\\" in target:
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return None
    return target
