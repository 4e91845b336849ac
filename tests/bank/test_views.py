"""The bank editor pages, as an editor uses them."""

import io

from PIL import Image

from quizapp.bank import service
from quizapp.bank.models import Question
from quizapp.bank.views import PAGE_SIZE
from tests.bank.conftest import single


def form_data(topic="mat-khau", **overrides):
    data = {"topic": topic, "kind": "single", "text": "Khi nào nên bật xác thực hai yếu tố?",
            "choices-0-text": "Cho mọi tài khoản quan trọng", "choices-0-correct": "y",
            "choices-1-text": "Không bao giờ", "choices-2-text": "Chỉ khi bị hack",
            "explanation": "Xác thực hai yếu tố chặn kẻ gian dù họ biết mật khẩu.",
            "difficulty": "1", "audience": ["lower_secondary", "public"], "tags": "2fa, Mat-khau",
            "answer": "true"}
    data.update(overrides)
    return data


def test_editor_creates_a_question(client, login_as, topic):
    login_as("editor")
    response = client.post("/bank/new", data=form_data(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã lưu câu hỏi #" in page
    question = Question.query.one()
    assert question.audiences == ["lower_secondary", "public"]
    assert [t.name for t in question.tags] == ["2fa", "mat-khau"]
    assert question.body == {"choices": [
        {"text": "Cho mọi tài khoản quan trọng", "correct": True},
        {"text": "Không bao giờ"}, {"text": "Chỉ khi bị hack"}]}


def test_form_errors_are_shown_and_nothing_saved(client, login_as, topic):
    login_as("editor")
    data = form_data()
    data.pop("choices-0-correct")
    page = client.post("/bank/new", data=data).get_data(as_text=True)
    assert "Chưa lưu được" in page and "choices" in page
    assert Question.query.count() == 0


def test_true_false_and_type_answer_kinds(client, login_as, topic):
    login_as("editor")
    client.post("/bank/new", data=form_data(kind="true_false", text="Mật khẩu 123456 là an toàn.",
                                            answer="false"))
    client.post("/bank/new", data=form_data(
        kind="type_answer", text="Viết tắt của mã dùng một lần?", answers="OTP\nmã OTP\n",
        accent_insensitive="y"))
    bodies = {q.kind: q.body for q in Question.query}
    assert bodies["true_false"] == {"answer": False}
    assert bodies["type_answer"] == {"answers": ["OTP", "mã OTP"], "accent_insensitive": True}


def test_search_without_accents_finds_accented_text(client, login_as, topic):
    service.save_question(single(), topic, None)
    service.save_question(single("Lừa đảo qua tin nhắn thường dùng cách nào?"), topic, None)
    login_as("editor")
    page = client.get("/bank/?q=mat+khau+manh").get_data(as_text=True)
    assert "Mật khẩu nào mạnh nhất?" in page and "Lừa đảo" not in page


def test_filters_by_status_and_kind(client, login_as, topic):
    question, _ = service.save_question(single(), topic, None)
    service.change_status([question], "approved", None)
    service.save_question(single("Một câu nháp khác hẳn?"), topic, None)
    login_as("editor")
    page = client.get("/bank/?status=approved&kind=single").get_data(as_text=True)
    assert "Mật khẩu nào mạnh nhất?" in page and "Một câu nháp khác hẳn?" not in page


def test_bulk_approve_tag_and_export(client, login_as, topic):
    ids = [service.save_question(single(f"Câu hỏi số {n} về mật khẩu?"), topic, None)[0].id
           for n in range(3)]
    login_as("editor")
    client.post("/bank/bulk", data={"ids": ids[:2], "action": "approved"})
    assert Question.query.filter_by(status="approved").count() == 2
    client.post("/bank/bulk", data={"ids": ids, "action": "tag", "tag": "thi-huyen"})
    assert all("thi-huyen" in [t.name for t in q.tags] for q in Question.query)
    response = client.post("/bank/bulk", data={"ids": ids, "action": "export:gift"})
    assert response.headers["Content-Disposition"].endswith("cau-hoi.gift.txt")
    assert "Câu hỏi số 2 về mật khẩu?" in response.get_data(as_text=True)


def test_status_buttons_and_history(client, login_as, topic):
    question, _ = service.save_question(single(), topic, None)
    login_as("editor")
    client.post(f"/bank/{question.id}/status", data={"status": "approved"})
    page = client.get(f"/bank/{question.id}/history").get_data(as_text=True)
    assert "editor1" in page and "approved" in page


def test_import_page_reports_line_and_field(client, login_as, topic):
    login_as("editor")
    gift = ("::a:: Câu hỏi hợp lệ? {=Đúng ~Sai}\n\n::b:: Không có đáp án đúng? {~Một ~Hai}\n")
    response = client.post("/bank/import", data={
        "file": (io.BytesIO(gift.encode()), "cau-hoi.gift"), "format": "", "topic": "mat-khau",
        "status": "draft"}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "chưa có câu hỏi nào được nhập" in page and "cau-hoi.gift" in page
    assert Question.query.count() == 0


def test_import_page_stores_a_good_file(client, login_as, topic):
    login_as("editor")
    aiken = "Mã OTP có nên đưa cho người khác không?\nA. Có\nB. Không\nANSWER: B\n"
    response = client.post("/bank/import", data={
        "file": (io.BytesIO(aiken.encode()), "otp.txt"), "format": "aiken", "topic": "mat-khau",
        "status": "review"}, content_type="multipart/form-data", follow_redirects=True)
    assert "Đã nhập 1 câu hỏi." in response.get_data(as_text=True)
    assert Question.query.one().status == "review"


def test_xlsx_template_download(client, login_as):
    login_as("editor")
    response = client.get("/bank/template.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


def png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def test_image_upload_is_checked_by_content(client, login_as, topic):
    login_as("editor")
    client.post("/bank/new", data={**form_data(), "image": (io.BytesIO(png()), "a.png")},
                content_type="multipart/form-data")
    question = Question.query.one()
    assert question.media.width == 40
    assert client.get(f"/bank/media/{question.media_id}").data[:4] == b"\x89PNG"
    response = client.post(f"/bank/{question.id}", data={
        **form_data(), "image": (io.BytesIO(b"<script>alert(1)</script>"), "evil.png")},
        content_type="multipart/form-data")
    assert "không phải ảnh hợp lệ" in response.get_data(as_text=True)


def test_question_text_with_html_is_escaped(client, login_as, topic):
    service.save_question(single("<script>alert('x')</script> là gì?"), topic, None)
    login_as("editor")
    page = client.get("/bank/").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_list_pages_through_the_bank(client, login_as):
    service.load_shipped_bank()
    login_as("editor")
    # The page count follows the shipped topic's size, which grows as questions are written.
    in_topic = Question.query.filter(Question.key.like("mat-khau-%")).count()
    pages = -(-in_topic // PAGE_SIZE)
    assert pages >= 2
    first = client.get("/bank/?topic=mat-khau").get_data(as_text=True)
    assert f"1 / {pages}" in first and "page=2" in first
    second = client.get("/bank/?topic=mat-khau&page=2").get_data(as_text=True)
    assert f"2 / {pages}" in second and "topic=mat-khau" in second


def test_editor_keeps_legal_sources_and_warns_like_bank_check(client, login_as, topic):
    login_as("editor")
    data = form_data(text="Luật Bảo vệ dữ liệu cá nhân 2025 cấm mua, bán dữ liệu cá nhân?",
                     sources="luat-bvdlcn-2025 | Điều 7", valid_as_of="2024-01-15")
    page = client.post("/bank/new", data=data, follow_redirects=True).get_data(as_text=True)
    question = Question.query.one()
    assert question.sources == [{"doc": "luat-bvdlcn-2025", "article": "Điều 7"}]
    assert question.valid_as_of.isoformat() == "2024-01-15"
    assert "Cần rà soát trích dẫn pháp luật" in page and "rà soát lần cuối ngày 2024-01-15" in page
    assert "luat-bvdlcn-2025 | Điều 7" in page  # the form shows what is stored

    stale = form_data(text="Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý?", sources="",
                      valid_as_of="")
    page = client.post(f"/bank/{question.id}", data=stale,
                       follow_redirects=True).get_data(as_text=True)
    assert "(13/2023/NĐ-CP) nhưng &#39;sources&#39; chưa ghi văn bản này" in page
    assert "cần &#39;valid_as_of&#39; (ngày rà soát gần nhất)" in page


def test_review_list_filters_questions_needing_a_recheck(client, login_as, topic):
    from dataclasses import replace
    from datetime import date, timedelta

    from quizapp.bank.formats.question import SourceRef

    law = [SourceRef("luat-bvdlcn-2025", "Điều 7")]
    fresh = single("Luật Bảo vệ dữ liệu cá nhân 2025 cấm bán dữ liệu cá nhân, đúng không?",
                   sources=law, valid_as_of=date.today())
    old = replace(fresh, text="Luật Bảo vệ dữ liệu cá nhân 2025 cấm mua dữ liệu, đúng không?",
                  valid_as_of=date.today() - timedelta(days=400))
    for record in (single(), fresh, old):
        service.save_question(record, topic, None)
    login_as("editor")
    page = client.get("/bank/?recheck=1").get_data(as_text=True)
    assert "cấm mua dữ liệu" in page
    assert "cấm bán dữ liệu" not in page and "Mật khẩu nào mạnh nhất?" not in page
    assert "Needs re-check" not in page and "Cần rà soát lại" in page


def test_editor_refuses_malformed_sources_and_saves_nothing(client, login_as, topic):
    login_as("editor")
    for sources, shown in (("Nghị định 13/2023", "chỉ gồm a-z, 0-9"),
                           ("nd-13-2023\nnd-13-2023", "bị lặp lại"),
                           ("nd-13-2023 | " + "Điều 1 " * 30, "tối đa 120")):
        page = client.post("/bank/new", data=form_data(sources=sources),
                           follow_redirects=True).get_data(as_text=True)
        assert "Chưa lưu được" in page and shown in page, sources
    page = client.post("/bank/new", data=form_data(valid_as_of="06/12/2026"),
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã lưu câu hỏi" not in page
    assert Question.query.count() == 0
