"""A host makes an API token on the account page, a program uses it against the real server,
and the host revokes it; the page holds a long Vietnamese token name on a phone and a laptop."""

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, screenshot
from tests.e2e.test_screen_layout import layout_problems

pytestmark = pytest.mark.e2e
# 80 characters, the longest name the form takes, of long Vietnamese words.
LONG_NAME = "Máy chủ Trường Phổ thông Dân tộc Nội trú Trung học cơ sở xã Đăk Glei, Quảng Ngãi"
SIZES = {"phone": {"width": 360, "height": 640}, "laptop": {"width": 1280, "height": 800}}


def api_status(server, secret: str) -> int:
    request = urllib.request.Request(f"{server.url}/api/v1/contests",
                                     headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as refused:
        assert json.load(refused)["error"] == "invalid_token"
        return refused.code


@pytest.mark.parametrize("size", SIZES)
def test_a_token_made_used_and_revoked(browser, live_server, size):
    assert len(LONG_NAME) == 80
    context = browser.new_context(viewport=SIZES[size], locale="vi-VN",
                                  is_mobile=size == "phone")
    page = context.new_page()
    page.goto(f"{live_server.url}/login?next=/account")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/account")
    page.get_by_label("Tên mã").fill(LONG_NAME)
    page.get_by_label("Thời hạn").select_option(label="1 năm")
    page.get_by_role("button", name="Tạo mã API").click()
    secret = page.locator("#new-api-token").inner_text().strip()
    assert secret.startswith("qzp_")
    assert layout_problems(page, vertical=False) == []
    screenshot(page, f"account-api-token-{size}")
    assert api_status(live_server, secret) == 200

    page.goto(f"{live_server.url}/account")
    assert secret not in page.content()  # shown once
    row = page.locator(".token-list li", has_text=LONG_NAME)
    assert row.count() == 1
    assert layout_problems(page, vertical=False) == []
    row.get_by_role("button", name="Thu hồi").click()
    page.wait_for_selector("text=Đã thu hồi mã API.")
    assert api_status(live_server, secret) == 401
    context.close()
