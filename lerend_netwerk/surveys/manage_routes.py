"""Building a survey and everything around it for staff: /n/<network>/bevragingen/…"""

from __future__ import annotations

from typing import Any

import segno
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import answering, builder
from lerend_netwerk.surveys.answer_routes import form_of, language_options, set_draft_cookie
from lerend_netwerk.surveys.builder import EXTRA_LANGUAGES, KIND_LABELS, RTL, BuildError, SurveyView
from lerend_netwerk.surveys.models import CHOICE_KINDS, Kind, Mode
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


async def load_view(request: Request) -> SurveyView:
    network = request.state.network
    survey_id = path_id(request)

    def fetch(session: Any) -> SurveyView | None:
        survey = builder.get_survey(session, network.id, survey_id)
        return builder.load(session, survey) if survey is not None else None

    view = await request.app.state.db.read(fetch)
    if view is None:
        raise HTTPException(404)
    return view


def survey_url(request: Request, view: SurveyView, name: str = "surveys:edit") -> str:
    return str(request.url_for(name, network=request.state.network.slug, id=view.survey.id))


def public_url(request: Request, code: str) -> str:
    return request.app.state.settings.base_url.rstrip("/") + f"/b/{code}"


@requires("surveys.view")
async def survey_list(request: Request) -> Response:
    surveys = await request.app.state.db.read(builder.list_surveys, request.state.network.id)
    return render(request, "surveys/list.html", {"surveys": surveys, "is_open": builder.is_open})


def _settings_form(request: Request, form: Form) -> dict[str, Any]:
    network = request.state.network
    values: dict[str, Any] = {
        "title": form.text("titel", required=True, max_length=200),
        "intro": form.text("intro", max_length=3000, multiline=True),
        "opens_on": form.date("opent"),
        "closes_on": form.date("sluit"),
        "anonymous": form.boolean("anoniem"),
        "theme": form.choice("thema", network.themes) or "",
        "languages": form.choices("talen", EXTRA_LANGUAGES),
    }
    if values["opens_on"] and values["closes_on"] and values["closes_on"] < values["opens_on"]:
        form.error("sluit", _("De einddatum komt vóór de begindatum."))
    return values


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
    values = _settings_form(request, form)
    ask_neighbourhood = form.boolean("wijkvraag") and bool(network.neighbourhoods)
    if not form.ok:
        return render(request, "surveys/settings.html", _settings_ctx(request, form), status_code=422)
    actor_id = request.state.visitor.person.id

    def make(session: Any) -> int:
        survey = builder.create_survey(session, network.id, actor_id=actor_id, **values)
        if ask_neighbourhood:  # the network's own list of wijken, so results can be split by it
            builder.add_question(
                session,
                network.id,
                survey.id,
                kind=Kind.SINGLE,
                text="In welke wijk woon je?",
                options=list(network.neighbourhoods),
                actor_id=actor_id,
            )
        return survey.id

    survey_id = await request.app.state.db.write(make)
    flash(request, _("De bevraging is gemaakt. Voeg nu vragen toe."))
    return RedirectResponse(request.url_for("surveys:edit", network=network.slug, id=survey_id), status_code=303)


def _edit_ctx(request: Request, view: SurveyView, **extra: Any) -> dict[str, Any]:
    survey = view.survey
    form = form_of(
        {
            "titel": survey.title,
            "intro": survey.intro,
            "opent": survey.opens_on.isoformat() if survey.opens_on else "",
            "sluit": survey.closes_on.isoformat() if survey.closes_on else "",
            "anoniem": "1" if survey.anonymous else "",
            "thema": survey.theme,
            "talen": list(survey.languages),
        }
    )
    return {
        **_settings_ctx(request, form, view),
        "survey": survey,
        "is_open": builder.is_open(survey),
        "public_url": public_url(request, survey.code),
        "kind_labels": KIND_LABELS,
        "kind_options": kind_options(),
        "language_names": EXTRA_LANGUAGES,
        "question_form": Form({"soort": Kind.SINGLE.value}),
        "conditions": conditions(view),
        "entry_languages": language_options(view),
        **extra,
    }


