"""Contest settings form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ContestForm(FlaskForm):
    title = StringField(_l("Tên cuộc thi"), validators=[DataRequired(), Length(max=200)])
    practice = BooleanField(_l("Chơi thử (được dùng câu hỏi nháp; không tính vào báo cáo)"))
    speed_scoring = BooleanField(_l("Tính điểm tốc độ (trả lời nhanh được nhiều điểm hơn)"),
                                 default=True)
    streak_bonus = BooleanField(_l("Thưởng chuỗi trả lời đúng liên tiếp"), default=True)
    shuffle_answers = BooleanField(_l("Xáo trộn thứ tự đáp án"), default=True)
    show_text_on_phones = BooleanField(_l("Hiện nội dung câu hỏi trên điện thoại"), default=True)
    late_join = BooleanField(_l("Cho vào muộn khi đã bắt đầu"), default=True)
    team_mode = SelectField(_l("Thi theo đội"), choices=[
        SelectChoice("", _l("Không")), SelectChoice("school", _l("Theo trường")),
        SelectChoice("class", _l("Theo lớp"))])
    nickname_policy = SelectField(_l("Biệt danh"), choices=[
        SelectChoice("free", _l("Người chơi tự đặt")),
        SelectChoice("generated", _l("Máy tự đặt (tên vui, ẩn danh)")),
        SelectChoice("roster", _l("Chọn theo danh sách lớp"))])
    school_scope = SelectField(_l("Trường của người chơi"), default="", choices=[
        SelectChoice("", _l("Tự động: trường của người tổ chức, nếu có")),
        SelectChoice("own", _l("Trường của người tổ chức")),
        SelectChoice("inter_school", _l("Liên trường: mỗi trường một mã QR")),
        SelectChoice("open", _l("Mở: người chơi chọn trường trong danh mục (không được tính "
                                "vào báo cáo nếu chưa xác nhận)"))])
    roster = TextAreaField(_l("Danh sách lớp (mỗi dòng một tên)"),
                           validators=[Optional(), Length(max=30000)])
    join_code = BooleanField(_l("Thêm mã vào cửa hiện trên màn hình lớn (chống người ngoài "
                                "và máy tự động vào phòng)"))
    max_players = IntegerField(_l("Số người chơi tối đa"), default=5000,
                               validators=[NumberRange(1, 100_000)])
    preview_s = IntegerField(_l("Giây đọc câu hỏi trước khi hiện đáp án"), default=4,
                             validators=[NumberRange(0, 15)])

    def options(self) -> dict:
        return {
            "speed_scoring": self.speed_scoring.data, "streak_bonus": self.streak_bonus.data,
            "shuffle_answers": self.shuffle_answers.data,
            "show_text_on_phones": self.show_text_on_phones.data,
            "late_join": self.late_join.data, "team_mode": self.team_mode.data or "",
            "nickname_policy": self.nickname_policy.data, "roster": self.roster.data or "",
            "preview_ms": (self.preview_s.data or 0) * 1000,
            "join_code": self.join_code.data, "max_players": self.max_players.data or 5000,
            "school_scope": self.school_scope.data or "",
        }

    def load(self, contest) -> None:
        self.title.data = contest.title
        self.practice.data = contest.practice
        for name in ("speed_scoring", "streak_bonus", "shuffle_answers", "show_text_on_phones",
                     "late_join", "team_mode", "nickname_policy", "join_code", "max_players",
                     "school_scope"):
            getattr(self, name).data = contest.option(name)
        self.roster.data = "\n".join(contest.option("roster"))
        self.preview_s.data = contest.option("preview_ms") // 1000
