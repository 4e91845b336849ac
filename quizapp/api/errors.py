"""The API's error codes: each with its HTTP status and message; one JSON shape for all.

Every refusal is `{"error": code, "message": text, "field": name or null}`; docs/api.md
lists these codes and tests/api/test_api_docs.py holds the two together.
"""

from flask import jsonify
from flask_babel import lazy_gettext as _l

ERRORS = {
    "token_required": (401, _l("Cần mã API trong tiêu đề Authorization: Bearer.")),
    "invalid_token": (401, _l("Mã API không đúng, đã bị thu hồi hoặc đã hết hiệu lực.")),
    "token_expired": (401, _l("Mã API đã hết hạn.")),
    "forbidden": (403, _l("Tài khoản của mã API này không được tổ chức cuộc thi.")),
    "not_found": (404, _l("Không tìm thấy.")),
    "method_not_allowed": (405, _l("Địa chỉ này không nhận phương thức đó.")),
    "too_large": (413, _l("Nội dung yêu cầu quá lớn.")),
    "unsupported_media_type": (415, _l("Nội dung yêu cầu phải là JSON (application/json).")),
    "invalid_json": (400, _l("Nội dung yêu cầu không phải một đối tượng JSON hợp lệ.")),
    "unknown_field": (400, _l("Trường không có trong API.")),
    "invalid_field": (422, _l("Giá trị không hợp lệ.")),
    "cannot_start": (409, _l("Không thể mở phòng thi cho cuộc thi này.")),
    "rate_limited": (429, _l("Quá nhiều yêu cầu. Hãy thử lại sau.")),
    "server_error": (500, _l("Máy chủ gặp sự cố. Hãy thử lại sau ít phút.")),
}


class ApiError(Exception):
    """A refusal: its code, optionally the field at fault and a more specific message."""

    def __init__(self, code: str, field: str | None = None, message: str | None = None,
                 retry_after: int | None = None):
        super().__init__(code)
        self.code, self.field, self.message, self.retry_after = code, field, message, retry_after


def error_response(error: ApiError):
    status, default = ERRORS[error.code]
    response = jsonify(error=error.code, message=str(error.message or default),
                       field=error.field)
    response.status_code = status
    if error.retry_after:
        response.headers["Retry-After"] = str(error.retry_after)
    if status == 401:
        response.headers["WWW-Authenticate"] = f'Bearer error="{error.code}"'
    return response
