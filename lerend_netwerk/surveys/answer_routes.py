"""The respondent's side: /b/<code>. Plain forms that work without JavaScript, one question a screen or all on
one page. Answers live in a server-side draft keyed by a random token in a cookie (and a resume link)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import answering
from lerend_netwerk.surveys.answering import AnswerError, DraftState
from lerend_netwerk.surveys.builder import EXTRA_LANGUAGES, RTL, SurveyView, localized
from lerend_netwerk.surveys.models import Mode
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render


def cookie_name(code: str) -> str:
    return f"ln_bevraging_{code}"


def set_draft_cookie(request: Request, response: Response, code: str, token: str) -> None:
    response.set_cookie(
        cookie_name(code),
        token,
        max_age=request.app.state.settings.survey_draft_days * 86400,
        path=f"/b/{code}",
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.https,
    )


def language_options(view: SurveyView) -> list[tuple[str, str]]:
    return [("nl", "Nederlands"), *((code, EXTRA_LANGUAGES.get(code, code)) for code in view.survey.languages)]


async def _survey(request: Request) -> SurveyView:
    code = request.path_params["code"]
    if not (0 < len(code) <= 12 and code.isalnum()):
        raise HTTPException(404)
    view = await request.app.state.db.read(answering.survey_by_code, code)
    if view is None:
        raise HTTPException(404)
    return view


async def _draft(request: Request, view: SurveyView) -> DraftState | None:
    token = request.cookies.get(cookie_name(view.survey.code))
    return await request.app.state.db.read(answering.get_draft, view.survey.id, token)


def _context(request: Request, view: SurveyView, draft: DraftState | None, **extra: Any) -> dict[str, Any]:
    language = draft.language if draft else "nl"
    token = request.cookies.get(cookie_name(view.survey.code), "")
    base = request.app.state.settings.base_url.rstrip("/")
    return {
        "view": view,
        "survey": view.survey,
        "draft": draft,
        "lang": language,
        "rtl": language in RTL,
        "loc": localized,
        "resume_url": f"{base}/b/{view.survey.code}/hervat/{token}" if draft and token else "",
        **extra,
    }


def _closed(request: Request, view: SurveyView) -> Response:
    return render(
        request,
        "surveys/respond_closed.html",
        _context(request, view, None, message=answering.closed_message(view.survey)),
        status_code=410,
    )


@public
async def start(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft(request, view)
    if draft is None and not answering.accepts(view.survey, Mode.SELF):
        return _closed(request, view)
    return render(
        request,
        "surveys/respond_start.html",
        _context(request, view, draft, survey_languages=language_options(view), form=Form()),
    )


@public
async def begin(request: Request) -> Response:
    view = await _survey(request)
    if not answering.accepts(view.survey, Mode.SELF):
        return _closed(request, view)
    if not await ratelimit.hit(request, "form"):
        raise HTTPException(429)
    visitor = request.scope["state"]["visitor"]
    if not view.survey.anonymous and not visitor.logged_in:
        flash(request, _("Deze bevraging is op naam. Log eerst in."), "error")
        return RedirectResponse(f"/inloggen?volgende=/b/{view.survey.code}", status_code=303)
    form = Form(await read_form(request))
    language = form.choice("taal", [c for c, _l in language_options(view)]) or "nl"
    layout = form.choice("weergave", ["stap", "alles"]) or "stap"
    if not form.ok:
        ctx = _context(request, view, None, survey_languages=language_options(view), form=form)
        return render(request, "surveys/respond_start.html", ctx, status_code=422)
    person_id = None if view.survey.anonymous else visitor.person.id
    token = await request.app.state.db.write(
        answering.start_draft, view.survey.id, language=language, person_id=person_id
    )
    target = f"/b/{view.survey.code}/" + ("alles" if layout == "alles" else "vraag/1")
    response = RedirectResponse(target, status_code=303)
    set_draft_cookie(request, response, view.survey.code, token)
    return response


@public
async def resume(request: Request) -> Response:
    view = await _survey(request)
    token = request.path_params["token"]
    draft = await request.app.state.db.read(answering.get_draft, view.survey.id, token)
    if draft is None:
        flash(request, _("Deze link werkt niet meer. Misschien heb je je antwoorden al verstuurd."), "error")
        return RedirectResponse(f"/b/{view.survey.code}", status_code=303)
    shown = answering.visible(view, draft.answers)
    step = next((i for i, qv in enumerate(shown, start=1) if str(qv.id) not in draft.answers), None)
    target = f"/b/{view.survey.code}/" + (f"vraag/{step}" if step else "klaar")
    response = RedirectResponse(target, status_code=303)
    set_draft_cookie(request, response, view.survey.code, token)
    return response


def _step_number(request: Request) -> int:
    try:
        number = int(request.path_params["n"])
    except ValueError:
        raise HTTPException(404) from None
    if not 0 < number < 1000:
        raise HTTPException(404)
    return number


async def _draft_or_start(request: Request, view: SurveyView) -> DraftState | Response:
    draft = await _draft(request, view)
    if draft is None:
        flash(request, _("Begin hier. Je antwoorden van vroeger zijn er niet meer of al verstuurd."), "error")
        return RedirectResponse(f"/b/{view.survey.code}", status_code=303)
    if not answering.accepts(view.survey, draft.mode):
        return _closed(request, view)
    return draft


@public
async def step(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft_or_start(request, view)
    if isinstance(draft, Response):
        return draft
    number = _step_number(request)
    shown = answering.visible(view, draft.answers)
    if number > len(shown):
        return RedirectResponse(f"/b/{view.survey.code}/klaar", status_code=303)
    form = _draft_values(draft.answers)
    ctx = _context(request, view, draft, qv=shown[number - 1], number=number, total=len(shown), form=form)
    return render(request, "surveys/respond_step.html", ctx, partial="surveys/_step.html")


def form_of(values: dict[str, Any]) -> Form:
    """A Form pre-filled from a dict whose values may be lists (checkboxes)."""
    pairs = [(k, str(x)) for k, v in values.items() for x in (v if isinstance(v, list) else [v])]
    return Form(FormData(pairs))


def _draft_values(answers: dict[str, Any]) -> Form:
    """A draft's answers as a form, so a screen shows what was given before."""
    return form_of({f"v{k}": v for k, v in answers.items()})


