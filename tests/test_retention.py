"""One retention command applies every rule; a second run does nothing."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import func, select

from lerend_netwerk import audit, retention
from lerend_netwerk.accounts import service
from lerend_netwerk.accounts.models import LoginToken
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Person
from lerend_netwerk.registry import Registry
from tests.factories import make_person


def test_retention_removes_expired_links_and_old_audit_and_is_idempotent(db, settings, people):
    db.write_sync(service.create_login_token, "member@zele.example", minutes=10)

    def age_everything(s):
        for token in s.scalars(select(LoginToken)):
            token.expires_at = utcnow() - timedelta(minutes=1)
        s.add(audit.AuditEvent(action="old.thing", at=utcnow() - timedelta(days=settings.audit_retention_days + 1)))

    db.write_sync(age_everything)
    first = db.write_sync(retention.run, settings, Registry.build())
    assert first["login_tokens"] == 1
    assert first["audit"] == 1
    second = db.write_sync(retention.run, settings, Registry.build())
    assert all(count == 0 for count in second.values())


def test_people_without_network_who_never_came_back_are_erased(db, settings, people):
    gone = db.write_sync(make_person, name="Vroeger Lid", email="vroeger@zele.example")

    def make_old(s):
        s.get(Person, gone.id).created_at = utcnow() - timedelta(days=settings.inactive_account_days + 5)

    db.write_sync(make_old)
    report = db.write_sync(retention.run, settings, Registry.build())
    assert report["inactive_accounts"] == 1
    assert db.read_sync(lambda s: s.get(Person, gone.id)) is None
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Person))) == len(people)


def test_retention_command_reports_per_rule(database_url):
    env = {"LN_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "lerend_netwerk", "retention"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "login_tokens: 0" in result.stdout
