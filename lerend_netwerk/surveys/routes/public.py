"""The respondent's side: /b/<code>. Plain forms that work without JavaScript, one question a screen or all on
one page. Answers live in a server-side draft keyed by a random token in a cookie (and a resume link)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk import i18n
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import answers, forms, queries, service_answers
from lerend_netwerk.surveys.languages import RTL, language_options, localized
from lerend_netwerk.surveys.models import Mode, accepts, closed_message
from lerend_netwerk.surveys.queries import DraftState, SurveyView
from lerend_netwerk.surveys.service import AnswerError
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


def cookie_name(code: str) -> str:
    return f"ln_bevraging_{code}"


def set_draft_cookie(request: Request, response: Response, code: str, token: str) -> None:
    """The resume token, sent back only to this survey's pages."""
    response.set_cookie(
        cookie_name(code),
        token,
        max_age=request.app.state.settings.survey_draft_days * 86400,
        path=path_for(request, "surveys:start", code=code),
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.https,
    )


def link_for(request: Request, name: str, /, **params: Any) -> str:
    """An absolute link to a named route, for what leaves the site: a poster, a QR code, a resume link to keep."""
    return request.app.state.settings.base_url.rstrip("/") + request.app.state.registry.urls.path(name, **params)


def first_screen(request: Request, code: str, layout: str) -> str:
    """Where answering begins: all questions on one page, or the first question."""
    if layout == "alles":
        return path_for(request, "surveys:all", code=code)
    return path_for(request, "surveys:step", code=code, n=1)


async def _survey(request: Request) -> SurveyView:
    return await request.app.state.db.read(queries.view_by_code, request.path_params["code"])


async def _survey_and_draft(request: Request) -> tuple[SurveyView, DraftState | None]:
    """The survey behind the link and the respondent's answers in progress, in one read."""
    code = request.path_params["code"]
    return await request.app.state.db.read(queries.respondent_view, code, request.cookies.get(cookie_name(code)))


def _content_language(request: Request, view: SurveyView, draft: DraftState | None) -> str:
    """The survey's texts follow the page's language when the survey is written in it; otherwise the language
    chosen at the start (or Dutch)."""
    page = request.scope["state"].get("locale", i18n.DEFAULT_LOCALE)
    if page in {code for code, _name in language_options(view.survey)}:
        return page
    return draft.language if draft else "nl"


def _context(request: Request, view: SurveyView, draft: DraftState | None, **extra: Any) -> dict[str, Any]:
    language = _content_language(request, view, draft)
    code = view.survey.code
    token = request.cookies.get(cookie_name(code), "")
    resume_url = link_for(request, "surveys:resume", code=code, token=token) if draft and token else ""
    return {
        "view": view,
        "survey": view.survey,
        "draft": draft,
        "lang": language,
        "rtl": language in RTL,
        "loc": localized,
        "resume_url": resume_url,
        **extra,
    }


def _closed(request: Request, view: SurveyView) -> Response:
    return render(
        request,
        "surveys/respond_closed.html",
        _context(request, view, None, message=closed_message(view.survey)),
        status_code=410,
    )


def _to(request: Request, name: str, view: SurveyView, **params: Any) -> RedirectResponse:
    return RedirectResponse(path_for(request, name, code=view.survey.code, **params), status_code=303)


