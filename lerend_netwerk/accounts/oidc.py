"""OpenID Connect login for staff and partners, with Authlib against any standards-compliant provider."""

from __future__ import annotations

from authlib.integrations.starlette_client import OAuth

from lerend_netwerk.settings import Settings


def make_oauth(settings: Settings) -> OAuth | None:
    if not settings.oidc_enabled:
        return None
    oauth = OAuth()
    oauth.register(
        name="oidc",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",  # type: ignore[union-attr]
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    return oauth
