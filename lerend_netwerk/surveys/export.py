"""The CSV exports of a survey's results. There are two, and neither can point at a person:

- the figures (`figures_table`): exactly the counts and percentages that the results page shows, with the same
  counts hidden ("verborgen"), split by the same question when one is chosen;
- the free-text answers (`texts_table`): one row per text with only its question beside it, sorted by question and
  then alphabetically. No response number, date, way of answering, language or other answers stand beside a text,
  and the order says nothing about when it came in, so a text cannot be tied to a wijk, a day or a small group.

There is no export with one row per response any more: a row that holds a person's wijk, day, way of answering,
language and answers together identifies the only person from a small wijk, whatever the size of the survey. A
facilitator who needs a single answer back has the paper form, or the text itself on the results page.
Every download is written to the audit log (which survey, which export, how many rows and hidden counts; no data).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk.surveys import results
from lerend_netwerk.surveys.models import TEXT_KINDS, Answer, Question
from lerend_netwerk.surveys.queries import QuestionView, SurveyView

FIGURES_HEADER = ["tabel", "vraag", "antwoord", "groep", "aantal", "procent"]
TEXTS_HEADER = ["vraag", "antwoord"]
HIDDEN = "verborgen"


def _cells(figure: results.Figure) -> list[object]:
    if figure.hidden:
        return [HIDDEN, ""]
    return [figure.count, "" if figure.percent is None else figure.percent]


def figures_table(db: Session, view: SurveyView, by: QuestionView | None) -> tuple[list[str], list[list[object]], int]:
    """Header, rows and the number of hidden counts of the figures export (what the results page shows)."""
    published = results.publish(db, view)
    summary = results.summary(published)
    rows: list[list[object]] = [["totaal", "", "", "", summary.total, 100 if summary.total else ""]]
    for mode, figure in summary.per_mode:
        rows.append(["per manier", "", str(results.MODE_LABELS[mode]), "", *_cells(figure)])
    for day, figure in summary.per_day:
        rows.append(["per dag", "", day.isoformat(), "", *_cells(figure)])
    hidden = sum(1 for _m, f in summary.per_mode if f.hidden) + sum(1 for _d, f in summary.per_day if f.hidden)
    for r in results.question_results(published, view):
        text = r.view.question.text
        for o in r.options:
            rows.append(["per vraag", text, o.label, "", *_cells(o.figure)])
            hidden += o.figure.hidden
        if r.number_stats:
            rows.append(["per vraag", text, "aantal", "", r.number_stats["count"], ""])
            rows.append(["per vraag", text, "gemiddelde", "", r.number_stats["average"], ""])
        elif r.number_hidden:
            rows.append(["per vraag", text, "aantal", "", HIDDEN, ""])
            hidden += 1
    if by is not None:
        split = results.crosstab(published, view, by)
        group = by.question.text
        for column in split.columns:
            rows.append(["groepen", group, column.label, "", *_cells(column.size)])
        for table in split.tables:
            for row in table.rows:
                for column, cell in zip(split.columns, row.cells, strict=True):
                    rows.append(
                        ["opgesplitst", table.view.question.text, row.label, f"{group}: {column.label}", *_cells(cell)]
                    )
        hidden += split.hidden
    return FIGURES_HEADER, rows, hidden


def texts_table(db: Session, view: SurveyView) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the free-text export: question and text only, sorted by question, then text."""
    found = db.execute(
        select(Question.position, Question.text, Answer.text)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.survey_id == view.survey.id, Answer.text.is_not(None), Question.kind.in_(list(TEXT_KINDS)))
        .order_by(Question.position, Question.id, func.lower(Answer.text), Answer.text)
    ).all()
    return TEXTS_HEADER, [[question, text] for _position, question, text in found]
