"""The question editor, import and bulk-action forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.bank.formats.question import AUDIENCES, MAX_CHOICES
from quizapp.bank.models import IMPORT_STATUSES

KIND_LABELS = {
    "single": _l("Chọn một đáp án"),
    "multiple": _l("Chọn nhiều đáp án"),
    "true_false": _l("Đúng / Sai"),
    "type_answer": _l("Gõ câu trả lời"),
    "ordering": _l("Sắp xếp thứ tự"),
    "poll": _l("Thăm dò ý kiến"),
    "open": _l("Trả lời miệng (giám khảo chấm)"),
}
AUDIENCE_LABELS = {
    "lower_secondary": _l("THCS"),
    "upper_secondary": _l("THPT"),
    "public": _l("Người dân"),
}
STATUS_LABELS = {
    "draft": _l("Nháp"),
    "review": _l("Chờ duyệt"),
    "approved": _l("Đã duyệt"),
    "retired": _l("Ngừng dùng"),
}
# What happened to a question, as its history lists it (QuestionRevision.action).
ACTION_LABELS = {
    "created": _l("tạo mới"),
    "edited": _l("sửa"),
    "imported": _l("nhập từ tệp"),
    "status": _l("đổi trạng thái"),
    "shipped": _l("cập nhật từ ngân hàng kèm theo"),
}
# The question's fields as its history names them (bank.service.TRACKED_FIELDS, status).
FIELD_LABELS = {
    "kind": _l("Loại"), "text": _l("Nội dung"), "body": _l("Đáp án"),
    "explanation": _l("Giải thích"), "difficulty": _l("Độ khó"), "audience": _l("Đối tượng"),
    "source": _l("Nguồn"), "valid_as_of": _l("Đúng đến ngày"), "sources": _l("Văn bản pháp luật"),
    "topic": _l("Chủ đề"), "tags": _l("Thẻ"), "media_id": _l("Hình"), "status": _l("Trạng thái"),
}
FORMAT_LABELS = {
    "yaml": "YAML", "csv": "CSV", "xlsx": _l("Excel (mẫu quizapp)"),
    "kahoot_xlsx": "Kahoot (.xlsx)",
    "gift": "GIFT (Moodle)", "aiken": "Aiken", "moodle_xml": "Moodle XML",
}


def choices_of(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


class ChoiceForm(FlaskForm):
    class Meta:
        csrf = False  # part of the question form, which carries the token

    text = StringField(_l("Phương án"), validators=[Optional(), Length(max=120)])
    correct = BooleanField(_l("Đúng"))


class QuestionForm(FlaskForm):
    topic = SelectField(_l("Chủ đề"))
    kind = SelectField(_l("Loại câu hỏi"), choices=choices_of(KIND_LABELS))
    text = TextAreaField(_l("Nội dung câu hỏi"), validators=[DataRequired(), Length(max=500)])
    choices = FieldList(FormField(ChoiceForm), min_entries=MAX_CHOICES, max_entries=MAX_CHOICES)
    answer = SelectField(_l("Đáp án đúng"), choices=[SelectChoice("true", _l("Đúng")),
                                                     SelectChoice("false", _l("Sai"))])
    answers = TextAreaField(_l("Các câu trả lời được chấp nhận (mỗi dòng một cách viết)"),
                            validators=[Optional(), Length(max=4000)])
    accent_insensitive = BooleanField(_l("Chấp nhận gõ không dấu"), default=True)
    items = TextAreaField(_l("Các mục theo đúng thứ tự (mỗi dòng một mục)"),
                          validators=[Optional(), Length(max=1000)])
    explanation = TextAreaField(_l("Giải thích (1–3 câu, dạy vì sao)"),
                                validators=[Optional(), Length(max=1000)])
    difficulty = SelectField(_l("Độ khó"), choices=[
        SelectChoice("1", _l("1 – Dễ")), SelectChoice("2", _l("2 – Trung bình")),
        SelectChoice("3", _l("3 – Khó"))], default="2")
    audience = SelectMultipleField(_l("Đối tượng"), choices=choices_of(AUDIENCE_LABELS),
                                   default=list(AUDIENCES), widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())
    tags = StringField(_l("Thẻ (cách nhau bởi dấu phẩy)"), validators=[Optional(), Length(max=300)])
    source = StringField(_l("Nguồn (văn bản pháp luật, nếu chắc chắn)"),
                         validators=[Optional(), Length(max=300)])
    sources = TextAreaField(
        _l("Văn bản pháp luật được trích (mỗi dòng: mã văn bản | điều | history nếu chỉ nêu "
           "như lịch sử)"), validators=[Optional(), Length(max=2000)])
    valid_as_of = DateField(_l("Ngày rà soát trích dẫn pháp luật gần nhất"),
                            validators=[Optional()])
    image = FileField(_l("Hình ảnh (PNG, JPEG, WebP, tối đa 2 MB)"))
    remove_image = BooleanField(_l("Bỏ hình ảnh"))


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp câu hỏi"), validators=[FileRequired()])
    format = SelectField(_l("Định dạng"), choices=[SelectChoice("", _l("Tự nhận theo tên tệp")),
                                                   *choices_of(FORMAT_LABELS)])
    topic = SelectField(_l("Chủ đề (nếu tệp không ghi)"))
    status = SelectField(_l("Trạng thái sau khi nhập"),
                         choices=choices_of({s: STATUS_LABELS[s] for s in IMPORT_STATUSES}),
                         default="draft")
