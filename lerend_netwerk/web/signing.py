"""HMAC signing for small values kept by the browser (CSRF tokens, the anonymous cookie), and sealing (encrypting)
for values a link carries but must not show."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mac(secret: str, purpose: str, value: str) -> str:
    """A keyed digest of `value`, separated by purpose so one token can never stand in for another."""
    return _b64(hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest())


def dumps(secret: str, purpose: str, payload: Any) -> str:
    body = _b64(json.dumps([int(time.time()), payload], separators=(",", ":")).encode())
    return f"{body}.{mac(secret, purpose, body)}"


def loads(secret: str, purpose: str, token: str, *, max_age: int) -> Any | None:
    """The payload, or None when the token is forged, damaged or older than `max_age` seconds."""
    body, _, sig = token.rpartition(".")
    if not body or not hmac.compare_digest(sig, mac(secret, purpose, body)):
        return None
    try:
        issued, payload = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    if time.time() - issued > max_age:
        return None
    return payload


def _fernet(secret: str, purpose: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()))


def seal(secret: str, purpose: str, value: str) -> str:
    """`value` encrypted and signed, for a link that must not show what it carries: an e-mail address in a
    path would end up in every access log. Fernet (AES-CBC + HMAC, from `cryptography`) rather than our own."""
    return _fernet(secret, purpose).encrypt(value.encode()).decode()


def unseal(secret: str, purpose: str, token: str, *, max_age: int) -> str | None:
    """The sealed value, or None when the token is forged, damaged or older than `max_age` seconds."""
    try:
        return _fernet(secret, purpose).decrypt(token.encode(), ttl=max_age).decode()
    except (InvalidToken, ValueError, UnicodeError):
        return None
