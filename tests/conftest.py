"""Shared fixtures: a real database (SQLite file, or PostgreSQL with LN_TEST_DATABASE_URL), the app, a client,
a real SMTP server (aiosmtpd), people in every role, and `login_as`. Nothing here is a mock."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lerend_netwerk import models  # noqa: F401 - every table is mapped before PG_RESET lists them
from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Base, Database
from lerend_netwerk.migrate import upgrade
from lerend_netwerk.networks.cache import CHANNEL
from lerend_netwerk.networks.models import Role
from lerend_netwerk.registry import Registry
from lerend_netwerk.settings import Settings
from tests.factories import make_network, make_person
from tests.smtp import Outbox, SmtpServer

pytest_plugins = ["tests.oidc_provider", "tests.html_check"]
# The benchmark (python -m tests.bench) measures; it is never part of the test run.
collect_ignore = ["bench"]

PG_URL = os.environ.get("LN_TEST_DATABASE_URL", "")
SECRET = "test-secret-key-that-is-long-enough-0123456789"


# Emptying every table with DELETE (children first) and restarting the sequences costs a few milliseconds;
# TRUNCATE of ~40 tables cost about 350 ms a test, which made the PostgreSQL run several times slower.
PG_RESET = "; ".join(
    [f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables)]  # noqa: S608 - our own table names
    + [
        "DO $$ DECLARE r record; BEGIN FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' "
        "LOOP EXECUTE 'ALTER SEQUENCE ' || quote_ident(r.sequencename) || ' RESTART'; END LOOP; END $$"
    ]
)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database made once per run; each test gets a fresh copy of it (or a truncated PostgreSQL)."""
    if PG_URL:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.exec_driver_sql(PG_RESET)
        engine.dispose()
        yield PG_URL
        return
    path = tmp_path / "test.db"
    shutil.copyfile(database_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def outbox(smtp_server: SmtpServer) -> Outbox:
    smtp_server.outbox.clear()
    return smtp_server.outbox


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path, smtp_server: SmtpServer) -> Callable[..., Settings]:
    def build(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "database_url": database_url,
            "secret_key": SECRET,
            "base_url": "http://testserver",
            "data_dir": tmp_path / "data",
            "smtp_url": f"smtp://127.0.0.1:{smtp_server.port}",
            "rate_limit_login": "1000/minute",
            "rate_limit_forms": "1000/minute",
            "gc_freeze": False,  # a test run starts thousands of apps in one process: collect what they leave
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The registries built from the list of capabilities, as `create_app` and the CLI build them."""
    return Registry.build()


@pytest.fixture
def app(settings: Settings, db: Database, registry: Registry) -> Starlette:
    return create_app(settings, db=db, registry=registry)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as c:
        wait_until_listening(app)  # the tests begin where a worker is, so reads do not depend on how soon they begin
        yield c


def wait_until_listening(app: Starlette) -> None:
    """On PostgreSQL a started app keeps its networks once it listens for changes (`networks.cache`), a moment
    after it started: wait for that (at most 10 s). Returns at once on SQLite or with the cache turned off."""
    deadline = time.monotonic() + 10
    while app.state.settings.network_cache and not app.state.db.is_sqlite and not app.state.networks.listening:
        assert time.monotonic() < deadline, "the network cache never started listening"
        time.sleep(0.02)


def wait_until_heard(app: Starlette) -> None:
    """On PostgreSQL, wait until the app's network cache has heard of every change committed so far (at most 10 s):
    it forgets what it kept when a notification arrives, a moment after the write, so a statement count taken
    before then could read a kept list again. Sends a notification of its own and waits for it; they arrive in
    the order they were sent. Returns at once on SQLite or while the cache does not listen."""
    if app.state.db.is_sqlite or not app.state.networks.listening:
        return
    payload = uuid.uuid4().hex
    app.state.db.write_sync(
        lambda s: s.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})
    )
    deadline = time.monotonic() + 10
    while not app.state.networks.heard(payload):
        assert time.monotonic() < deadline, "the network cache never heard its own notification"
        time.sleep(0.01)


@pytest.fixture
def network(db: Database):  # noqa: ANN201
    return db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")


@pytest.fixture
def other_network(db: Database):  # noqa: ANN201
    return db.write_sync(make_network, slug="temse", name="Stuurgroep kansarmoede Temse")


@pytest.fixture
def people(db: Database, network, other_network) -> dict[str, object]:  # noqa: ANN001
    """One person per role in `network`, plus `outsider`: a coordinator of `other_network`."""
    result: dict[str, object] = {}
    for role in Role:
        result[role.value] = db.write_sync(make_person, network, role, email=f"{role.value}@zele.example")
    result["outsider"] = db.write_sync(make_person, other_network, Role.COORDINATOR, email="coordinator@temse.example")
    return result


@pytest.fixture
def login_as(
    client: TestClient, db: Database, people: dict[str, object], settings: Settings
) -> Callable[[str], object]:
    """Log the client in as one of `people` ("member", "outsider", …) with a real server-side session."""

    def login(who: str) -> object:
        client.cookies.clear()
        if who == "visitor":
            return None
        person = people[who]
        token = db.write_sync(sessions.start, person.id, "test")  # type: ignore[attr-defined]
        client.cookies.set(sessions.cookie_name(settings, "ln_session"), token)
        return person

    return login


def csrf_from(html: str) -> str:
    import re

    # A form's hidden field, or (a page without a form) the token every page carries for htmx in its <head>.
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, "page has no CSRF token"
    return match.group(1)


@contextmanager
def spare_postgres(name: str) -> Iterator[str]:
    """A second, empty PostgreSQL database next to the test one, dropped afterwards; yields its URL."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
