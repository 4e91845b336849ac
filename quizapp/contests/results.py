"""Results of a game from what was stored: per question, per player, per school; exports."""

from collections import defaultdict

from flask_babel import gettext as _

from quizapp.bank.forms import KIND_LABELS
from quizapp.contests.models import Answer, Game
from quizapp.core.permissions import may_see_names
from quizapp.core.spreadsheet import Sheet, csv_bytes, workbook_bytes
from quizapp.engine import Game as EngineGame


def game_report(game: Game, viewer=None) -> dict:
    """Return the results of a game as plain data for the page and the exports.

    With a `viewer`, the names and classes of pupils of a registry school the viewer may not
    see (core.permissions.may_see_names: another school's pupils, for a host) are left out;
    players tied to no school are shown to whoever may open the results (they ran the game
    and saw them on its screen). Without a viewer (the terminal) everything is shown.
    """
    engine = EngineGame.restore(game.snapshot)
    answers = Answer.query.filter_by(game_id=game.id).all()
    by_question = defaultdict(list)
    by_player = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
        by_player[answer.player_key].append(answer)
    questions = []
    for index, item in enumerate(game.contest.questions):
        question = item.question
        given = by_question.get(question.id, [])
        graded = [a for a in given if a.correct is not None]
        run = engine.runs[index] if index < len(engine.runs) else None
        questions.append({
            "number": index + 1, "id": question.id, "text": question.text,
            "kind": question.kind, "answered": len(given),
            "correct_pct": _pct(sum(1 for a in graded if a.correct), len(graded)),
            "distribution": _distribution(question, given),
            "skipped": bool(run and run.closed_ms and not run.scored),
        })
    players = []
    for player in game.players:
        mine = by_player.get(player.player_key, [])
        state = engine.players.get(player.player_key)
        shown = viewer is None or player.school_id is None \
            or may_see_names(viewer, player.school_id)
        players.append({
            "rank": player.rank or (engine.rank_of(player.player_key) if state else None),
            "nickname": player.nickname if shown else _("(học sinh trường khác)"),
            "school": (player.school.name if player.school else player.school_name) if shown
            else (player.school.name if player.school else "—"),
            "class_name": player.class_name if shown else "",
            "score": player.score if player.score is not None else (state.score if state else 0),
            # Polls have no right answer (correct is None): they count as answered, never as
            # wrong; the same rule as the engine's grading and the campaign pages.
            "answered": len(mine), "graded": sum(1 for a in mine if a.correct is not None),
            "correct": sum(1 for a in mine if a.correct),
            "kicked": player.kicked,
        })
    players.sort(key=lambda p: (p["rank"] is None, p["rank"] or 0))
    schools = defaultdict(lambda: {"players": 0, "score": 0, "graded": 0, "correct": 0})
    for row in players:
        school = schools[row["school"] or "—"]
        school["players"] += 1
        school["score"] += row["score"]
        school["graded"] += row["graded"]
        school["correct"] += row["correct"]
    school_rows = [{"school": name, "players": s["players"],
                    "average_score": round(s["score"] / s["players"]),
                    "correct_pct": _pct(s["correct"], s["graded"])}
                   for name, s in sorted(schools.items())]
    return {"questions": questions, "players": players, "schools": school_rows}


def _pct(part, whole):
    return round(100 * part / whole) if whole else None


def _distribution(question, given):
    """Count answers per choice (native order), or correct/incorrect for other kinds."""
    choices = question.body.get("choices")
    if question.kind == "true_false":
        truth = question.body.get("answer")
        choices = [{"text": _("Đúng"), "correct": truth is True},
                   {"text": _("Sai"), "correct": truth is False}]
    if choices:
        counts = [0] * len(choices)
        for answer in given:
            picked = answer.answer.get("choices")
            if picked is None and "value" in answer.answer:
                picked = [0 if answer.answer["value"] else 1]
            for index in picked or []:
                if 0 <= index < len(counts):
                    counts[index] += 1
        return [{"label": c["text"], "count": n, "correct": bool(c.get("correct"))}
                for c, n in zip(choices, counts, strict=True)]
    right = sum(1 for a in given if a.correct)
    return [{"label": _("Đúng"), "count": right, "correct": True},
            {"label": _("Sai"), "count": len(given) - right, "correct": False}]


def _sheets(game, viewer=None):
    """The tables of the exports, headers and kinds in the reader's language."""
    report = game_report(game, viewer)
    yield _("Người chơi"), [_("hạng"), _("biệt danh"), _("trường"), _("lớp"), _("điểm"),
                            _("số câu trả lời"), _("số câu có đáp án đúng"), _("số câu đúng")], [
        [p["rank"], p["nickname"], p["school"], p["class_name"], p["score"], p["answered"],
         p["graded"], p["correct"]] for p in report["players"]]
    yield _("Câu hỏi"), [_("câu"), _("nội dung"), _("loại"), _("số trả lời"), _("% đúng")], [
        [q["number"], q["text"], str(KIND_LABELS.get(q["kind"], q["kind"])), q["answered"],
         q["correct_pct"]] for q in report["questions"]]
    yield _("Trường"), [_("trường"), _("số người chơi"), _("điểm trung bình"), _("% đúng")], [
        [s["school"], s["players"], s["average_score"], s["correct_pct"]]
        for s in report["schools"]]


def export_xlsx(game, viewer=None) -> bytes:
    return workbook_bytes(Sheet(title, header, rows)
                          for title, header, rows in _sheets(game, viewer))


def export_csv(game, viewer=None) -> bytes:
    """The players sheet as CSV (the question and school sheets are in the XLSX)."""
    title, header, rows = next(_sheets(game, viewer))
    return csv_bytes(rows, header)
