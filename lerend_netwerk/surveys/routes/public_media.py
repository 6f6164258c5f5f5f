"""A survey's recordings and pictures for whoever has the survey's link: /b/<code>/media/<id>. Served by the app
with the type found when the file was checked, never sniffed by the browser."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from lerend_netwerk.surveys import media, queries
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.params import path_id


@public
async def media_file(request: Request) -> Response:
    found = await request.app.state.db.read(queries.media_by_code, request.path_params["code"], path_id(request, "mid"))
    path = media.path_of(request.app.state.settings.upload_dir, found.stored_name)
    if not path.is_file():
        raise NotFound()
    headers = {
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    # FileResponse answers Range requests: a phone's player asks for parts of a recording.
    return FileResponse(path, media_type=found.content_type, headers=headers)


routes = [Route("/b/{code}/media/{mid}", media_file, name="surveys:media_file")]
