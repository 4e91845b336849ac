"""Legal citations: the register of documents and the superseded-document rule."""

from datetime import date

import pytest

from quizapp.bank.catalog import legal_check, load_bank, load_legal_registry
from quizapp.bank.formats.question import Choice, Question, SourceRef
from quizapp.bank.legal import find_mentions, legal_findings, load_registry, needs_recheck

TODAY = date(2026, 12, 6)
REGISTER = """documents:
  - {id: luat-attm-2015, title: Luật An toàn thông tin mạng, number: 86/2015/QH13, year: 2015,
     names: [Luật An toàn thông tin mạng], status: superseded, superseded_by: [luat-anm-2025]}
  - {id: luat-anm-2018, title: Luật An ninh mạng, number: 24/2018/QH14, year: 2018,
     names: [Luật An ninh mạng], status: superseded, superseded_by: [luat-anm-2025]}
  - {id: luat-anm-2025, title: Luật An ninh mạng, number: null, year: 2025,
     names: [Luật An ninh mạng], status: in_force}
  - {id: nd-13-2023, title: Nghị định 13, number: 13/2023/NĐ-CP, year: 2023,
     names: [Nghị định 13], status: superseded, superseded_by: [luat-bvdlcn-2025]}
  - {id: luat-bvdlcn-2025, title: Luật Bảo vệ dữ liệu cá nhân, number: 91/2025/QH15,
     year: 2025, names: [Luật Bảo vệ dữ liệu cá nhân], status: in_force}
  - {id: kh-3630-2021, title: Kế hoạch 3630, number: 3630/KH-UBND, year: 2021, status: expired}
"""


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "documents.yaml"
    path.write_text(REGISTER, encoding="utf-8")
    found, errors = load_registry(path)
    assert errors == []
    return found


def q(text, explanation="Giải thích.", sources=(), valid_as_of=TODAY, **fields):
    return Question(kind="true_false", text=text, answer=True, explanation=explanation,
                    key="phap-luat-001", sources=[SourceRef(*s) for s in sources],
                    valid_as_of=valid_as_of, **fields)


def messages(question, registry, today=TODAY):
    return [f.render() for f in legal_findings(question, registry, today)]


def test_a_question_citing_current_law_properly_passes(registry):
    good = q("Luật Bảo vệ dữ liệu cá nhân 2025 cấm mua, bán dữ liệu cá nhân.",
             sources=[("luat-bvdlcn-2025", "Điều 7")])
    assert messages(good, registry) == []
    assert messages(q("Mật khẩu dài thì khó đoán.", valid_as_of=None), registry) == []


def test_a_superseded_decree_cited_as_current_fails(registry):
    stale = q("Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý.", sources=[("nd-13-2023",)])
    [message] = messages(stale, registry)
    assert "13/2023/NĐ-CP" in message and "hiện hành" in message


def test_history_must_say_what_replaced_it(registry):
    half = q("Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý.",
             sources=[("nd-13-2023", "", True)])
    assert any("văn bản thay thế" in m for m in messages(half, registry))
    whole = q("Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý.",
              explanation="Từ 01/01/2026, Luật Bảo vệ dữ liệu cá nhân thay thế nghị định này.",
              sources=[("nd-13-2023", "", True), ("luat-bvdlcn-2025",)])
    assert messages(whole, registry) == []


def test_an_undeclared_citation_and_a_missing_review_date_fail(registry):
    found = messages(q("Kế hoạch 3630/KH-UBND yêu cầu báo cáo.", valid_as_of=None), registry)
    assert any("'sources' chưa ghi" in m for m in found)
    assert any("cần 'valid_as_of'" in m for m in found)


def test_a_bare_name_in_the_stem_reads_as_todays_law(registry):
    # "Luật An ninh mạng" today means the 2025 law; a question relying on 2018 says so.
    bare = q("Theo Luật An ninh mạng, không gian mạng là gì?",
             explanation="Luật An ninh mạng 2018 định nghĩa; nay là Luật An ninh mạng 2025.",
             sources=[("luat-anm-2018", "", True)])
    assert any("không ghi năm" in m for m in messages(bare, registry))
    dated = q("Theo Luật An ninh mạng năm 2018, không gian mạng là gì?",
              explanation="Từ 01/7/2026, Luật An ninh mạng 2025 thay thế luật năm 2018.",
              sources=[("luat-anm-2018", "", True), ("luat-anm-2025",)])
    assert messages(dated, registry) == []
    gone = q("Theo Luật An toàn thông tin mạng, thư rác là gì?", explanation="Năm 2015.",
             sources=[("luat-attm-2015", "", True)])
    assert any("không ghi năm" in m for m in messages(gone, registry))


