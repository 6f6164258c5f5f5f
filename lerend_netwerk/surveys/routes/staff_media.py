"""Sound and pictures of a question, for people who read little: a recording of the question and of each option
per language (uploaded, or recorded in the browser), a pictogram or picture beside each option; and the
readability hint of the builder. /n/<network>/bevragingen/<id>/vragen/<qid>/media"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import media, readability, service_media
from lerend_netwerk.surveys.languages import language_options
from lerend_netwerk.surveys.models import CHOICE_KINDS, FIXED_OPTIONS, MediaKind
from lerend_netwerk.surveys.queries import QuestionView, SurveyView
from lerend_netwerk.surveys.routes.staff import PREFIX, load_view
from lerend_netwerk.surveys.service import BuildError
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form, uploads
from lerend_netwerk.web.offload import offload
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for

# The builder's page may use the microphone (recording in the browser); every other page may not.
MICROPHONE_HERE = "camera=(), microphone=(self), geolocation=(), payment=(), usb=()"


def _question_of(view: SurveyView, request: Request) -> QuestionView:
    qv = view.question(path_id(request, "qid"))
    if qv is None:
        raise NotFound()
    return qv


def _targets(qv: QuestionView) -> list[tuple[str, str]]:
    """What a recording can be of: the question, or one of its options ("o<id>")."""
    return [("", _("De vraag zelf")), *((f"o{o.id}", _("Keuze: {label}").format(label=o.label)) for o in qv.options)]


def _page(
    request: Request, view: SurveyView, qv: QuestionView, form: Form | None = None, *, status: int = 200
) -> Response:
    form = form or Form({"taal": "nl"})
    for option in qv.options:  # the pictogram choices as they are, unless they were just sent
        form.values.setdefault(f"p{option.id}", option.pictogram)
    ctx: dict[str, Any] = {
        "view": view,
        "survey": view.survey,
        "qv": qv,
        "form": form,
        "targets": _targets(qv),
        "audio_languages": language_options(view.survey),
        "language_names": dict(language_options(view.survey)),
        "pictograms": media.PICTOGRAMS,
        "pictogram_options": [("", _("Geen pictogram")), *media.PICTOGRAMS.items()],
        "with_pictures": qv.question.kind in CHOICE_KINDS and qv.question.kind not in FIXED_OPTIONS,
        "max_audio_mb": round(media.MAX_AUDIO_BYTES / 1_000_000),
        "max_audio_bytes": media.MAX_AUDIO_BYTES,
    }
    return render(
        request, "surveys/media.html", ctx, status_code=status, headers={"Permissions-Policy": MICROPHONE_HERE}
    )


def _back(request: Request, view: SurveyView, qv: QuestionView, anchor: str = "") -> RedirectResponse:
    url = path_for(request, "surveys:media", network=request.state.network.slug, id=view.survey.id, qid=qv.id)
    return RedirectResponse(url + anchor, status_code=303)


@requires("surveys.manage")
async def media_page(request: Request) -> Response:
    view = await load_view(request)
    return _page(request, view, _question_of(view, request))


async def _read_file(raw: Any, form: Form, field: str, limit: int) -> tuple[str, bytes] | None:
    """The chosen file's name and bytes; a message at `field` when there is none or it is too large."""
    files = uploads(raw, field)
    if not files:
        form.error(field, _("Kies een bestand."))
        return None
    upload = files[0]
    name = (upload.filename or "bestand")[-120:]
    data = await upload.read(limit + 1)
    if len(data) > limit:
        form.error(
            field, _("{name} is te groot. Het mag hoogstens {max} MB zijn.").format(name=name, max=round(limit / 1e6))
        )
        return None
    return name, data


def _option_target(form: Form, qv: QuestionView) -> int | None:
    target = form.choice("doel", [value for value, _label in _targets(qv)]) or ""
    return int(target[1:]) if target.startswith("o") else None


@requires("surveys.manage")
async def add_audio(request: Request) -> Response:
    view = await load_view(request)
    qv = _question_of(view, request)
    raw = await read_form(request)
    form = Form(raw)
    option_id = _option_target(form, qv)
    language = form.choice("taal", [code for code, _name in language_options(view.survey)], required=True) or "nl"
    chosen = await _read_file(raw, form, media.AUDIO_FIELD, media.MAX_AUDIO_BYTES)
    return await _keep(request, view, qv, form, chosen, MediaKind.AUDIO, option_id=option_id, language=language)


