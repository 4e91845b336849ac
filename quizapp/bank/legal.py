"""Legal documents the bank cites, and the rule that keeps the bank from teaching repealed law.

Pure: reads questions/legal/documents.yaml and question records, touches no database; the day
to judge by comes in as an argument.

The rule, checkable without reading the law (docs/question-schema.md, "Legal sources"):

1. A question that names a document (by number, e.g. "13/2023/NĐ-CP", or by one of its names,
   e.g. "Luật An toàn thông tin mạng") in its stem, a correct option, an ordering item, an
   accepted answer, the explanation or the source text lists it in `sources`, and carries
   `valid_as_of`. A wrong option is not a citation.
2. A document whose status is not `in_force` is cited only as history: its source entry says
   `history: true`, and the question names at least one document that replaced it (dated, or by
   a bare name that today means it).
3. The stem does not name a document by a bare name that, today, means another document: "Theo
   Luật An ninh mạng, ..." reads as the 2025 law, so a question relying on the 2018 law says "năm
   2018" (a bare name of a replaced law is allowed when the stem names its successor too).
4. `valid_as_of` older than REVIEW_INTERVAL_DAYS before today is a warning: re-check the
   citation against the law in force.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from flask_babel import gettext as _

from quizapp.bank.findings import N_, Finding
from quizapp.bank.formats.question import SLUG_RE, FormatError, Question

REVIEW_INTERVAL_DAYS = 365
DOCUMENT_STATUSES = ("in_force", "superseded", "expired")
REGISTRY_FILE = Path("legal") / "documents.yaml"
_DOC_KEYS = {"id", "title", "number", "year", "names", "in_force_from", "status",
             "superseded_by", "checked", "note"}
# What may sit between a document's name and its year: "2015", "năm 2018", "(số 24/2018/QH14)",
# or the rest of its number ("Nghị định 13" + "/2023/NĐ-CP").
_YEAR_AFTER = re.compile(r"\s*\(?\s*(?:năm\s+|số\s+)?(?:\d+/|/)?(\d{4})(?!\d)")


@dataclass(frozen=True)
class LegalDocument:
    id: str
    title: str
    number: str | None
    year: int
    names: tuple[str, ...] = ()
    in_force_from: date | None = None
    status: str = "in_force"
    superseded_by: tuple[str, ...] = ()
    checked: date | None = None
    note: str = ""

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    @property
    def label(self) -> str:
        """How messages name the document: "Luật An ninh mạng (24/2018/QH14)"."""
        return f"{self.title} ({self.number or self.year})"


@dataclass
class Registry:
    documents: dict[str, LegalDocument] = field(default_factory=dict)

    def get(self, doc_id: str) -> LegalDocument | None:
        return self.documents.get(doc_id)


@dataclass(frozen=True)
class Mention:
    """A place where a question names a document: `docs` are the candidates (one when dated)."""

    field: str
    docs: tuple[str, ...]
    dated: bool


def load_registry(path: str | Path) -> tuple[Registry, list[FormatError]]:
    """Read the registry file; return it and every problem found (file, line, field)."""
    path = Path(path)
    name = path.name
    registry = Registry()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return registry, [FormatError(name, None, "", _("không đọc được tệp: %(problem)s",
                                                        problem=exc))]
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return registry, [FormatError(name, None, "documents", _("cần danh sách 'documents:'"))]
    errors: list[FormatError] = []
    for i, item in enumerate(data["documents"]):
        where = f"documents[{i}]"

        def err(field_name, message, where=where):
            errors.append(FormatError(name, None, f"{where}.{field_name}", message))

        if not isinstance(item, dict):
            errors.append(FormatError(name, None, where, _("mỗi văn bản phải là một mapping")))
            continue
        for extra in set(item) - _DOC_KEYS:
            err(extra, _("trường không có trong danh mục văn bản"))
        doc_id = item.get("id")
        if not isinstance(doc_id, str) or not SLUG_RE.match(doc_id):
            err("id", _("cần mã văn bản gồm a-z, 0-9 và '-'"))
            continue
        if doc_id in registry.documents:
            err("id", _("mã '%(code)s' bị lặp lại", code=doc_id))
        if item.get("status") not in DOCUMENT_STATUSES:
            err("status", _("phải là một trong %(allowed)s", allowed=", ".join(DOCUMENT_STATUSES)))
        if not isinstance(item.get("year"), int):
            err("year", _("cần năm ban hành (số)"))
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            err("title", _("cần tên văn bản"))
        checked = item.get("checked")
        if checked is not None and not isinstance(checked, date):
            err("checked", _("phải là ngày dạng YYYY-MM-DD"))
            checked = None
        names = item.get("names") or []
        successors = item.get("superseded_by") or []
        if not all(isinstance(n, str) and n.strip() for n in names):
            err("names", _("phải là danh sách tên"))
            names = []
        if item.get("status") == "superseded" and not successors:
            err("superseded_by", _("văn bản bị thay thế cần ghi văn bản thay thế"))
        registry.documents[doc_id] = LegalDocument(
            id=doc_id, title=str(item.get("title", "")), number=item.get("number") or None,
            year=item.get("year") if isinstance(item.get("year"), int) else 0,
            names=tuple(names), in_force_from=item.get("in_force_from"),
            status=item.get("status", "in_force"), superseded_by=tuple(successors),
            checked=checked, note=str(item.get("note") or ""))
    for i, doc in enumerate(registry.documents.values()):
        for successor in doc.superseded_by:
            if successor not in registry.documents:
                errors.append(FormatError(name, None, f"documents[{i}].superseded_by",
                                          _("văn bản '%(doc)s' không có trong danh mục",
                                            doc=successor)))
    return registry, errors


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _field_texts(q: Question) -> list[tuple[str, str]]:
    # A wrong option names a document only to be rejected: it is not a citation.
    out = [("text", q.text)]
    out += [(f"choices[{i}]", c.text) for i, c in enumerate(q.choices) if c.correct]
    out += [(f"items[{i}]", t) for i, t in enumerate(q.items)]
    out += [(f"answers[{i}]", t) for i, t in enumerate(q.answers)]
    out += [("explanation", q.explanation), ("source", q.source)]
    return out


def find_mentions(q: Question, registry: Registry) -> list[Mention]:
    """Return every place `q` names a registered document, by number or by name."""
    by_name: dict[str, list[LegalDocument]] = {}
    for doc in registry.documents.values():
        for name in doc.names:
            by_name.setdefault(_fold(name), []).append(doc)
    found = []
    for where, raw in _field_texts(q):
        text = _fold(raw)
        for doc in registry.documents.values():
            if doc.number:
                short = _fold(doc.number).split("/")
                pattern = r"(?<!\d)" + re.escape("/".join(short[:2])) + r"(?!\d)"
                if re.search(pattern, text):
                    found.append(Mention(where, (doc.id,), True))
        for name, docs in by_name.items():
            for match in re.finditer(re.escape(name) + r"(?!\w)", text):
                year = _YEAR_AFTER.match(text, match.end())
                if year:
                    dated = [d for d in docs if str(d.year) == year.group(1)]
                    if dated:
                        found.append(Mention(where, (dated[0].id,), True))
                    continue  # a year of a document not in the registry: not ours to judge
                found.append(Mention(where, tuple(d.id for d in docs), False))
    return found


def legal_findings(q: Question, registry: Registry, today: date) -> list[Finding]:
    """Return the errors and warnings of rules 1–4 for one question (none for retired ones)."""
    if q.status == "retired":
        return []
    mentions = find_mentions(q, registry)
    if not mentions and not q.sources:
        return []
    found: list[Finding] = []
    listed = {ref.doc for ref in q.sources}
    # What the question names: dated documents, and for a bare name the one in force today.
    named = {m.docs[0] for m in mentions if m.dated} | {
        d for m in mentions if not m.dated for d in m.docs if registry.documents[d].in_force}

    def add(message, severity="error", **values):
        found.append(Finding(message, values, severity, q.key))

    for ref in q.sources:
        if registry.get(ref.doc) is None:
            add(N_("Nguồn '%(doc)s' không có trong danh mục văn bản pháp luật."), doc=ref.doc)
    for doc_id in sorted({m.docs[0] for m in mentions if m.dated} - listed):
        add(N_("Câu hỏi nêu %(doc)s nhưng 'sources' chưa ghi văn bản này."),
            doc=registry.documents[doc_id].label)
    for mention in mentions:
        if not mention.dated and not listed & set(mention.docs):
            add(N_("Câu hỏi nêu %(doc)s (không ghi năm) nhưng 'sources' chưa ghi văn bản này."),
                doc=registry.documents[mention.docs[0]].title)
            break
    for ref in q.sources:
        doc = registry.get(ref.doc)
        if doc is None or doc.in_force:
            continue
        if not ref.history:
            add(N_("%(doc)s đã %(status)s nhưng được trích như văn bản hiện hành; hãy ghi "
                   "'history: true' và nói rõ văn bản thay thế, hoặc trích văn bản đang có "
                   "hiệu lực."), doc=doc.label, status=_status_words(doc))
        elif doc.superseded_by and not named & set(doc.superseded_by):
            add(N_("%(doc)s đã được thay thế; câu hỏi cần nêu văn bản thay thế (%(successors)s)."),
                doc=doc.label, successors=", ".join(
                    registry.documents[s].label for s in doc.superseded_by))
    stem_named = {m.docs[0] for m in mentions if m.field == "text" and m.dated}
    for mention in mentions:
        if mention.field != "text" or mention.dated:
            continue
        docs = [registry.documents[d] for d in mention.docs]
        current = [d for d in docs if d.in_force]
        replaced = [d for d in docs if not d.in_force]
        successors = {s for d in replaced for s in d.superseded_by}
        if not replaced or (current and listed & {d.id for d in current}):
            continue  # the bare name means today's document, and the question relies on it
        if successors & stem_named:
            continue  # the stem itself says what replaced it
        add(N_("Câu hỏi nêu '%(name)s' mà không ghi năm: hôm nay tên này chỉ %(meaning)s. Hãy "
               "ghi năm (ví dụ 'năm %(year)s') hoặc trích văn bản đang có hiệu lực."),
            name=docs[0].title,
            meaning=current[0].label if current else N_("một văn bản đã hết hiệu lực"),
            year=replaced[0].year if replaced else docs[0].year)
    if q.valid_as_of is None:
        add(N_("Câu hỏi trích văn bản pháp luật cần 'valid_as_of' (ngày rà soát gần nhất)."))
    elif q.valid_as_of > today:
        add(N_("'valid_as_of' (%(day)s) ở sau ngày hôm nay."), day=q.valid_as_of.isoformat())
    elif q.valid_as_of < today - timedelta(days=REVIEW_INTERVAL_DAYS):
        add(N_("Trích dẫn pháp luật rà soát lần cuối ngày %(day)s, quá %(months)s tháng: cần "
               "kiểm tra lại với văn bản đang có hiệu lực."), "warning",
            day=q.valid_as_of.isoformat(), months=REVIEW_INTERVAL_DAYS * 12 // 365)
    return found


def registry_findings(registry: Registry, today: date) -> list[Finding]:
    """Warn on documents whose status nobody confirmed in the last REVIEW_INTERVAL_DAYS."""
    found = []
    for doc in registry.documents.values():
        if doc.checked is None or doc.checked < today - timedelta(days=REVIEW_INTERVAL_DAYS):
            found.append(Finding(
                N_("Trạng thái của %(doc)s chưa được xác nhận lại trong %(months)s tháng qua "
                   "(checked: %(day)s)."),
                {"doc": doc.label, "months": REVIEW_INTERVAL_DAYS * 12 // 365,
                 "day": doc.checked.isoformat() if doc.checked else "-"},
                "warning", doc.id, str(REGISTRY_FILE)))
    return found


def needs_recheck(q: Question, registry: Registry, today: date) -> bool:
    """Tell whether the question has any legal finding, error or warning (the review filter)."""
    return bool(legal_findings(q, registry, today))


def _status_words(doc: LegalDocument) -> str:
    return N_("bị thay thế") if doc.status == "superseded" else N_("hết hiệu lực")