def _form_lists(raw: Any) -> dict[str, list[str]]:
    return {key: [v for v in raw.getlist(key) if isinstance(v, str)] for key in raw}


@public
async def save_step(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft_or_start(request, view)
    if isinstance(draft, Response):
        return draft
    number = _step_number(request)
    shown = answering.visible(view, draft.answers)
    if number > len(shown):
        return RedirectResponse(f"/b/{view.survey.code}/klaar", status_code=303)
    qv = shown[number - 1]
    raw = await read_form(request)
    answers, errors = answering.parse_form(view, _form_lists(raw), [qv.id])
    going_back = raw.get("actie") == "terug"
    if not going_back and qv.question.required and answers.get(str(qv.id)) in (None, []):
        errors.setdefault(str(qv.id), _("Deze vraag is verplicht. Geef een antwoord."))
    if errors and not (going_back and "__all__" not in errors):
        form = Form(raw)
        form.errors = errors
        ctx = _context(request, view, draft, qv=qv, number=number, total=len(shown), form=form)
        return render(request, "surveys/respond_step.html", ctx, status_code=422, partial="surveys/_step.html")
    if not errors:
        await request.app.state.db.write(answering.save_answers, draft.id, answers)
    merged = {**draft.answers, **answers}
    shown = answering.visible(view, {k: v for k, v in merged.items() if v is not None})
    target = max(1, number - 1) if going_back else number + 1
    if target > len(shown):
        return RedirectResponse(f"/b/{view.survey.code}/klaar", status_code=303)
    return RedirectResponse(f"/b/{view.survey.code}/vraag/{target}", status_code=303)


@public
async def all_questions(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft_or_start(request, view)
    if isinstance(draft, Response):
        return draft
    ctx = _context(request, view, draft, form=_draft_values(draft.answers))
    return render(request, "surveys/respond_all.html", ctx)


@public
async def save_all(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft_or_start(request, view)
    if isinstance(draft, Response):
        return draft
    raw = await read_form(request)
    answers, errors = answering.parse_form(view, _form_lists(raw), [qv.id for qv in view.open_questions()])
    if not errors:
        missing = answering.check(view, {k: v for k, v in answers.items() if v is not None})
        errors = {k: v for k, v in missing.items()}
    if errors:
        form = Form(raw)
        form.errors = errors
        return render(request, "surveys/respond_all.html", _context(request, view, draft, form=form), status_code=422)
    db = request.app.state.db
    await db.write(answering.save_answers, draft.id, answers)
    return await _submit(request, view, draft)


@public
async def review(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft_or_start(request, view)
    if isinstance(draft, Response):
        return draft
    shown = answering.visible(view, draft.answers)
    errors = answering.check(view, draft.answers)
    return render(request, "surveys/respond_review.html", _context(request, view, draft, shown=shown, errors=errors))


@public
async def send(request: Request) -> Response:
    view = await _survey(request)
    draft = await _draft(request, view)
    if draft is None:
        # Already sent (a double click, a resent form, a second tab): nothing new is stored.
        flash(request, _("Je antwoorden waren al goed aangekomen. Bedankt!"))
        return RedirectResponse(f"/b/{view.survey.code}/bedankt", status_code=303)
    return await _submit(request, view, draft)


async def _submit(request: Request, view: SurveyView, draft: DraftState) -> Response:
    token = request.cookies.get(cookie_name(view.survey.code), "")
    try:
        response_id = await request.app.state.db.write(answering.submit, view.survey.id, token)
    except AnswerError as exc:
        shown = answering.visible(view, draft.answers)
        ctx = _context(request, view, draft, shown=shown, errors=exc.errors)
        return render(request, "surveys/respond_review.html", ctx, status_code=422)
    if response_id is None:
        flash(request, _("Je antwoorden waren al goed aangekomen. Bedankt!"))
    response = RedirectResponse(f"/b/{view.survey.code}/bedankt?na={draft.mode.value}", status_code=303)
    response.delete_cookie(cookie_name(view.survey.code), path=f"/b/{view.survey.code}")
    return response


@public
async def thanks(request: Request) -> Response:
    view = await _survey(request)
    after = request.query_params.get("na", "")
    return render(request, "surveys/respond_thanks.html", _context(request, view, None, after=after))


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