def test_a_wrong_option_is_not_a_citation(registry):
    question = Question(kind="single", text="Văn bản nào bảo vệ dữ liệu cá nhân từ 2026?",
                        explanation="Luật Bảo vệ dữ liệu cá nhân 2025.", key="phap-luat-002",
                        choices=[Choice("Luật Bảo vệ dữ liệu cá nhân 2025", True),
                                 Choice("Nghị định 13/2023/NĐ-CP")],
                        sources=[SourceRef("luat-bvdlcn-2025")], valid_as_of=TODAY)
    assert {m.docs for m in find_mentions(question, registry)} == {("luat-bvdlcn-2025",)}
    assert messages(question, registry) == []


def test_an_old_review_date_warns_and_retired_questions_are_not_checked(registry):
    old = q("Luật Bảo vệ dữ liệu cá nhân 2025 cấm mua bán dữ liệu.",
            sources=[("luat-bvdlcn-2025",)], valid_as_of=date(2025, 11, 30))
    [finding] = legal_findings(old, registry, TODAY)
    assert finding.severity == "warning" and "2025-11-30" in finding.render()
    assert needs_recheck(old, registry, TODAY)
    assert not needs_recheck(old, registry, date(2026, 11, 29))
    retired = q("Theo Nghị định 13/2023/NĐ-CP ...", sources=[("nd-13-2023",)], status="retired")
    assert messages(retired, registry) == []


@pytest.mark.parametrize("text, field", [
    ("documents: [{id: X Y, title: a, year: 2020, status: in_force}]", "id"),
    ("documents: [{id: a, title: a, year: 2020, status: repealed}]", "status"),
    ("documents: [{id: a, title: a, year: 2020, status: superseded}]", "superseded_by"),
    ("documents: [{id: a, title: a, year: 2020, status: superseded, superseded_by: [b]}]",
     "superseded_by"),
    ("documents: [{id: a, title: a, year: 2020, status: in_force, law: x}]", "law"),
    ("documents: {a: 1}", "documents"),
    ("documents: [\n", ""),
])
def test_a_bad_register_is_refused_with_the_field(tmp_path, text, field):
    path = tmp_path / "documents.yaml"
    path.write_text(text, encoding="utf-8")
    _registry, errors = load_registry(path)
    assert errors and any(e.field.endswith(field) for e in errors)


def test_the_check_reports_file_and_line_of_a_bank(tmp_path):
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "documents.yaml").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "phap-luat.yaml").write_text(
        "topic: {slug: phap-luat, name: Luật, name_en: Law}\nquestions:\n"
        "  - key: phap-luat-001\n    kind: true_false\n"
        '    text: "Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý."\n    answer: false\n'
        '    explanation: "Sai."\n    difficulty: 1\n    audience: [public]\n'
        "    valid_as_of: 2026-12-01\n    sources:\n      - {doc: nd-13-2023}\n",
        encoding="utf-8")
    registry, errors = load_legal_registry(tmp_path)
    [finding] = legal_check(load_bank(tmp_path), registry, TODAY)
    assert (finding.file, finding.line, finding.key) == ("phap-luat.yaml", 3, "phap-luat-001")
    assert finding.located().startswith("phap-luat.yaml:3: phap-luat-001: ")


def test_a_document_status_not_confirmed_for_a_year_is_a_warning(tmp_path):
    from quizapp.bank.legal import registry_findings

    path = tmp_path / "documents.yaml"
    path.write_text(
        "documents:\n"
        "  - {id: a, title: Luật A, year: 2020, status: in_force, checked: 2026-06-01}\n"
        "  - {id: b, title: Luật B, year: 2020, status: in_force, checked: 2025-06-01}\n"
        "  - {id: c, title: Luật C, year: 2020, status: in_force}\n", encoding="utf-8")
    registry, errors = load_registry(path)
    assert errors == []
    found = registry_findings(registry, TODAY)
    assert [(f.key, f.severity) for f in found] == [("b", "warning"), ("c", "warning")]
    assert "checked: 2025-06-01" in found[0].located()
    path.write_text("documents:\n  - {id: a, title: A, year: 2020, status: in_force, "
                    "checked: sớm}\n", encoding="utf-8")
    assert [e.field for e in load_registry(path)[1]] == ["documents[0].checked"]


def test_a_bare_name_counts_as_naming_only_the_document_in_force(registry):
    # "Luật An ninh mạng" names the 2025 law today, so it tells what replaced the 2015 law ...
    ok = q("Theo Luật An toàn thông tin mạng năm 2015, thư rác là gì?",
           explanation="Nay là Luật An ninh mạng.",
           sources=[("luat-attm-2015", "", True), ("luat-anm-2025",)])
    assert messages(ok, registry) == []
    # ... but "Nghị định 13" never names its successor, however it is written.
    stale = q("Theo Nghị định 13/2023/NĐ-CP, im lặng là đồng ý.", explanation="Nghị định 13.",
              sources=[("nd-13-2023", "", True)])
    assert any("cần nêu văn bản thay thế" in m for m in messages(stale, registry))