@requires("surveys.manage")
async def add_picture(request: Request) -> Response:
    view = await load_view(request)
    qv = _question_of(view, request)
    raw = await read_form(request)
    form = Form(raw)
    option_id = form.id("keuze", [o.id for o in qv.options], required=True)
    chosen = await _read_file(raw, form, media.PICTURE_FIELD, media.MAX_PICTURE_BYTES)
    return await _keep(request, view, qv, form, chosen, MediaKind.PICTURE, option_id=option_id, language="")


async def _keep(
    request: Request,
    view: SurveyView,
    qv: QuestionView,
    form: Form,
    chosen: tuple[str, bytes] | None,
    kind: MediaKind,
    *,
    option_id: int | None,
    language: str,
) -> Response:
    upload_dir = request.app.state.settings.upload_dir
    stored = None
    if form.ok and chosen is not None:
        try:
            if kind is MediaKind.AUDIO:
                stored = media.store_audio(upload_dir, *chosen)
            else:
                stored = await offload(request, media.store_picture, upload_dir, *chosen)
        except media.MediaRefused as exc:
            form.error(exc.field or media.AUDIO_FIELD, exc.message)
    if form.ok and stored is not None:
        try:
            replaced = await request.app.state.db.write(
                service_media.add_media,
                request.state.network.id,
                view.survey.id,
                qv.id,
                option_id=option_id,
                language=language,
                kind=kind,
                stored=stored,
                actor_id=request.state.visitor.person.id,
            )
        except BuildError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            media.delete(upload_dir, *replaced)
            flash(request, _("De opname is bewaard.") if kind is MediaKind.AUDIO else _("De afbeelding is bewaard."))
            return _back(request, view, qv, "#geluid" if kind is MediaKind.AUDIO else "#beeld")
    if stored is not None:
        media.delete(upload_dir, stored.stored_name)
    return _page(request, view, qv, form, status=422)


@requires("surveys.manage")
async def set_pictograms(request: Request) -> Response:
    view = await load_view(request)
    qv = _question_of(view, request)
    form = Form(await read_form(request))
    chosen = {o.id: form.choice(f"p{o.id}", media.PICTOGRAMS) or "" for o in qv.options}
    if form.ok:
        try:
            await request.app.state.db.write(
                service_media.set_pictograms,
                request.state.network.id,
                view.survey.id,
                qv.id,
                chosen,
                actor_id=request.state.visitor.person.id,
            )
        except BuildError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return _page(request, view, qv, form, status=422)
    flash(request, _("De pictogrammen zijn bewaard."))
    return _back(request, view, qv, "#beeld")


@requires("surveys.manage")
async def delete_media(request: Request) -> Response:
    view = await load_view(request)
    qv = _question_of(view, request)
    name = await request.app.state.db.write(
        service_media.delete_media,
        request.state.network.id,
        view.survey.id,
        path_id(request, "mid"),
        actor_id=request.state.visitor.person.id,
    )
    media.delete(request.app.state.settings.upload_dir, name)
    flash(request, _("Het bestand is verwijderd."))
    return _back(request, view, qv)


@requires("surveys.manage")
async def readability_hint(request: Request) -> Response:
    """The readability of a Dutch text (`tekst`): a small page without JavaScript, the hint alone for htmx."""
    form = Form(request.query_params)
    field = form.choice("veld", ["tekst", "eenvoudig"]) or "tekst"
    text = form.text(field, max_length=3000, multiline=True)
    action = path_for(request, "surveys:readability", network=request.state.network.slug, id=request.path_params["id"])
    ctx = {
        "form": form,
        "hint": readability.measure(text) if form.ok else None,
        "hint_id": f"leesbaarheid-{field}",
        "action": action,
    }
    return render(request, "surveys/readability.html", ctx, partial="surveys/_readability.html")


QUESTION = PREFIX + "/{id}/vragen/{qid}/media"
routes = [
    Route(QUESTION, media_page, name="surveys:media"),
    Route(QUESTION + "/geluid", add_audio, methods=["POST"], name="surveys:add_audio"),
    Route(QUESTION + "/afbeelding", add_picture, methods=["POST"], name="surveys:add_picture"),
    Route(QUESTION + "/pictogrammen", set_pictograms, methods=["POST"], name="surveys:set_pictograms"),
    Route(QUESTION + "/{mid}/verwijderen", delete_media, methods=["POST"], name="surveys:delete_media"),
    Route(PREFIX + "/{id}/leesbaarheid", readability_hint, name="surveys:readability"),
]
