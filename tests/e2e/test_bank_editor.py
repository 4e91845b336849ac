"""An editor searches without accents, edits a question with the phone preview, and imports a
GIFT file with one bad question."""

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
EDITOR_PASSWORD = "editor-password-1"


@pytest.fixture(scope="module")
def editor(live_server):
    live_server.command("users", "create", "bientap", "--role", "editor",
                        "--password", EDITOR_PASSWORD)
    live_server.python(
        "from quizapp import create_app\nfrom quizapp.bank.service import load_shipped_bank\n"
        "from quizapp.bank.models import Question\n"
        "app = create_app({'ASYNC_MODE': 'threading'})\nwith app.app_context():\n"
        "    Question.query.count() or load_shipped_bank()\n")
    return "bientap"


def test_search_edit_with_preview_and_import_a_bad_gift_file(page, live_server, editor,
                                                             tmp_path):
    sign_in(page, live_server, editor, EDITOR_PASSWORD)
    page.get_by_role("link", name="Ngân hàng câu hỏi").first.click()
    page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("mat khau manh")
    page.get_by_role("button", name="Lọc").click()
    # Found without accents: the results include questions that say "mật khẩu mạnh".
    found = page.locator("#questions tbody tr td a").filter(has_text="mật khẩu mạnh")
    assert found.count() >= 1
    found.first.click()

    text = page.locator("#question-form textarea[name=text]")
    text.fill("Mật khẩu nào sau đây mạnh nhất (bản sửa)?")
    assert page.locator("#preview-text").inner_text() == "Mật khẩu nào sau đây mạnh nhất (bản sửa)?"
    assert page.locator("#preview-answers .answer").count() >= 2
    screenshot(page, "bank-editor-preview")
    page.get_by_role("button", name="Lưu", exact=True).click()
    # The question is approved: the edit waits for a second reviewer as a proposal.
    page.wait_for_selector("text=Đã lưu bản sửa của câu hỏi")
    assert text.input_value() == "Mật khẩu nào sau đây mạnh nhất (bản sửa)?"

    gift = tmp_path / "cau-hoi.gift"
    gift.write_text("::a:: Có nên bật xác thực hai yếu tố không? {=Có ~Không}\n\n"
                    "::b:: Câu này thiếu đáp án đúng {~Một ~Hai}\n", encoding="utf-8")
    page.goto(f"{live_server.url}/bank/import")
    page.set_input_files("input[type=file]", str(gift))
    page.get_by_label("Chủ đề (nếu tệp không ghi)").select_option("mat-khau")
    page.get_by_role("button", name="Nhập", exact=True).click()
    errors = page.locator("#import-errors tbody tr")
    errors.first.wait_for()
    row = errors.first.inner_text()
    assert "cau-hoi.gift" in row and "3" in row
    screenshot(page, "bank-import-errors")


def test_an_old_legal_review_date_is_flagged_in_the_editor_and_the_review_list(
        page, live_server, editor):
    sign_in(page, live_server, editor, EDITOR_PASSWORD)
    page.goto(f"{live_server.url}/bank/?recheck=1&q=co+cam+mua+ban+du+lieu")
    # Shipped questions reviewed within the year need no re-check (how many do depends on today).
    before = page.locator("#questions tbody tr td a").count()

    # An approved legal question shows its sources and no finding.
    page.goto(f"{live_server.url}/bank/")
    page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("Lan 14 tuoi")
    page.get_by_role("button", name="Lọc").click()
    page.locator("#questions tbody tr td a").filter(has_text="Lan 14 tuổi").first.click()
    assert page.locator("#legal-findings").count() == 0
    sources = page.get_by_label("Văn bản pháp luật được trích", exact=False)
    assert "nd-147-2024 | Điều 27 khoản 3 điểm a" in sources.input_value()

    # A new question citing the data-protection law, last checked almost two years ago.
    page.goto(f"{live_server.url}/bank/new")
    page.locator("#question-form textarea[name=text]").fill(
        "Luật Bảo vệ dữ liệu cá nhân 2025 có cấm mua, bán dữ liệu cá nhân không?")
    page.locator("input[name='choices-0-text']").fill("Có, đó là hành vi bị cấm")
    page.locator("input[name='choices-0-correct']").check()
    page.locator("input[name='choices-1-text']").fill("Không, nếu người bán có lãi")
    page.get_by_label("Giải thích (1–3 câu, dạy vì sao)").fill(
        "Điều 7 của luật cấm mua, bán dữ liệu cá nhân.")
    sources = page.get_by_label("Văn bản pháp luật được trích", exact=False)
    sources.fill("luat-bvdlcn-2025 | Điều 7")
    page.get_by_label("Ngày rà soát trích dẫn pháp luật gần nhất").fill("2025-01-10")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector("text=Đã lưu câu hỏi")
    warning = page.locator("#legal-findings")
    assert "rà soát lần cuối ngày 2025-01-10" in warning.inner_text()
    screenshot(page, "bank-editor-legal-recheck")

    page.goto(f"{live_server.url}/bank/")
    page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("co cam mua ban du lieu")
    page.get_by_label("Cần rà soát lại").check()
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("#questions tbody tr td a")
    assert rows.count() == before + 1
    assert rows.filter(has_text="cấm mua, bán dữ liệu").count() == 1
    screenshot(page, "bank-list-needs-recheck")
