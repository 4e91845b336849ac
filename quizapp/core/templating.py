"""Helpers every template can call: the role-based navigation and paging links."""

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from quizapp.core.clock import format_local
from quizapp.core.permissions import can
from quizapp.live.messages import MESSAGES

# (endpoint, permission, label, hint); features add theirs here as they land.
NAVIGATION = [
    ("contests.contest_list", "contests.run", _l("Cuộc thi"),
     _l("Soạn cuộc thi từ ngân hàng câu hỏi và tổ chức thi trực tiếp")),
    ("bank.question_list", "bank.edit", _l("Ngân hàng câu hỏi"),
     _l("Soạn, duyệt, nhập và xuất câu hỏi")),
    ("schools.school_list", "schools.manage", _l("Trường học"),
     _l("Danh sách trường, nhập và xuất tệp")),
    ("accounts.user_list", "users.manage", _l("Tài khoản"), _l("Người dùng và vai trò")),
    ("rosters.roster_page", "rosters.manage", _l("Danh sách lớp"),
     _l("Nhập danh sách lớp: học sinh chọn lớp rồi chọn tên khi vào chơi")),
    # coverage (issue 6): self-paced campaigns for hosts, the dashboard for the department
    ("campaigns.campaign_list", "contests.run", _l("Chiến dịch"),
     _l("Giao cuộc thi cho các trường tự làm trong một khoảng thời gian, qua mã QR")),
    ("gameshow.episode_list", "contests.run", _l("Gameshow"),
     _l("Chương trình truyền hình: thể thức, thí sinh, người dẫn, trọng tài, đồ họa phát sóng")),
    ("coverage.dashboard", "coverage.view", _l("Báo cáo"),
     _l("Trường đã tổ chức, học sinh tham gia, so với chỉ tiêu của kế hoạch")),
]


def register(app):
    app.add_template_filter(format_local, "localtime")

    @app.context_processor
    def inject_helpers():
        return {"nav_items": nav_items, "page_url": page_url, "socket_messages": socket_messages,
                "current_locale": lambda: str(get_locale())}


def socket_messages() -> dict:
    """Every socket error code with its text in this page's language, for the page's script."""
    return {code: str(text) for code, text in MESSAGES.items()}


def nav_items():
    """Return the navigation entries the signed-in user may open."""
    items = []
    for endpoint, permission, label, hint in NAVIGATION:
        if can(current_user, permission):
            url = url_for(endpoint)
            items.append({"url": url, "label": label, "hint": hint,
                          "active": request.path.startswith(url)})
    return items


def page_url(number):
    """Return the current URL with its query string kept and the page number replaced."""
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **(request.view_args or {}), **args)