@public
async def start(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    if draft is None and not accepts(view.survey, Mode.SELF):
        return _closed(request, view)
    return render(
        request,
        "surveys/respond_start.html",
        _context(request, view, draft, survey_languages=language_options(view.survey), form=Form()),
    )


@public
async def begin(request: Request) -> Response:
    view = await _survey(request)
    survey = view.survey
    if not accepts(survey, Mode.SELF):
        return _closed(request, view)
    if not await ratelimit.hit(request, "form"):
        raise HTTPException(429)
    visitor = request.scope["state"]["visitor"]
    if not survey.anonymous and not visitor.logged_in:
        flash(request, _("Deze bevraging is op naam. Log eerst in."), "error")
        back = quote(path_for(request, "surveys:start", code=survey.code), safe="/")
        return RedirectResponse(f"{path_for(request, 'accounts:login')}?volgende={back}", status_code=303)
    form = Form(await read_form(request))
    chosen = forms.read_start(form, survey)
    if not form.ok:
        ctx = _context(request, view, None, survey_languages=language_options(survey), form=form)
        return render(request, "surveys/respond_start.html", ctx, status_code=422)
    person_id = None if survey.anonymous else visitor.person.id
    token = await request.app.state.db.write(
        service_answers.start_draft, survey.network_id, survey.id, language=chosen.language, person_id=person_id
    )
    response = RedirectResponse(first_screen(request, survey.code, chosen.layout), status_code=303)
    set_draft_cookie(request, response, survey.code, token)
    if chosen.language in i18n.LANGUAGES and chosen.language != i18n.DEFAULT_LOCALE:
        # The buttons and labels follow the language chosen for the answers. Dutch content (a survey not yet
        # written in the page's language) leaves the page's language as it is.
        response.headers.append(
            "set-cookie", i18n.language_cookie(chosen.language, https=request.app.state.settings.https)
        )
    return response


@public
async def resume(request: Request) -> Response:
    view = await _survey(request)
    token = request.path_params["token"]
    draft = await request.app.state.db.read(queries.get_draft, view.survey.network_id, view.survey.id, token)
    if draft is None:
        flash(request, _("Deze link werkt niet meer. Misschien heb je je antwoorden al verstuurd."), "error")
        return _to(request, "surveys:start", view)
    shown = answers.visible(view, draft.answers)
    step = next((i for i, qv in enumerate(shown, start=1) if str(qv.id) not in draft.answers), None)
    response = _to(request, "surveys:step", view, n=step) if step else _to(request, "surveys:review", view)
    set_draft_cookie(request, response, view.survey.code, token)
    return response


def _step_number(request: Request) -> int:
    try:
        number = int(request.path_params["n"])
    except ValueError:
        raise NotFound() from None
    if not 0 < number < 1000:
        raise NotFound()
    return number


def _draft_or_start(request: Request, view: SurveyView, draft: DraftState | None) -> DraftState | Response:
    if draft is None:
        flash(request, _("Begin hier. Je antwoorden van vroeger zijn er niet meer of al verstuurd."), "error")
        return _to(request, "surveys:start", view)
    if not accepts(view.survey, draft.mode):
        return _closed(request, view)
    return draft


@public
async def step(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    draft = _draft_or_start(request, view, draft)
    if isinstance(draft, Response):
        return draft
    number = _step_number(request)
    shown = answers.visible(view, draft.answers)
    if number > len(shown):
        return _to(request, "surveys:review", view)
    form = forms.draft_form(draft.answers)
    ctx = _context(request, view, draft, qv=shown[number - 1], number=number, total=len(shown), form=form)
    return render(request, "surveys/respond_step.html", ctx, partial="surveys/_step.html")


@public
async def save_step(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    draft = _draft_or_start(request, view, draft)
    if isinstance(draft, Response):
        return draft
    number = _step_number(request)
    shown = answers.visible(view, draft.answers)
    if number > len(shown):
        return _to(request, "surveys:review", view)
    qv = shown[number - 1]
    raw = await read_form(request)
    given, errors = forms.read_answers(view, raw, [qv.id])
    going_back = raw.get("actie") == "terug"
    if not going_back and qv.question.required and given.get(str(qv.id)) in (None, []):
        errors.setdefault(str(qv.id), answers.required_message())
    if errors and not (going_back and "__all__" not in errors):
        form = Form(raw)
        form.errors = errors
        ctx = _context(request, view, draft, qv=qv, number=number, total=len(shown), form=form)
        return render(request, "surveys/respond_step.html", ctx, status_code=422, partial="surveys/_step.html")
    if not errors:
        await request.app.state.db.write(service_answers.save_answers, view.survey.network_id, draft.id, given)
    merged = {**draft.answers, **given}
    shown = answers.visible(view, {k: v for k, v in merged.items() if v is not None})
    target = max(1, number - 1) if going_back else number + 1
    if target > len(shown):
        return _to(request, "surveys:review", view)
    return _to(request, "surveys:step", view, n=target)


@public
async def all_questions(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    draft = _draft_or_start(request, view, draft)
    if isinstance(draft, Response):
        return draft
    ctx = _context(request, view, draft, form=forms.draft_form(draft.answers))
    return render(request, "surveys/respond_all.html", ctx)


@public
async def save_all(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    draft = _draft_or_start(request, view, draft)
    if isinstance(draft, Response):
        return draft
    raw = await read_form(request)
    given, errors = forms.read_answers(view, raw, [qv.id for qv in view.open_questions()])
    if not errors:
        errors = answers.check(view, {k: v for k, v in given.items() if v is not None})
    if errors:
        form = Form(raw)
        form.errors = errors
        return render(request, "surveys/respond_all.html", _context(request, view, draft, form=form), status_code=422)
    await request.app.state.db.write(service_answers.save_answers, view.survey.network_id, draft.id, given)
    return await _submit(request, view, draft)


@public
async def review(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    draft = _draft_or_start(request, view, draft)
    if isinstance(draft, Response):
        return draft
    shown = answers.visible(view, draft.answers)
    errors = answers.check(view, draft.answers)
    return render(request, "surveys/respond_review.html", _context(request, view, draft, shown=shown, errors=errors))


@public
async def send(request: Request) -> Response:
    view, draft = await _survey_and_draft(request)
    if draft is None:
        # Already sent (a double click, a resent form, a second tab): nothing new is stored.
        flash(request, _("Je antwoorden waren al goed aangekomen. Bedankt!"))
        return _to(request, "surveys:thanks", view)
    return await _submit(request, view, draft)


async def _submit(request: Request, view: SurveyView, draft: DraftState) -> Response:
    code = view.survey.code
    token = request.cookies.get(cookie_name(code), "")
    try:
        response_id = await request.app.state.db.write(
            service_answers.submit, view.survey.network_id, view.survey.id, token
        )
    except AnswerError as exc:
        shown = answers.visible(view, draft.answers)
        ctx = _context(request, view, draft, shown=shown, errors=exc.errors)
        return render(request, "surveys/respond_review.html", ctx, status_code=422)
    if response_id is None:
        flash(request, _("Je antwoorden waren al goed aangekomen. Bedankt!"))
    thanks = path_for(request, "surveys:thanks", code=code)
    response = RedirectResponse(f"{thanks}?na={draft.mode.value}", status_code=303)
    response.delete_cookie(cookie_name(code), path=path_for(request, "surveys:start", code=code))
    return response


@public
async def thanks(request: Request) -> Response:
    view = await _survey(request)
    after = request.query_params.get("na", "")
    survey = view.survey
    onward = await request.app.state.db.read(queries.after_answering, survey.network_id, survey.id)
    return render(request, "surveys/respond_thanks.html", _context(request, view, None, after=after, onward=onward))


routes = [
    Route("/b/{code}", start, name="surveys:start"),
    Route("/b/{code}/begin", begin, methods=["POST"], name="surveys:begin"),
    Route("/b/{code}/hervat/{token}", resume, name="surveys:resume"),
    Route("/b/{code}/vraag/{n}", step, name="surveys:step"),
    Route("/b/{code}/vraag/{n}", save_step, methods=["POST"], name="surveys:save_step"),
    Route("/b/{code}/alles", all_questions, name="surveys:all"),
    Route("/b/{code}/alles", save_all, methods=["POST"], name="surveys:save_all"),
    Route("/b/{code}/klaar", review, name="surveys:review"),
    Route("/b/{code}/versturen", send, methods=["POST"], name="surveys:send"),
    Route("/b/{code}/bedankt", thanks, name="surveys:thanks"),
]
