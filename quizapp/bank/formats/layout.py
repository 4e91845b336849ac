"""The words of our own spreadsheet layout, and the sample rows of its import template.

A file in this layout reads the same whatever language its author's pages are in: each header
is "Vietnamese / english" and either half alone is accepted; cells may say "đúng"/"true",
"có"/"yes". These words are the file format, so they are data here, not catalogue messages
(tests/core/test_translations.py lists this module as such). The template's sample questions
are bank content, which is Vietnamese.
"""

from quizapp.bank.formats.question import Choice, Question

CHOICE_COLUMNS = 6
# (column name, its Vietnamese header half)
COLUMNS: list[tuple[str, str]] = [
    ("key", "Mã câu hỏi"),
    ("kind", "Loại"),
    ("text", "Câu hỏi"),
    *[(f"choice_{i}", f"Lựa chọn {i}") for i in range(1, CHOICE_COLUMNS + 1)],
    ("correct", "Đáp án đúng"),
    ("accent_insensitive", "Bỏ qua dấu"),
    ("explanation", "Giải thích"),
    ("difficulty", "Độ khó"),
    ("audience", "Đối tượng"),
    ("tags", "Thẻ"),
    ("source", "Nguồn"),
    ("topic", "Chủ đề"),
]
TRUE_WORDS = {"true", "đúng", "có", "yes", "x", "1"}
FALSE_WORDS = {"false", "sai", "không", "no", "0"}
# What a true/false answer and the accent flag are written as on export.
TRUE_FALSE_WRITTEN = ("đúng", "sai")
YES_NO_WRITTEN = ("có", "không")
AUDIENCE_ALIASES = {
    "thcs": "lower_secondary",
    "thpt": "upper_secondary",
    "người dân": "public",
    "cộng đồng": "public",
}

TEMPLATE_EXAMPLES = [
    Question(
        kind="single",
        text="Mật khẩu nào dưới đây mạnh nhất?",
        choices=[
            Choice("123456"),
            Choice("matkhau"),
            Choice("Tr@ng-Xanh-2024!", True),
        ],
        explanation="Mật khẩu mạnh dài, có chữ hoa, chữ thường, số và ký tự đặc biệt.",
        difficulty=1,
        tags=["mat-khau"],
    ),
    Question(
        kind="true_false",
        text="Mã OTP có thể đọc cho nhân viên ngân hàng qua điện thoại.",
        answer=False,
        explanation="Ngân hàng không bao giờ hỏi mã OTP; ai hỏi OTP là kẻ lừa đảo.",
        tags=["otp"],
    ),
    Question(
        kind="type_answer",
        text="Mã xác thực dùng một lần gửi qua tin nhắn gọi là mã gì?",
        answers=["OTP", "mã OTP"],
        explanation="OTP (One-Time Password) là mã chỉ dùng được một lần.",
        tags=["otp"],
    ),
]
