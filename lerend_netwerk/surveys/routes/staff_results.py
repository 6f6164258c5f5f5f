"""Results for the survey's owners and the stuurgroep, the CSV exports (figures, free texts), and answers -> signals.
What may be shown (small groups hidden) is decided in `surveys.results`; every export is written to the audit log."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import export, forms, results, service
from lerend_netwerk.surveys.models import CHOICE_KINDS, TEXT_KINDS
from lerend_netwerk.surveys.queries import QuestionView, SurveyView
from lerend_netwerk.surveys.routes import results_html
from lerend_netwerk.surveys.routes.staff import PREFIX, load_view, survey_url
from lerend_netwerk.surveys.service import SurveyError
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.charts import Bar, bar_chart
from lerend_netwerk.web.export import csv_response
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _split_by(request: Request, view: SurveyView) -> QuestionView | None:
    by_id = _int_param(request, "per")
    by = view.question(by_id) if by_id else None
    return by if by is not None and by.question.kind in CHOICE_KINDS else None


async def _results_ctx(request: Request, form: Form | None = None) -> dict[str, Any]:
    text_question = _int_param(request, "vraag")
    search = request.query_params.get("zoek", "").strip()[:100]
    db = request.app.state.db
    # One read for the whole page, a few hundred tally rows whatever the number of answers: a page read. The
    # free texts of one question or with a word may go through every text answer of the survey: then off the loop.
    data = await (db.read_long if search or text_question is not None else db.read)(
        results.page_for,
        request.state.network.id,
        path_id(request),
        by_id=_int_param(request, "per"),
        text_question=text_question,
        search=search,
    )
    view = data["view"]
    hidden_label = _("verborgen")
    charts = {
        r.view.id: bar_chart(
            r.view.question.text, [Bar(o.label, o.count, o.percent) for o in r.options], hidden_label=hidden_label
        )
        for r in data["questions"]
        if r.options
    }
    return {
        **data,
        "survey": view.survey,
        "charts": charts,
        "choice_questions": [qv for qv in view.questions if qv.question.kind in CHOICE_KINDS],
        "text_questions": [qv for qv in view.questions if qv.question.kind in TEXT_KINDS],
        "text_question": text_question,
        "search": search,
        "mode_labels": results.MODE_LABELS,
        "min_group": results.MIN_GROUP,
        "question_text": {qv.id: qv.question.text for qv in view.questions},
        "hidden_count": results_html.hidden_count(),
        "hidden_share": results_html.HIDDEN_SHARE,
        "text_lines": results_html.text_lines,
        "question_articles": results_html.question_articles,
        "form": form or Form(),
    }


@requires("surveys.results")
async def results_page(request: Request) -> Response:
    return render(request, "surveys/results.html", await _results_ctx(request))


@requires("surveys.results")
async def results_print(request: Request) -> Response:
    return render(request, "surveys/results_print.html", await _results_ctx(request))


def _actor(request: Request) -> int:
    return request.state.visitor.person.id


@requires("surveys.results")
async def export_csv(request: Request) -> Response:
    """The figures of the results page (split as asked), small counts hidden the same way."""
    view = await load_view(request)
    by = _split_by(request, view)
    db = request.app.state.db
    header, rows, hidden = await db.read_long(export.figures_table, view, by)
    await db.write(
        service.record_export,
        request.state.network.id,
        view.survey.id,
        export="figures",
        rows=len(rows),
        hidden=hidden,
        split_by=by.id if by else None,
        actor_id=_actor(request),
    )
    suffix = f"-per-{by.id}" if by else ""
    return csv_response(header, rows, f"bevraging-{view.survey.id}-cijfers{suffix}.csv")


@requires("surveys.results")
async def export_texts(request: Request) -> Response:
    """The free-text answers with only their question beside them, in an order that says nothing about who or when."""
    view = await load_view(request)
    db = request.app.state.db
    header, rows = await db.read_long(export.texts_table, view)
    await db.write(
        service.record_export,
        request.state.network.id,
        view.survey.id,
        export="texts",
        rows=len(rows),
        actor_id=_actor(request),
    )
    return csv_response(header, rows, f"bevraging-{view.survey.id}-vrije-antwoorden.csv")


@requires("surveys.signal")
async def make_signal(request: Request) -> Response:
    """Selected free-text answers, or one result line, become a signal for the board with one action."""
    view = await load_view(request)
    form = Form(await read_form(request))
    values = forms.read_signal(form, view)
    if form.ok:
        try:
            signal_id = await request.app.state.db.write(
                service.make_signal,
                request.state.network.id,
                view.survey.id,
                **values,
                link=survey_url(request, view, "surveys:results"),
                actor_id=_actor(request),
            )
        except SurveyError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        ctx = await _results_ctx(request, form)
        return render(request, "surveys/results.html", ctx, status_code=422)
    flash(request, _("Het signaal is doorgegeven aan het signalenbord (nummer {id}).").format(id=signal_id))
    return RedirectResponse(survey_url(request, view, "surveys:results") + "#signalen", status_code=303)


routes = [
    Route(PREFIX + "/{id}/resultaten", results_page, name="surveys:results"),
    Route(PREFIX + "/{id}/resultaten/afdrukken", results_print, name="surveys:results_print"),
    Route(PREFIX + "/{id}/resultaten.csv", export_csv, name="surveys:export"),
    Route(PREFIX + "/{id}/vrije-antwoorden.csv", export_texts, name="surveys:export_texts"),
    Route(PREFIX + "/{id}/signaal", make_signal, methods=["POST"], name="surveys:make_signal"),
]
