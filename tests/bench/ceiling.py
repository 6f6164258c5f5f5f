"""The ceiling of this stack on this machine: a plain-text Starlette endpoint, served by the same uvicorn settings
as the app (`lerend_netwerk.serving.run_server`). Not part of the product; only the benchmark serves it."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Hello, world!")


def create_app() -> Starlette:
    return Starlette(routes=[Route("/", plaintext)])
