"""The app started the production way keeps the privacy promises: `lerend-netwerk migrate` in a release step, then
`lerend-netwerk serve --no-migrate --workers 2`, as separate processes, on the test database (PostgreSQL in the
PostgreSQL run, a SQLite file otherwise). Over HTTP it shows the same retention rules on /privacy and the same
my-data sections as plain `serve` does, for a person with data in every capability; erasing through the page
removes her sign-up, her name on her answers, her comments and her signal contact from the database.

(Before capabilities were declared, the web workers of that start lost the my-data providers and retention rules
that only an import of `lerend_netwerk.models` registered, and no in-process test could see it.)"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import func, select

from lerend_netwerk.db import Database
from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices.models import Comment
from lerend_netwerk.registry import Registry
from lerend_netwerk.signals.models import SignalContact
from lerend_netwerk.surveys.models import Response
from tests.conftest import PG_URL, SECRET, csrf_from, spare_postgres
from tests.factories import make_network, make_person
from tests.test_erase_everywhere import EMAIL, make_zohra

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "lerend_netwerk"]


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database no test process has migrated: the release step has to."""
    if PG_URL:
        with spare_postgres("ln_production_start") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'production.db'}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, tmp_path: Path, smtp_port: int, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "LN_DATABASE_URL": database_url,
        "LN_SECRET_KEY": SECRET,
        "LN_PRODUCTION": "1",
        "LN_BASE_URL": f"http://127.0.0.1:{port}",
        "LN_DATA_DIR": str(tmp_path / "data"),
        "LN_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LN_RATE_LIMIT_LOGIN": "1000/minute",
        "LN_RATE_LIMIT_FORMS": "1000/minute",
    }


@contextmanager
def server(env: dict[str, str], port: int, *extra: str) -> Iterator[str]:
    """`lerend-netwerk serve` in a process of its own; yields its base URL once /healthz answers."""
    log = Path(env["LN_DATA_DIR"]) / f"serve-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def logged_in(base: str, env: dict[str, str], email: str) -> httpx.Client:
    """A browser-like client logged in through a one-time link printed by `lerend-netwerk login-link`."""
    printed = subprocess.run([*CLI, "login-link", email], env=env, check=True, capture_output=True, text=True)
    path = "/" + printed.stdout.strip().split("/", 3)[3]
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=30)
    confirm = client.get(path)
    assert confirm.status_code == 200, confirm.text
    used = client.post(path, data={"csrf_token": csrf_from(confirm.text)}, headers={"Origin": base})
    assert used.status_code == 200, used.text
    assert client.get("/mijn").url.path == "/mijn"  # not sent to the login page
    return client


def retention_promises(client: httpx.Client) -> list[str]:
    page = client.get("/privacy").text
    block = page.split("Hoe lang", 1)[1].split("</ul>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def my_data_sections(client: httpx.Client) -> list[str]:
    page = client.get("/mijn/gegevens").text
    return [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", page)]


def zohra_left_traces(db: Database, person_id: int) -> dict[str, int]:
    def read(s) -> dict[str, int]:  # noqa: ANN001
        return {
            "sign-ups": s.scalar(select(func.count()).where(func.lower(SignUp.email) == EMAIL)),
            "named answers": s.scalar(select(func.count()).where(Response.person_id == person_id)),
            "comments": s.scalar(select(func.count()).where(Comment.author_id == person_id)),
            "signal contacts": s.scalar(select(func.count()).where(func.lower(SignalContact.email) == EMAIL)),
        }

    return db.read_sync(read)


def test_production_start_keeps_every_privacy_promise(empty_database, tmp_path, smtp_server):
    production_port, plain_port = free_port(), free_port()
    production_env = environment(empty_database, tmp_path, smtp_server.port, production_port)
    plain_env = environment(empty_database, tmp_path, smtp_server.port, plain_port)

    subprocess.run([*CLI, "migrate"], env=production_env, check=True, capture_output=True)
    db = Database(empty_database)
    try:
        network = db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
        other = db.write_sync(make_network, slug="temse", name="Temse")
        people = {
            role.value: db.write_sync(make_person, network, role, email=f"{role.value}@zele.example") for role in Role
        }
        people["outsider"] = db.write_sync(make_person, other, Role.COORDINATOR, email="coordinator@temse.example")
        ids = make_zohra(db, network, people)
        before = zohra_left_traces(db, ids["person"])
        assert all(before.values()), before  # she has data in every capability

        with ExitStack() as stack:
            production = stack.enter_context(server(production_env, production_port, "--no-migrate", "--workers", "2"))
            plain = stack.enter_context(server(plain_env, plain_port))
            seen = {}
            for name, base, env in (("production", production, production_env), ("plain", plain, plain_env)):
                client = logged_in(base, env, EMAIL)
                stack.callback(client.close)
                # Several requests, so both workers of the production server answer some of them.
                seen[name] = {
                    "privacy": [retention_promises(client) for _ in range(4)],
                    "sections": [my_data_sections(client) for _ in range(4)],
                    "export": sorted(client.get("/mijn/gegevens.json").json()),
                }
                seen[name]["client"] = client

            expected_rules = len(Registry.build().retention)
            for name in ("production", "plain"):
                assert all(len(p) == expected_rules for p in seen[name]["privacy"]), (name, seen[name]["privacy"])
            assert seen["production"]["privacy"] == seen["plain"]["privacy"]
            assert seen["production"]["sections"] == seen["plain"]["sections"]
            assert seen["production"]["export"] == seen["plain"]["export"]
            for section in ("Praktijken, reacties en netwerkmomenten", "Inschrijvingen voor dialoogtafels"):
                assert section in seen["production"]["sections"][0]
            for key in ("practices", "dialogue", "surveys", "signals"):
                assert key in seen["production"]["export"]

            client = seen["production"]["client"]
            page = client.get("/mijn/gegevens")
            erased = client.post(
                "/mijn/gegevens/wissen",
                data={"csrf_token": csrf_from(page.text), "bevestig": "1"},
                headers={"Origin": production},
            )
            assert erased.status_code == 200
            assert "gewist" in erased.text
        assert zohra_left_traces(db, ids["person"]) == dict.fromkeys(before, 0)
    finally:
        db.dispose()
