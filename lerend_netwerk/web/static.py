"""Static files: fingerprinted URLs (`?v=<hash>`) are cached for a year; anything else is revalidated."""

from __future__ import annotations

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from lerend_netwerk.web.templating import fingerprint


class FingerprintedStatic(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        query = scope.get("query_string", b"").decode()
        if response.status_code == 200 and query == f"v={fingerprint(path)}":
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["cache-control"] = "no-cache"
        return response