def kind_options() -> list[tuple[str, Any]]:
    return [(kind.value, label) for kind, label in KIND_LABELS.items()]


def conditions(view: SurveyView, before: int | None = None) -> list[tuple[str, str]]:
    """Skip-logic choices as one list "question = answer", so a plain <select> does it without JavaScript."""
    result = [("", _("Altijd tonen"))]
    for number, qv in enumerate(view.questions, start=1):
        if before is not None and qv.question.position >= before:
            break
        if qv.question.kind in CHOICE_KINDS:
            for option in qv.options:
                label = _("Alleen als vraag {n} ({q}) = {a}").format(n=number, q=qv.question.text[:40], a=option.label)
                result.append((f"{qv.id}:{option.id}", label))
    return result


@requires("surveys.view")
async def edit(request: Request) -> Response:
    view = await load_view(request)
    return render(request, "surveys/edit.html", _edit_ctx(request, view))


@requires("surveys.manage")
async def update(request: Request) -> Response:
    view = await load_view(request)
    network = request.state.network
    form = Form(await read_form(request))
    values = _settings_form(request, form)
    if form.ok:
        try:
            await request.app.state.db.write(
                builder.update_survey, network.id, view.survey.id, actor_id=request.state.visitor.person.id, **values
            )
        except BuildError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        ctx = _edit_ctx(request, view)
        ctx["form"] = form
        return render(request, "surveys/edit.html", ctx, status_code=422)
    flash(request, _("De instellingen zijn bewaard."))
    return RedirectResponse(survey_url(request, view), status_code=303)


def read_question(form: Form) -> dict[str, Any]:
    kind = form.choice("soort", [k.value for k in Kind], required=True)
    condition = form.value("toon_als")
    show_if: tuple[int | None, int | None] = (None, None)
    if condition:
        q, _sep, o = str(condition).partition(":")
        if q.isdigit() and o.isdigit():
            show_if = (int(q), int(o))
        else:
            form.error("toon_als", _("Kies een van de mogelijkheden uit de lijst."))
    values = {
        "kind": Kind(kind) if kind and "soort" not in form.errors else Kind.SHORT_TEXT,
        "text": form.text("tekst", required=True, max_length=500),
        "help": form.text("uitleg", max_length=500),
        "required": form.boolean("verplicht"),
        "options": form.text("keuzes", max_length=6000, multiline=True).split("\n"),
        "show_if": show_if,
    }
    return values


@requires("surveys.manage")
async def add_question(request: Request) -> Response:
    view = await load_view(request)
    network = request.state.network
    form = Form(await read_form(request))
    values = read_question(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                builder.add_question, network.id, view.survey.id, actor_id=request.state.visitor.person.id, **values
            )
        except BuildError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return render(request, "surveys/edit.html", _edit_ctx(request, view, question_form=form), status_code=422)
    flash(request, _("De vraag is toegevoegd."))
    return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)


def _question_ctx(view: SurveyView, qid: int, form: Form | None = None) -> dict[str, Any]:
    qv = view.question(qid)
    if qv is None:
        raise HTTPException(404)
    q = qv.question
    if form is None:
        form = Form(
            {
                "soort": q.kind.value,
                "tekst": q.text,
                "uitleg": q.help,
                "verplicht": "1" if q.required else "",
                "keuzes": "\n".join(o.label for o in qv.options) if q.kind not in builder.FIXED_OPTIONS else "",
                "toon_als": f"{q.show_if_question_id}:{q.show_if_option_id}" if q.show_if_question_id else "",
            }
        )
    return {
        "view": view,
        "survey": view.survey,
        "qv": qv,
        "form": form,
        "kind_labels": KIND_LABELS,
        "kind_options": kind_options(),
        "conditions": conditions(view, before=q.position),
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
    values = read_question(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                builder.update_question,
                request.state.network.id,
                view.survey.id,
                qid,
                actor_id=request.state.visitor.person.id,
                **values,
            )
        except BuildError as exc:
            form.error(exc.field, str(exc))
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
        raise HTTPException(404)
    form = Form(await read_form(request))
    action = form.choice("actie", ["omhoog", "omlaag", "sluiten", "heropenen", "verwijderen"], required=True)
    network_id = request.state.network.id
    db = request.app.state.db
    try:
        if action in ("omhoog", "omlaag"):
            await db.write(builder.move_question, network_id, view.survey.id, qid, -1 if action == "omhoog" else 1)
        elif action in ("sluiten", "heropenen"):
            await db.write(builder.close_question, network_id, view.survey.id, qid, reopen=action == "heropenen")
        elif action == "verwijderen":
            await db.write(builder.delete_question, network_id, view.survey.id, qid)
        else:
            flash(request, form.errors.get("actie", _("Kies een van de mogelijkheden uit de lijst.")), "error")
            return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)
    except BuildError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(survey_url(request, view) + "#vragen", status_code=303)
    flash(request, _("De vragenlijst is aangepast."))
    return RedirectResponse(survey_url(request, view) + f"#vraag-{qid}", status_code=303)


