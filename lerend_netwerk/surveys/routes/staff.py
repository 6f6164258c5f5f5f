"""Building a survey and everything around it for staff: /n/<network>/bevragingen/… The list, settings,
questions, translations, the preview, the poster with its QR code, the paper version, and assisted or paper entry."""

from __future__ import annotations

from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import forms, media, queries, readability, service, service_answers
from lerend_netwerk.surveys.languages import EXTRA_LANGUAGES, RTL, language_options, localized
from lerend_netwerk.surveys.models import KIND_LABELS, Kind, Mode, accepts, closed_message, is_open
from lerend_netwerk.surveys.queries import SurveyView
from lerend_netwerk.surveys.routes.public import first_screen, link_for, set_draft_cookie
from lerend_netwerk.surveys.service import BuildError
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


async def load_view(request: Request) -> SurveyView:
    """The survey of the path, with its questions; a 404 when it is not this network's."""
    return await request.app.state.db.read(queries.survey_view, request.state.network.id, path_id(request))


def survey_url(request: Request, view: SurveyView, name: str = "surveys:edit") -> str:
    return path_for(request, name, network=request.state.network.slug, id=view.survey.id)


def _actor(request: Request) -> int:
    return request.state.visitor.person.id


@requires("surveys.view")
async def survey_list(request: Request) -> Response:
    surveys = await request.app.state.db.read(queries.list_surveys, request.state.network.id)
    return render(request, "surveys/list.html", {"surveys": surveys, "is_open": is_open})


def _settings_ctx(request: Request, form: Form, view: SurveyView | None = None) -> dict[str, Any]:
    network = request.state.network
    return {
        "form": form,
        "view": view,
        "theme_options": [("", _("Geen thema")), *((t, t) for t in network.themes)],
        "language_options": list(EXTRA_LANGUAGES.items()),
    }


@requires("surveys.manage")
async def new_form(request: Request) -> Response:
    form = Form({"anoniem": "1", "wijkvraag": "1"})
    return render(request, "surveys/settings.html", _settings_ctx(request, form))


@requires("surveys.manage")
async def create(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    values = forms.read_settings(form, network.themes)
    # the network's own list of wijken becomes the first question, so results can be split by it
    neighbourhoods = list(network.neighbourhoods) if form.boolean("wijkvraag") else []
    if not form.ok:
        return render(request, "surveys/settings.html", _settings_ctx(request, form), status_code=422)
    survey = await request.app.state.db.write(
        service.create_survey, network.id, actor_id=_actor(request), neighbourhoods=neighbourhoods, **values
    )
    flash(request, _("De bevraging is gemaakt. Voeg nu vragen toe."))
    return RedirectResponse(path_for(request, "surveys:edit", network=network.slug, id=survey.id), status_code=303)


def _edit_ctx(request: Request, view: SurveyView, **extra: Any) -> dict[str, Any]:
    survey = view.survey
    return {
        **_settings_ctx(request, forms.settings_form(survey), view),
        "survey": survey,
        "is_open": is_open(survey),
        "public_url": link_for(request, "surveys:start", code=survey.code),
        "kind_labels": KIND_LABELS,
        "kind_options": forms.kind_options(),
        "language_names": EXTRA_LANGUAGES,
        "question_form": Form({"soort": Kind.SINGLE.value}),
        "conditions": forms.conditions(view),
        "entry_languages": language_options(survey),
        "measure": readability.measure,
        **extra,
    }


@requires("surveys.view")
async def edit(request: Request) -> Response:
    view = await load_view(request)
    return render(request, "surveys/edit.html", _edit_ctx(request, view))


@requires("surveys.manage")
async def update(request: Request) -> Response:
    view = await load_view(request)
    network = request.state.network
    form = Form(await read_form(request))
    values = forms.read_settings(form, network.themes)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.update_survey, network.id, view.survey.id, actor_id=_actor(request), **values
            )
        except BuildError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        ctx = _edit_ctx(request, view)
        ctx["form"] = form
        return render(request, "surveys/edit.html", ctx, status_code=422)
    flash(request, _("De instellingen zijn bewaard."))
    return RedirectResponse(survey_url(request, view), status_code=303)


