"""The provincial plan the indicators come from: its citation and its own words.

Quoted, not translated: they are stored as each seeded target's source and printed in the
report as the plan says them (tests/core/test_translations.py lists this module as data).
"""

PLAN_SOURCE = "Kế hoạch số 3630/KH-UBND ngày 08/10/2021 của UBND tỉnh Kon Tum, mục II.2"
# How a report names the plan today: Kon Tum merged into Quảng Ngãi on 01/7/2025, and the
# plan's targets were for its own years; later years have the targets a department enters.
PLAN_DOCUMENT = "Kế hoạch số 3630/KH-UBND ngày 08/10/2021 của UBND tỉnh Kon Tum (cũ)"
PLAN_YEARS = (2021, 2025)
# The plan's own words for each indicator (section II.2), shown next to every figure.
PLAN_LINES = {
    "program": "Trên 80% các trường trung học cơ sở và trung học phổ thông có các chương trình "
               "hàng năm tuyên truyền, phổ biến về các nguy cơ và kỹ năng cần thiết để tương "
               "tác lành mạnh, an toàn trên không gian mạng",
    "critical": "50% các trường trung học cơ sở và trung học phổ thông có các chương trình hàng "
                "năm tuyên truyền, phổ biến, hướng dẫn khả năng đọc tin, tư duy phê phán, phản "
                "biện về các thông tin sai lệch trên mạng",
    "reached": "Trên 80% người sử dụng nói chung và 100% sinh viên được tuyên truyền, phổ biến "
               "về các nguy cơ mất an toàn thông tin và các kỹ năng cơ bản bảo đảm an toàn "
               "thông tin trên không gian mạng",
}