def _language(request: Request, view: SurveyView) -> str:
    language = request.path_params["lang"]
    if language not in view.survey.languages:
        raise HTTPException(404)
    return language


@requires("surveys.manage")
async def translation(request: Request) -> Response:
    view = await load_view(request)
    language = _language(request, view)
    survey = view.survey
    current = (survey.translations or {}).get(language, {})
    values = {"title": current.get("title", ""), "intro": current.get("intro", "")}
    for qv in view.questions:
        tr = (qv.question.translations or {}).get(language, {})
        values[f"q{qv.id}"] = tr.get("text", "")
        values[f"q{qv.id}_help"] = tr.get("help", "")
        for option in qv.options:
            values[f"o{option.id}"] = (option.translations or {}).get(language, "")
    return render(request, "surveys/translate.html", _translate_ctx(view, language, Form(values)))


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
async def save_translation(request: Request) -> Response:
    view = await load_view(request)
    language = _language(request, view)
    form = Form(await read_form(request))
    texts = {"title": form.text("title", max_length=200), "intro": form.text("intro", max_length=3000, multiline=True)}
    for qv in view.questions:
        texts[f"q{qv.id}"] = form.text(f"q{qv.id}", max_length=500)
        texts[f"q{qv.id}_help"] = form.text(f"q{qv.id}_help", max_length=500)
        for option in qv.options:
            texts[f"o{option.id}"] = form.text(f"o{option.id}", max_length=200)
    if not form.ok:
        return render(request, "surveys/translate.html", _translate_ctx(view, language, form), status_code=422)
    await request.app.state.db.write(
        builder.save_translation,
        request.state.network.id,
        view.survey.id,
        language,
        texts,
        actor_id=request.state.visitor.person.id,
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
        "loc": builder.localized,
        "survey_languages": language_options(view),
    }
    return render(request, "surveys/preview.html", ctx)


@requires("surveys.view")
async def poster(request: Request) -> Response:
    view = await load_view(request)
    url = public_url(request, view.survey.code)
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
        "loc": builder.localized,
        "url": public_url(request, view.survey.code),
    }
    return render(request, "surveys/paper.html", ctx)


@requires("surveys.enter")
async def start_entry(request: Request) -> Response:
    """A facilitator starts assisted or paper entry: a draft recording the mode and the facilitator, not the person."""
    view = await load_view(request)
    form = Form(await read_form(request))
    mode = form.choice("modus", [Mode.ASSISTED.value, Mode.PAPER.value], required=True)
    language = form.choice("taal", [c for c, _l in language_options(view)]) or "nl"
    if not form.ok or mode is None:
        flash(request, _("Kies: samen invullen of een papieren formulier invoeren."), "error")
        return RedirectResponse(survey_url(request, view), status_code=303)
    if not answering.accepts(view.survey, Mode(mode)):
        flash(request, answering.closed_message(view.survey), "error")
        return RedirectResponse(survey_url(request, view), status_code=303)
    token = await request.app.state.db.write(
        answering.start_draft,
        view.survey.id,
        language=language,
        mode=Mode(mode),
        facilitator_id=request.state.visitor.person.id,
    )
    target = f"/b/{view.survey.code}/" + ("alles" if mode == Mode.PAPER.value else "vraag/1")
    response = RedirectResponse(target, status_code=303)
    set_draft_cookie(request, response, view.survey.code, token)
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
