"""A real OpenID Connect provider for the tests (pytest plugin).

Starts ``node tests/oidc/provider.mjs`` (the npm package ``oidc-provider``) once
per test session on a free port of 127.0.0.1. Load it with
``pytest_plugins = ["tests.oidc_provider"]`` in a conftest, or ``-p tests.oidc_provider``.

Fixtures:

* ``app_port`` -- a free TCP port chosen once per session, for serving the app
  (uvicorn) to a browser. ``http://127.0.0.1:{app_port}/inloggen/oidc/terug`` is
  registered as a redirect URI of the test client.
* ``oidc_provider`` -- an :class:`OidcProvider`; its redirect URIs are
  :data:`REDIRECT_URIS` plus the ``app_port`` one above.

On the provider's login page any login and password are accepted; the login is
the account's e-mail address (``email_verified`` is true unless the login starts
with ``unverified+``). Consent is granted without asking.
"""

from __future__ import annotations

import contextlib
import html
import os
import queue
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO
from urllib.parse import urljoin

import httpx2 as httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PROVIDER_SCRIPT = Path(__file__).resolve().parent / "oidc" / "provider.mjs"

CLIENT_ID = "lerend-netwerk-test"
CLIENT_SECRET = "test-secret"
CALLBACK_PATH = "/inloggen/oidc/terug"

# Redirect URIs registered for the test client, besides the ``app_port`` one.
REDIRECT_URIS: list[str] = ["http://testserver/inloggen/oidc/terug"]

STARTUP_TIMEOUT = 20.0
MAX_REDIRECTS = 20


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _FormParser(HTMLParser):
    """Collects the first form's action and its named inputs' values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action = html.unescape(attributes.get("action", ""))
            self._in_form = True
        elif tag == "input" and self._in_form and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...] = ()

    def login(self, authorize_url: str, email: str) -> str:
        """Log ``email`` in at the provider and return the callback URL it redirects to.

        GETs ``authorize_url`` (built by the relying party), fills in the
        development login page (login = ``email``, any password), and follows
        the redirects until one points at a registered redirect URI. Returns that
        URL as is: with ``code`` and ``state`` -- or ``error`` if the provider
        refused the request.
        """
        with httpx.Client(follow_redirects=False, timeout=10.0) as client:
            response = client.get(authorize_url)
            logged_in = False
            for _ in range(MAX_REDIRECTS):
                if response.is_redirect:
                    location = urljoin(str(response.url), response.headers["location"])
                    if self._is_callback(location):
                        return location
                    response = client.get(location)
                    continue
                if response.status_code == 200 and not logged_in and 'name="login"' in response.text:
                    parser = _FormParser()
                    parser.feed(response.text)
                    if not parser.action:
                        break
                    data = {**parser.fields, "login": email, "password": "test-password"}
                    response = client.post(urljoin(str(response.url), parser.action), data=data)
                    logged_in = True
                    continue
                break
            raise AssertionError(
                f"the OIDC provider did not redirect to a registered redirect URI; last response "
                f"{response.status_code} from {response.url}:\n{response.text[:2000]}"
            )

    def _is_callback(self, url: str) -> bool:
        return any(url == uri or url.startswith((uri + "?", uri + "#")) for uri in self.redirect_uris)


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


@contextlib.contextmanager
def run_provider(
    redirect_uris: list[str],
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
) -> Iterator[OidcProvider]:
    """Run ``tests/oidc/provider.mjs`` until the ``with`` block ends."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the OIDC provider but is not on PATH")
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
    }
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
        )
        assert process.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
        reader.start()
        try:
            issuer = _wait_until_ready(lines, process, stderr)
            yield OidcProvider(
                issuer=issuer,
                client_id=client_id,
                client_secret=client_secret,
                redirect_uris=tuple(redirect_uris),
            )
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            reader.join(timeout=5)
            process.stdout.close()


def _wait_until_ready(lines: queue.Queue[str | None], process: subprocess.Popen[str], stderr: IO[str]) -> str:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    seen: list[str] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            break
        if line is None:
            break
        match = re.fullmatch(r"READY (\S+)", line)
        if match:
            return match.group(1)
        seen.append(line)
    stderr.flush()
    stderr.seek(0)
    status = "exited with " + str(process.returncode) if process.poll() is not None else "still running"
    pytest.fail(
        f"the OIDC provider did not become ready within {STARTUP_TIMEOUT:.0f} s ({status})\n"
        f"stdout:\n" + "\n".join(seen) + f"\nstderr:\n{stderr.read()}"
    )


@pytest.fixture(scope="session")
def app_port() -> int:
    """A free port for serving the app on 127.0.0.1; its OIDC callback is registered at the provider."""
    return free_port()


@pytest.fixture(scope="session")
def oidc_provider(app_port: int) -> Iterator[OidcProvider]:
    """The local OpenID Connect provider, running for the whole session."""
    redirect_uris = [*REDIRECT_URIS, f"http://127.0.0.1:{app_port}{CALLBACK_PATH}"]
    with run_provider(redirect_uris) as provider:
        yield provider
