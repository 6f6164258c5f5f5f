"""The personal link of a sign-up: a random nonce is stored, the token in the link is an HMAC of it with the server
secret (so later mails can carry the same link), and only the token's SHA-256 is stored to find the sign-up."""

from __future__ import annotations

import hashlib
import secrets

from lerend_netwerk.web import signing


def new_link(secret: str) -> tuple[str, str, str]:
    """A new personal link: (nonce to store, token for the URL, token hash to store)."""
    nonce = secrets.token_urlsafe(24)
    token = link_token(secret, nonce)
    return nonce, token, hash_token(token)


def link_token(secret: str, nonce: str) -> str:
    return signing.mac(secret, "dialogue-link", nonce)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
