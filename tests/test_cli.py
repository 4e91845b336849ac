"""The `quizapp` command: init, users, schools."""

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
