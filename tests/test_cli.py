"""The `quizapp` command: init, bank load and import, users, schools."""

from pathlib import Path

from quizapp.accounts.models import User
from quizapp.schools.models import AdminUnit, School

FILES = Path(__file__).parent / "schools" / "files"


def test_init_ships_no_invented_units(runner):
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "quizapp units import" in result.output
    assert runner.invoke(args=["init"]).exit_code == 0
    assert AdminUnit.query.count() == 0


def test_users_create_list_and_set_password(runner):
    result = runner.invoke(args=["users", "create", "gv.binh", "--role", "host"])
    assert result.exit_code == 0 and "Password: " in result.output
    password = result.output.split("Password: ")[1].strip()
    assert User.query.filter_by(username="gv.binh").one().check_password(password)
    assert "gv.binh" in runner.invoke(args=["users", "list"]).output
    result = runner.invoke(
        args=["users", "set-password", "gv.binh", "--password", "mat-khau-moi-1"])
    assert result.exit_code == 0
    assert User.query.filter_by(username="gv.binh").one().check_password("mat-khau-moi-1")


def test_users_create_refuses_bad_input(runner):
    result = runner.invoke(args=["users", "create", "x", "--role", "host"])
    assert result.exit_code != 0 and "Tên đăng nhập" in result.output
    result = runner.invoke(args=["users", "create", "gv.c", "--role", "host", "--school", "NOPE"])
    assert result.exit_code != 0 and "No school" in result.output


def test_schools_import_and_export(runner, units, tmp_path):
    result = runner.invoke(args=["schools", "import", str(FILES / "truong-hop-le.csv")])
    assert result.exit_code == 0 and "3 added" in result.output
    out = tmp_path / "out.xlsx"
    assert runner.invoke(args=["schools", "export", str(out)]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_schools_import_reports_errors_and_exits_non_zero(runner, units):
    result = runner.invoke(args=["schools", "import", str(FILES / "truong-loi.csv")])
    assert result.exit_code == 1
    assert "dòng 3, cột 'cấp học'" in result.output and "nothing was imported" in result.output
    assert School.query.count() == 0


GIFT_WITH_CATEGORIES = """$CATEGORY: $course$/top/mat-khau

::a:: Mật khẩu nào khó đoán nhất? {=Một câu dài trộn chữ số và ký hiệu ~123456 ~ngày sinh}

$CATEGORY: $course$/top/hoc-ky-1

::b:: Có nên đưa mã OTP cho người gọi tự xưng nhân viên ngân hàng? {F}
"""


def test_init_then_bank_load_then_gift_import_on_a_fresh_database(runner, tmp_path):
    from quizapp.bank.models import Question, Topic

    result = runner.invoke(args=["init"])
    assert result.exit_code == 0 and "10 topics added" in result.output, result.output
    assert Topic.query.count() == 10 and Question.query.count() == 0

    result = runner.invoke(args=["bank", "load"])
    assert result.exit_code == 0, result.output
    shipped = Question.query.count()
    assert shipped >= 500 and f"{shipped} created" in result.output
    again = runner.invoke(args=["bank", "load"])
    assert f"0 created, 0 updated, 0 retired, {shipped} unchanged, 0 skipped" in again.output

    gift = tmp_path / "hoc-ky.gift"
    gift.write_text(GIFT_WITH_CATEGORIES, encoding="utf-8")
    refused = runner.invoke(args=["bank", "import", str(gift)])
    assert refused.exit_code == 1 and "nothing was imported" in refused.output
    assert "chủ đề 'hoc-ky-1' chưa có" in refused.output
    assert "lua-dao, ma-doc, mang-xa-hoi, mat-khau" in refused.output  # the known topics
    assert Question.query.count() == shipped

    result = runner.invoke(args=["bank", "import", str(gift), "--topic", "lua-dao"])
    assert result.exit_code == 0 and "Imported 2 questions" in result.output, result.output
    imported = {q.text[:8]: q.topic.slug
                for q in Question.query.filter(Question.key.is_(None))}
    assert imported == {"Mật khẩu": "mat-khau", "Có nên đ": "lua-dao"}


def test_gift_import_before_init_says_to_run_init(runner, tmp_path):
    gift = tmp_path / "a.gift"
    gift.write_text(GIFT_WITH_CATEGORIES, encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(gift)])
    assert result.exit_code == 1 and "quizapp init" in result.output
