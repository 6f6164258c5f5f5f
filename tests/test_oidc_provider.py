"""Self-test of the local OpenID Connect provider used by the login tests."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx2 as httpx

if TYPE_CHECKING:
    from tests.oidc_provider import OidcProvider

REDIRECT_URI = "http://testserver/inloggen/oidc/terug"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _jwt_payload(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _discovery(oidc_provider: OidcProvider) -> dict[str, Any]:
    with httpx.Client(timeout=10.0) as client:
        response = client.get(f"{oidc_provider.issuer}/.well-known/openid-configuration")
    response.raise_for_status()
    return response.json()


def _log_in(oidc_provider: OidcProvider, email: str) -> dict[str, Any]:
    """The whole code flow with PKCE; returns the ID token's claims."""
    metadata = _discovery(oidc_provider)
    state = secrets.token_urlsafe(16)
    verifier = secrets.token_urlsafe(48)
    authorize_url = (
        metadata["authorization_endpoint"]
        + "?"
        + urlencode(
            {
                "client_id": oidc_provider.client_id,
                "redirect_uri": REDIRECT_URI,
                "response_type": "code",
                "scope": "openid email",
                "state": state,
                "nonce": secrets.token_urlsafe(16),
                "code_challenge": _b64url(hashlib.sha256(verifier.encode("ascii")).digest()),
                "code_challenge_method": "S256",
            }
        )
    )

    callback = oidc_provider.login(authorize_url, email)

    assert callback.startswith(REDIRECT_URI + "?")
    query = parse_qs(urlsplit(callback).query)
    assert "error" not in query, query
    assert query["state"] == [state]
    assert query["code"][0]

    with httpx.Client(timeout=10.0) as client:
        response = client.post(
            metadata["token_endpoint"],
            auth=(oidc_provider.client_id, oidc_provider.client_secret),  # client_secret_basic
            data={
                "grant_type": "authorization_code",
                "code": query["code"][0],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier,
            },
        )
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"].lower() == "bearer"
    return _jwt_payload(tokens["id_token"])


def test_discovery_document(oidc_provider: OidcProvider) -> None:
    metadata = _discovery(oidc_provider)

    assert metadata["issuer"] == oidc_provider.issuer
    assert metadata["authorization_endpoint"] == f"{oidc_provider.issuer}/auth"
    assert "S256" in metadata["code_challenge_methods_supported"]


def test_code_flow_returns_the_login_as_verified_email(oidc_provider: OidcProvider) -> None:
    claims = _log_in(oidc_provider, "an.de.smet@example.be")

    assert claims["iss"] == oidc_provider.issuer
    assert claims["aud"] == oidc_provider.client_id
    assert claims["sub"] == "an.de.smet@example.be"
    assert claims["email"] == "an.de.smet@example.be"
    assert claims["email_verified"] is True


def test_unverified_prefix_gives_unverified_email(oidc_provider: OidcProvider) -> None:
    claims = _log_in(oidc_provider, "unverified+jan@example.be")

    assert claims["email"] == "unverified+jan@example.be"
    assert claims["email_verified"] is False


def test_app_port_callback_is_registered(oidc_provider: OidcProvider, app_port: int) -> None:
    assert f"http://127.0.0.1:{app_port}/inloggen/oidc/terug" in oidc_provider.redirect_uris
