"""One settings object, read from the environment in exactly one place (`Settings.from_env`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SECRET = "dev-only-change-me"  # noqa: S105 - the placeholder production refuses


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message says which and why."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Every knob an operator can turn. Each field is documented in the README's settings table."""

    database_url: str = "sqlite:///lerend_netwerk.db"
    secret_key: str = DEFAULT_SECRET
    base_url: str = "http://127.0.0.1:8000"
    data_dir: Path = Path("data")
    debug: bool = False
    production: bool = False
    smtp_url: str = "smtp://127.0.0.1:8025"
    mail_from: str = "Lerend netwerk <noreply@lerend-netwerk.local>"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_name: str = "OpenID Connect"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    magic_link_minutes: int = 10
    invitation_link_days: int = 7
    max_body_bytes: int = 12 * 1024 * 1024
    max_upload_bytes: int = 10 * 1024 * 1024
    rate_limit_storage: str = ""  # empty: counters in the app database, shared by all workers
    rate_limit_login: str = "5/minute;20/hour"
    rate_limit_forms: str = "20/minute;200/hour"
    signup_retention_days: int = 90
    compensation_retention_years: int = 7  # Belgian bookkeeping keeps its records seven years
    audit_retention_days: int = 1095
    inactive_account_days: int = 730
    survey_draft_days: int = 60
    survey_named_days: int = 365
    signal_contact_days: int = 30
    reminder_days_before: int = 2
    outbox_keep_days: int = 30
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)
    heavy_work_threads: int = 1  # CPU-heavy jobs (photos, large exports) one worker process runs at once
    network_cache: bool = True  # on PostgreSQL, workers keep the networks while the database announces changes
    gc_freeze: bool = True  # once started, a worker's garbage collector no longer scans what start-up made
    database_connections: int = 25  # PostgreSQL connections one worker keeps at most (and one to listen)
    outbox_courier: str = ""  # where the courier that delivers mail listens (`serve` sets it); empty: none

    def __post_init__(self) -> None:
        if self.production and self.secret_key in ("", DEFAULT_SECRET):
            raise SettingsError("LN_SECRET_KEY must be set to a long random value in production (LN_PRODUCTION=1).")
        if self.production and len(self.secret_key) < 32:
            raise SettingsError("LN_SECRET_KEY must be at least 32 characters in production.")
        if self.heavy_work_threads < 1:
            raise SettingsError("LN_HEAVY_WORK_THREADS must be 1 or more.")
        if self.database_connections < 3:
            raise SettingsError(
                "LN_DATABASE_CONNECTIONS must be 3 or more: one for page reads, one for writes, one for long reads."
            )
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise SettingsError("LN_BASE_URL must start with http:// or https://.")

    @property
    def https(self) -> bool:
        """Cookies are Secure and `__Host-` prefixed when the public address is HTTPS."""
        return self.base_url.startswith("https://")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `LN_*` variables; the only place the environment is read."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get("LN_" + f.name.upper())
            if raw is None:
                continue
            values[f.name] = _parse(f.name, str(f.type), raw)
        return cls(**values)  # type: ignore[arg-type]


def _parse(name: str, type_name: str, raw: str) -> object:
    if type_name == "bool":
        if raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off", ""):
            raise SettingsError(f"LN_{name.upper()} must be true or false, not {raw!r}.")
        return raw.lower() in ("1", "true", "yes", "on")
    if type_name == "int":
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"LN_{name.upper()} must be a whole number, not {raw!r}.") from None
    if type_name == "Path":
        return Path(raw)
    if type_name.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if "None" in type_name:
        return raw or None
    return raw