@requires("surveys.manage")
async def add_question(request: Request) -> Response:
    view = await load_view(request)
    form = Form(await read_form(request))
    values = forms.read_question(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.add_question, request.state.network.id, view.survey.id, actor_id=_actor(request), **values
            )
        except BuildError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return render(request, "surveys/edit.html", _edit_ctx(request, view, question_form=form), status_code=422)
    flash(request, _("De vraag is toegevoegd."))
    return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)


def _question_ctx(view: SurveyView, qid: int, form: Form | None = None) -> dict[str, Any]:
    qv = view.question(qid)
    if qv is None:
        raise NotFound()
    return {
        "view": view,
        "survey": view.survey,
        "qv": qv,
        "form": form or forms.question_form(qv),
        "kind_labels": KIND_LABELS,
        "kind_options": forms.kind_options(),
        "conditions": forms.conditions(view, before=qv.question.position),
        "measure": readability.measure,
    }


@requires("surveys.manage")
async def question_form(request: Request) -> Response:
    view = await load_view(request)
    return render(request, "surveys/question.html", _question_ctx(view, path_id(request, "qid")))


@requires("surveys.manage")
async def update_question(request: Request) -> Response:
    view = await load_view(request)
    qid = path_id(request, "qid")
    ctx = _question_ctx(view, qid)
    form = Form(await read_form(request))
    values = forms.read_question(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.update_question,
                request.state.network.id,
                view.survey.id,
                qid,
                actor_id=_actor(request),
                **values,
            )
        except BuildError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return render(request, "surveys/question.html", {**ctx, "form": form}, status_code=422)
    flash(request, _("De vraag is bewaard."))
    return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)


@requires("surveys.manage")
async def question_action(request: Request) -> Response:
    """Up, down, close, reopen, delete: small buttons that are plain forms (no JavaScript needed)."""
    view = await load_view(request)
    qid = path_id(request, "qid")
    if view.question(qid) is None:
        raise NotFound()
    form = Form(await read_form(request))
    action = form.choice("actie", forms.QUESTION_ACTIONS, required=True)
    network_id = request.state.network.id
    db = request.app.state.db
    try:
        if action in ("omhoog", "omlaag"):
            await db.write(service.move_question, network_id, view.survey.id, qid, -1 if action == "omhoog" else 1)
        elif action in ("sluiten", "heropenen"):
            await db.write(service.close_question, network_id, view.survey.id, qid, reopen=action == "heropenen")
        elif action == "verwijderen":
            names = await db.write(service.delete_question, network_id, view.survey.id, qid)
            media.delete(request.app.state.settings.upload_dir, *names)
        else:
            flash(request, form.errors.get("actie", _("Kies een van de mogelijkheden uit de lijst.")), "error")
            return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)
    except BuildError as exc:
        flash(request, exc.message, "error")
        return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)
    flash(request, _("De vragenlijst is aangepast."))
    return RedirectResponse(survey_url(request, view) + f"#vraag-{qid}", status_code=303)


def _language(request: Request, view: SurveyView) -> str:
    language = request.path_params["lang"]
    if language not in view.survey.languages:
        raise NotFound()
    return language


def _translate_ctx(view: SurveyView, language: str, form: Form) -> dict[str, Any]:
    return {
        "view": view,
        "survey": view.survey,
        "language": language,
        "language_name": EXTRA_LANGUAGES.get(language, language),
        "rtl": language in RTL,
        "form": form,
    }


@requires("surveys.manage")
async def translation(request: Request) -> Response:
    view = await load_view(request)
    language = _language(request, view)
    form = forms.translation_form(view, language)
    return render(request, "surveys/translate.html", _translate_ctx(view, language, form))


@requires("surveys.manage")
async def save_translation(request: Request) -> Response:
    view = await load_view(request)
    language = _language(request, view)
    form = Form(await read_form(request))
    texts = forms.read_translation(form, view)
    if not form.ok:
        return render(request, "surveys/translate.html", _translate_ctx(view, language, form), status_code=422)
    await request.app.state.db.write(
        service.save_translation, request.state.network.id, view.survey.id, language, texts, actor_id=_actor(request)
    )
    flash(request, _("De vertaling is bewaard."))
    return RedirectResponse(survey_url(request, view), status_code=303)


