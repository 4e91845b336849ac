"""Friendly error pages (403, 404, 413, 500), JSON for API callers."""

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from quizapp.extensions import db

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"),
          _l("Trang không hiểu yêu cầu này. Hãy quay lại và thử lại.")),
    403: (_l("Không có quyền truy cập"),
          _l("Tài khoản của bạn không được phép mở trang này.")),
    404: (_l("Không tìm thấy trang"),
          _l("Địa chỉ này không tồn tại hoặc đã bị xoá.")),
    405: (_l("Yêu cầu không hợp lệ"),
          _l("Địa chỉ này không nhận kiểu yêu cầu đó.")),
    413: (_l("Tệp quá lớn"),
          _l("Tệp tải lên vượt quá giới hạn cho phép.")),
    500: (_l("Đã có lỗi xảy ra"),
          _l("Máy chủ gặp sự cố. Hãy thử lại sau ít phút.")),
}


API_ERRORS = "quizapp.api_errors"


def register(app):
    """Render every error in MESSAGES with the shared error page."""
    for code in MESSAGES:
        app.register_error_handler(code, _render)


def _render(error):
    code = getattr(error, "code", 500) or 500
    if code == 500:
        db.session.rollback()
    title, text = MESSAGES.get(code, MESSAGES[500])
    # The JSON API answers in its own error shape; it hooks in here (core imports no feature).
    api_error = current_app.extensions.get(API_ERRORS)
    if api_error is not None and request.path.startswith("/api/"):
        response = api_error(code)
        if response is not None:
            return response
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": code, "message": str(title)}, code
    return render_template("errors/error.html", code=code, title=title, text=text), code
