"""The `lerend-netwerk` command: serve, migrate, demo, create-admin, login-link, periodic and the operator's
single jobs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lerend_netwerk.settings import Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lerend-netwerk", description="Lerend netwerk: beheer en opstart.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply migrations, then run the web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--no-migrate", action="store_true", help="skip migrations (when a release step ran them)")

    courier = sub.add_parser(
        "courier", help="deliver the outbox whenever a web worker says there is mail (`serve` starts one itself)"
    )
    courier.add_argument("--name", default=None, help="where to listen (default: LN_OUTBOX_COURIER)")
    courier.add_argument("--parent", type=int, default=None, help="stop when this process stops")
    sub.add_parser("migrate", help="bring the database schema up to date")
    demo = sub.add_parser("demo", help="fill an empty database with demo networks, people and content")
    demo.add_argument("--force", action="store_true", help="add demo data even when the database has networks")
    demo.add_argument(
        "--scale",
        type=_scale,
        metavar="N",
        help="instead: generate benchmark volume into an empty database (N=1: 3 networks; N=50: 50 networks, "
        "20,000 practices, 200,000 signals, 1,000,000 survey answers)",
    )

    admin = sub.add_parser("create-admin", help="create (or promote) a platform administrator")
    admin.add_argument("email")
    admin.add_argument("--name", default="Beheerder")

    link = sub.add_parser("login-link", help="print a one-time login URL for an existing person")
    link.add_argument("email")

    sub.add_parser("send-digests", help="e-mail followers the new practices and comments since their last digest")
    reminders = sub.add_parser(
        "send-reminders", help="for cron: send dialogue session reminders once, and erase old sign-up contact data"
    )
    reminders.add_argument(
        "--days", type=int, default=None, help="days before a session (default LN_REMINDER_DAYS_BEFORE)"
    )
    sub.add_parser("retention", help="apply every retention rule once (for cron); prints what it did")
    periodic = sub.add_parser(
        "periodic",
        help="run every periodic job that is due (reminders, digests, retention, mail delivery); "
        "run it every few minutes from cron or a systemd timer, from one host or several",
    )
    periodic.add_argument("--list", action="store_true", help="show the jobs, when each is due and its last result")
    mail = sub.add_parser("outbox", help="show how many e-mails are queued, sent and failed")
    mail.add_argument(
        "--retry-failed", action="store_true", help="queue the failed e-mails again (after a mail-server outage)"
    )
    caps = sub.add_parser(
        "capabilities", help="list the capabilities this installation serves, with what each declares"
    )
    caps.add_argument("--json", action="store_true", help="print the registries as JSON")
    backup = sub.add_parser("backup", help="write a backup of the database to a file")
    backup.add_argument("file")
    restore = sub.add_parser("restore", help="replace the database with a backup file")
    restore.add_argument("file")

    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"lerend-netwerk: {exc}", file=sys.stderr)
        return 2
    return COMMANDS[args.command](settings, args)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.migrate import upgrade
    from lerend_netwerk.serving import run_server

    if not args.no_migrate:
        upgrade(settings.database_url)
    run_server(
        "lerend_netwerk.app:create_app", settings, host=args.host, port=args.port, workers=args.workers, courier=True
    )
    return 0


def _courier(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk import courier

    name = args.name or settings.outbox_courier
    if not name:
        print("Give the courier a name: --name or LN_OUTBOX_COURIER (the web workers need the same).", file=sys.stderr)
        return 2
    courier.serve(settings, name, parent=args.parent)
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.migrate import upgrade

    upgrade(settings.database_url)
    print("Database is up to date.")
    return 0


def _scale(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("N must be a whole number of 1 or more")
    return int(value)


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk import demo
    from lerend_netwerk.db import Database
    from lerend_netwerk.migrate import upgrade
    from lerend_netwerk.registry import Registry

    upgrade(settings.database_url)
    if args.scale is not None:
        return _demo_scale(settings, args.scale)
    db = Database.from_settings(settings)
    try:
        created = db.write_sync(demo.fill, settings, Registry.build(), force=args.force)
    finally:
        db.dispose()
    if not created:
        print("The database already has networks; nothing added (use --force to add anyway).")
        return 0
    print("Demo data added. Log in with one of these addresses (a login link is printed by `login-link EMAIL`):")
    for email in demo.DEMO_EMAILS:
        print("  " + email)
    return 0


def _demo_scale(settings: Settings, scale: int) -> int:
    import logging
    import time

    from lerend_netwerk import scale as generator
    from lerend_netwerk.db import Database

    db = Database.from_settings(settings)
    logging.basicConfig(level=logging.INFO, format="  %(message)s")  # the generator logs each step's time
    started = time.perf_counter()
    try:
        made = generator.generate(db, scale, secret_key=settings.secret_key)
    except generator.NotEmptyError:
        print("lerend-netwerk: the database already has networks; --scale fills an empty database.", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"Scale {scale} generated in {time.perf_counter() - started:.1f} s:")
    for name, count in made.items():
        print(f"  {name:<22} {count:>10,}")
    print("Log in as a network's coordinator (N = 1, 2, ...; coordinator1 is also administrator), for example:")
    print(f"  lerend-netwerk login-link {generator.coordinator_email(1)}")
    return 0


def _create_admin(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.accounts.queries import person_by_email
    from lerend_netwerk.db import Database
    from lerend_netwerk.migrate import upgrade
    from lerend_netwerk.networks.models import Person
    from lerend_netwerk.web.forms import Form

    form = Form({"email": args.email})
    email = form.email("email", required=True)
    if not form.ok:
        print(f"lerend-netwerk: {form.errors['email']}", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    db = Database.from_settings(settings)

    def create(session: object) -> None:
        person = person_by_email(session, email)  # type: ignore[arg-type]
        if person is None:
            session.add(Person(name=args.name, email=email, is_admin=True))  # type: ignore[attr-defined]
        else:
            person.is_admin = True

    db.write_sync(create)
    db.dispose()
    print(f"{email} is now an administrator.")
    return 0


def _login_link(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.accounts.service import create_login_token
    from lerend_netwerk.db import Database
    from lerend_netwerk.registry import Registry

    db = Database.from_settings(settings)
    found = db.write_sync(create_login_token, args.email, minutes=settings.magic_link_minutes)
    db.dispose()
    if found is None:
        print(f"lerend-netwerk: no person with e-mail {args.email}", file=sys.stderr)
        return 1
    _, token = found
    print(settings.base_url.rstrip("/") + Registry.build().urls.path("accounts:link_confirm", token=token))
    return 0


def _send_digests(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.db import Database
    from lerend_netwerk.practices.digest import send_all

    db = Database.from_settings(settings)
    try:
        sent = send_all(settings, db)
    finally:
        db.dispose()
    print(f"{sent} digest(s) queued and handed to the outbox.")
    return 0


def _send_reminders(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk.dialogue.reminders import send_reminders

    return send_reminders(settings, days=args.days)


def _retention(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk import retention
    from lerend_netwerk.db import Database
    from lerend_netwerk.registry import Registry

    db = Database.from_settings(settings)
    try:
        report = db.write_sync(retention.run, settings, Registry.build())
    finally:
        db.dispose()
    for name, count in report.items():
        print(f"{name}: {count}")
    return 0


def _periodic(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk import periodic
    from lerend_netwerk.db import Database
    from lerend_netwerk.registry import Registry

    registry = Registry.build()
    db = Database.from_settings(settings)
    try:
        if args.list:
            for job, row in db.read_sync(periodic.schedule, registry.jobs):
                due = "now" if row is None or row.due_at is None else row.due_at.isoformat(timespec="minutes")
                last = f"{row.last_result}" if row is not None and row.last_result else "-"
                print(f"{job.name:<20} every {job.every}, next due {due}; last: {last}")
            return 0
        outcomes = periodic.run_due(settings, registry, db)
    finally:
        db.dispose()
    for outcome in outcomes:
        print(f"{outcome.job}: {outcome.state}{': ' + outcome.result if outcome.result else ''}")
    return 1 if any(o.state == "failed" for o in outcomes) else 0


def _outbox(settings: Settings, args: argparse.Namespace) -> int:
    from lerend_netwerk import outbox
    from lerend_netwerk.db import Database

    db = Database.from_settings(settings)
    try:
        if args.retry_failed:
            print(f"{db.write_sync(outbox.retry_failed)} failed e-mail(s) queued again.")
        counts = db.read_sync(outbox.summary)
    finally:
        db.dispose()
    print(", ".join(f"{status}: {count}" for status, count in counts.items()))
    return 0


def _capabilities(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from lerend_netwerk.registry import Registry

    registry = Registry.build()
    if args.json:
        print(json.dumps(registry.summary(), indent=2, ensure_ascii=False))
        return 0
    for capability in registry.capabilities:
        print(
            f"{capability.name:<10} {len(capability.routes):>3} routes, {len(capability.actions)} actions, "
            f"{len(capability.nav)} menu entries, privacy: {'yes' if capability.privacy else 'no'}, "
            f"{len(capability.retention)} retention rules, {len(capability.jobs)} periodic jobs, signal sources: "
            f"{', '.join(s.kind for s in capability.signal_sources) or '-'}"
        )
    return 0


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from lerend_netwerk.backup import BackupError, backup

    try:
        backup(settings.database_url, Path(args.file))
    except BackupError as exc:
        print(f"lerend-netwerk: {exc}", file=sys.stderr)
        return 1
    print(f"Backup written to {args.file}.")
    return 0


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from lerend_netwerk.backup import BackupError, restore

    try:
        restore(settings.database_url, Path(args.file))
    except BackupError as exc:
        print(f"lerend-netwerk: {exc}", file=sys.stderr)
        return 1
    print(f"Database restored from {args.file}.")
    return 0


COMMANDS = {
    "serve": _serve,
    "migrate": _migrate,
    "demo": _demo,
    "create-admin": _create_admin,
    "login-link": _login_link,
    "send-digests": _send_digests,
    "send-reminders": _send_reminders,
    "retention": _retention,
    "periodic": _periodic,
    "courier": _courier,
    "outbox": _outbox,
    "capabilities": _capabilities,
    "backup": _backup,
    "restore": _restore,
}

if __name__ == "__main__":
    raise SystemExit(main())