@requires("surveys.view")
async def preview(request: Request) -> Response:
    """The survey as a respondent sees it (all questions, in the chosen language), without storing anything."""
    view = await load_view(request)
    language = request.query_params.get("taal", "nl")
    if language != "nl" and language not in view.survey.languages:
        language = "nl"
    ctx = {
        "view": view,
        "survey": view.survey,
        "lang": language,
        "rtl": language in RTL,
        "form": Form(),
        "loc": localized,
        "survey_languages": language_options(view.survey),
    }
    return render(request, "surveys/preview.html", ctx)


@requires("surveys.view")
async def poster(request: Request) -> Response:
    view = await load_view(request)
    url = link_for(request, "surveys:start", code=view.survey.code)
    qr_svg = segno.make(url, error="m").svg_inline(
        scale=6, dark="#000", light="#fff", title=_("QR-code naar de bevraging")
    )
    return render(request, "surveys/poster.html", {"view": view, "survey": view.survey, "url": url, "qr_svg": qr_svg})


@requires("surveys.view")
async def paper(request: Request) -> Response:
    view = await load_view(request)
    ctx = {
        "view": view,
        "survey": view.survey,
        "form": Form(),
        "loc": localized,
        "url": link_for(request, "surveys:start", code=view.survey.code),
    }
    return render(request, "surveys/paper.html", ctx)


@requires("surveys.enter")
async def start_entry(request: Request) -> Response:
    """A facilitator starts assisted or paper entry: a draft recording the mode and the facilitator, not the person."""
    view = await load_view(request)
    survey = view.survey
    entry = forms.read_entry(Form(await read_form(request)), survey)
    if entry is None:
        flash(request, _("Kies: samen invullen of een papieren formulier invoeren."), "error")
        return RedirectResponse(survey_url(request, view), status_code=303)
    if not accepts(survey, entry.mode):
        flash(request, closed_message(survey), "error")
        return RedirectResponse(survey_url(request, view), status_code=303)
    token = await request.app.state.db.write(
        service_answers.start_draft,
        request.state.network.id,
        survey.id,
        language=entry.language,
        mode=entry.mode,
        facilitator_id=_actor(request),
    )
    layout = "alles" if entry.mode is Mode.PAPER else "stap"
    response = RedirectResponse(first_screen(request, survey.code, layout), status_code=303)
    set_draft_cookie(request, response, survey.code, token)
    return response


PREFIX = "/n/{network}/bevragingen"
routes = [
    Route(PREFIX, survey_list, name="surveys:list"),
    Route(PREFIX + "/nieuw", new_form, name="surveys:new"),
    Route(PREFIX + "/nieuw", create, methods=["POST"], name="surveys:create"),
    Route(PREFIX + "/{id}", edit, name="surveys:edit"),
    Route(PREFIX + "/{id}", update, methods=["POST"], name="surveys:update"),
    Route(PREFIX + "/{id}/vragen", add_question, methods=["POST"], name="surveys:add_question"),
    Route(PREFIX + "/{id}/vragen/{qid}", question_form, name="surveys:question"),
    Route(PREFIX + "/{id}/vragen/{qid}", update_question, methods=["POST"], name="surveys:update_question"),
    Route(PREFIX + "/{id}/vragen/{qid}/actie", question_action, methods=["POST"], name="surveys:question_action"),
    Route(PREFIX + "/{id}/vertaling/{lang}", translation, name="surveys:translation"),
    Route(PREFIX + "/{id}/vertaling/{lang}", save_translation, methods=["POST"], name="surveys:save_translation"),
    Route(PREFIX + "/{id}/voorbeeld", preview, name="surveys:preview"),
    Route(PREFIX + "/{id}/affiche", poster, name="surveys:poster"),
    Route(PREFIX + "/{id}/papier", paper, name="surveys:paper"),
    Route(PREFIX + "/{id}/invoer", start_entry, methods=["POST"], name="surveys:start_entry"),
]
