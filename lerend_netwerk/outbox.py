"""The outbox: the one way e-mail leaves the platform.

A message is written into the `outbox_message` table by `enqueue()`, in the same transaction as the change that
causes it (a sign-up, a login link, published feedback): if that transaction rolls back, there is no mail; if it
commits, the mail is not lost when the mail server is down. Delivery happens after commit and off the event loop:
right after the request that queued it (`DeliverAfterResponse`: the courier, a process of its own that `serve`
starts, is woken; without one, the worker runs `Dispatcher.run` in a thread, one delivery at a time per process)
and, for retries and for mail queued outside a request, from the `outbox` job of `lerend-netwerk periodic`.

At most once: a message is claimed before it is sent (`queued` -> `sending`, read `FOR UPDATE SKIP LOCKED` on
PostgreSQL), so two workers or hosts never both take it. Messages are claimed and sent in batches, over one
connection to the mail server. A message is only tried again when the mail server certainly did not accept it
(`mail.DeliveryError.retry`); then it goes back to `queued` with a back-off. A message that stays `sending` longer
than `STALE` was held by a worker that died mid-send: whether the server took it is unknown, so it is marked
`failed` ("interrupted"), never re-sent on its own; a person decides (`lerend-netwerk outbox --retry-failed`).

Once sent, a message's body and attachments (and any login link in them) are removed in the same UPDATE that
marks it sent; what stays (address, subject, status, times) is shown to the network's coordinator and removed by
the retention rules the networks capability declares."""

from __future__ import annotations

import base64
import contextlib
import logging
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from lerend_netwerk import wakeup
from lerend_netwerk.db import Base, Database, utcnow
from lerend_netwerk.mail import Attachment, Channel, DeliveryError, Message, SmtpChannel
from lerend_netwerk.settings import Settings

if TYPE_CHECKING:
    from lerend_netwerk.periodic import JobContext

log = logging.getLogger("lerend_netwerk.outbox")

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
STATUSES = (QUEUED, SENDING, SENT, FAILED)
# Minutes to wait after the 1st, 2nd, ... failed attempt: 11 attempts over about two days, then `failed`.
BACKOFF_MINUTES = (1, 5, 15, 30, 60, 120, 240, 480, 720, 1440)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# One SMTP exchange takes at most a few timeouts of 20 s; a message `sending` for longer lost its worker.
STALE = timedelta(minutes=10)


class OutboxMessage(Base):
    """One e-mail, from the moment it is decided until the retention rules remove it."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
        Index("ix_outbox_message_network_created", "network_id", "created_at"),
        Index("ix_outbox_message_recipient", "recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))  # None: platform
    kind: Mapped[str] = mapped_column(String(40))  # "dialogue.reminder", "accounts.login_link", ...
    recipient: Mapped[str] = mapped_column(String(254))  # lower case
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")  # emptied once sent
    attachments: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # filename, mimetype, base64
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(String(40), default="")  # a code (mail.DeliveryError), no personal data
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()

    def message(self) -> Message:
        return Message(
            to=self.recipient,
            to_name=self.recipient_name,
            subject=self.subject,
            text=self.body,
            attachments=tuple(
                Attachment(a["filename"], base64.b64decode(a["content"]), a["mimetype"]) for a in self.attachments
            ),
        )


# -- writing ---------------------------------------------------------------------------------------------------


@dataclass
class _Queued:
    """Set for the duration of one request by `DeliverAfterResponse`; `enqueue` marks it, so the request is
    followed by a delivery run only when it queued mail. Worker threads see the same object (contextvars are
    copied into `run_in_threadpool`)."""

    any: bool = False


_request_queue: ContextVar[_Queued | None] = ContextVar("outbox_request_queue", default=None)


def enqueue(db: Session, message: Message, *, kind: str, network_id: int | None) -> OutboxMessage:
    """Write `message` into the outbox as part of the caller's transaction. It leaves after commit."""
    row = OutboxMessage(
        network_id=network_id,
        kind=kind,
        recipient=message.to.strip().lower(),
        recipient_name=message.to_name,
        subject=message.subject,
        body=message.text,
        attachments=[
            {"filename": a.filename, "mimetype": a.mimetype, "content": base64.b64encode(a.content).decode("ascii")}
            for a in message.attachments
        ],
        status=QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.add(row)
    marker = _request_queue.get()
    if marker is not None:
        marker.any = True
    return row


# -- delivering ------------------------------------------------------------------------------------------------


# The table itself for the UPDATEs of delivery: through the mapped class, SQLAlchemy's ORM path for bulk UPDATEs
# (matching the rows to objects loaded in the session, of which a delivery transaction has none) took more of a
# sign-up's CPU than the statements' round trips.
_TABLE = OutboxMessage.__table__
BATCH = 20  # messages claimed in one transaction and handed to the mail server over one connection


def claim_due(db: Session, *, now: datetime, limit: int = BATCH) -> list[tuple[int, Message]]:
    """Take up to `limit` due messages for this worker (`queued` -> `sending`), the longest due first. The rows are
    read `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer at a time): a row another worker is taking
    is skipped, and a row read here as queued stays so until this transaction ends, so all of them are taken."""
    rows = db.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if rows:
        db.execute(
            update(_TABLE)
            .where(_TABLE.c.id.in_([row.id for row in rows]), _TABLE.c.status == QUEUED)
            .values(status=SENDING, claimed_at=now, attempts=_TABLE.c.attempts + 1)
        )
    return [(row.id, row.message()) for row in rows]


def release(db: Session, message_ids: list[int]) -> None:
    """Claimed but not tried (the mail server went away before their turn): queued again as they were."""
    db.execute(
        update(_TABLE)
        .where(_TABLE.c.id.in_(message_ids), _TABLE.c.status == SENDING)
        .values(status=QUEUED, claimed_at=None, attempts=_TABLE.c.attempts - 1)
    )


def mark_sent(db: Session, message_ids: list[int], *, now: datetime) -> None:
    """Sent: keep what the coordinator sees, drop the content (a login link in it included)."""
    db.execute(
        update(_TABLE)
        .where(_TABLE.c.id.in_(message_ids))
        .values(status=SENT, sent_at=now, body="", attachments=[], last_error="", claimed_at=None)
    )


def mark_failed(db: Session, message_id: int, error: DeliveryError, *, now: datetime) -> str:
    """Back to `queued` with a back-off when trying again is safe and attempts are left, else `failed`."""
    row = db.get(OutboxMessage, message_id)
    if row is None:  # erased meanwhile (a person's erasure)
        return FAILED
    if error.retry and row.attempts < MAX_ATTEMPTS:
        row.status = QUEUED
        row.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[max(row.attempts, 1) - 1])
    else:
        row.status = FAILED
    row.last_error = error.reason[:40]
    row.claimed_at = None
    return row.status


def expire_interrupted(db: Session, *, now: datetime) -> int:
    """Messages left `sending` by a worker that died: unknown whether they arrived, so `failed`, not re-sent."""
    return db.execute(  # type: ignore[attr-defined,no-any-return]
        update(_TABLE)
        .where(_TABLE.c.status == SENDING, _TABLE.c.claimed_at < now - STALE)
        .values(status=FAILED, last_error="interrupted", claimed_at=None)
    ).rowcount


@dataclass
class Report:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retry} to try again later, {self.failed} failed, "
            f"{self.interrupted} interrupted earlier"
        )


def deliver_due(
    database: Database,
    channel: Channel,
    *,
    limit: int = 500,
    now: Callable[[], datetime] = utcnow,
    expire: bool = True,
) -> Report:
    """Send what is due, up to `limit` messages, in batches (`claim_due`): each claim and each batch's outcome is
    its own short transaction, so no lock is held while SMTP talks. A batch's sent messages are marked in one
    transaction once the batch is through; a worker that dies mid-batch leaves them `sending`, and
    `expire_interrupted` later marks them failed ("interrupted"), never re-sent on its own (`expire=False`: not
    this run; the delivery after each request leaves that to the periodic job). Stops early when the mail server
    is unreachable: the rest would fail the same way and waits for the next run."""
    report = Report()
    if expire:
        report.interrupted = database.write_sync(expire_interrupted, now=now())
    tried = 0
    while tried < limit:
        batch = database.write_sync(claim_due, now=now(), limit=min(BATCH, limit - tried))
        if not batch:
            break
        sent: list[int] = []
        done = 0
        server_down = False
        with contextlib.closing(channel.send_each(message for _id, message in batch)) as outcomes:
            for (message_id, _message), error in zip(batch, outcomes, strict=False):  # it may stop early
                done += 1
                if error is None:
                    sent.append(message_id)
                    continue
                status = database.write_sync(mark_failed, message_id, error, now=now())
                if status == QUEUED:
                    report.retry += 1
                else:
                    report.failed += 1
                report.errors.append(error.reason)
                log.warning("mail %s not delivered: %s (%s)", message_id, error.reason, status)
                server_down = error.server_down
        if sent:
            database.write_sync(mark_sent, sent, now=now())
            report.sent += len(sent)
        if done < len(batch):
            database.write_sync(release, [message_id for message_id, _message in batch[done:]])
        tried += done
        if server_down or len(batch) < BATCH:
            break
    return report


def deliver_requested(database: Database, channel: Channel) -> Report:
    """Deliver what requests queued, after them (the courier, or a worker without one). Messages a dead worker left
    `sending` are for the periodic job (every few minutes): looking for them after every request that queued mail
    was a write transaction more per sign-up."""
    return deliver_due(database, channel, limit=100, expire=False)


def retry_failed(db: Session, *, network_id: int | None = None, now: datetime | None = None) -> int:
    """Put failed messages (that still have their content) back in the queue, with a fresh count of attempts.
    For after a mail-server outage or a configuration fix; an "interrupted" or "uncertain" one may then arrive
    twice, which is the choice of the person who asks for this."""
    query = update(OutboxMessage).where(OutboxMessage.status == FAILED, OutboxMessage.body != "")
    if network_id is not None:
        query = query.where(OutboxMessage.network_id == network_id)
    return db.execute(  # type: ignore[attr-defined,no-any-return]
        query.values(status=QUEUED, attempts=0, next_attempt_at=now or utcnow(), last_error="")
    ).rowcount


def channel(settings: Settings) -> Channel:
    """The mail server of these settings (`LN_SMTP_URL`, `LN_MAIL_FROM`)."""
    return SmtpChannel(settings.smtp_url, settings.mail_from)


def job(context: JobContext) -> str:
    """The periodic job: deliver what is due (retries after their back-off included)."""
    return str(deliver_due(context.database, channel(context.settings), now=context.clock))


class Dispatcher:
    """Has the mail a request queued delivered: by the courier, the process `serve` starts beside the workers
    (`courier`, its name), or when none answers from this web worker, off the event loop, with at most one delivery
    run per process at a time: a request that queued mail while a run is busy only asks that run to look once more."""

    def __init__(self, database: Database, channel: Channel, *, courier: str = "") -> None:
        self.database = database
        self.channel = channel
        self.courier = courier
        self._slot = threading.Lock()
        self._again = threading.Event()

    async def after_request(self) -> None:
        """The mail a request queued, on its way: the courier is told, or else this worker delivers it."""
        if not wakeup.wake(self.courier):
            await run_in_threadpool(self.run)

    def run(self) -> None:
        """Blocking; call it in a worker thread (`run_in_threadpool`). Never raises: what was not delivered now
        is delivered by the next request's run or by the periodic job."""
        self._again.set()
        while self._again.is_set():
            if not self._slot.acquire(blocking=False):
                return  # the run that holds the slot sees `_again` before it lets go
            try:
                while self._again.is_set():
                    self._again.clear()
                    deliver_requested(self.database, self.channel)
            except Exception:  # the database or anything else: the periodic job tries again
                log.exception("outbox delivery after a request failed")
                return
            finally:
                self._slot.release()


class DeliverAfterResponse:
    """ASGI middleware: after the response of a request that queued mail has been sent, deliver it (in a worker
    thread, so the event loop keeps serving). The person got their answer already; the mail follows."""

    def __init__(self, app: ASGIApp, dispatcher: Dispatcher) -> None:
        self.app = app
        self.dispatcher = dispatcher

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        marker = _Queued()
        token = _request_queue.set(marker)
        try:
            await self.app(scope, receive, send)
        finally:
            _request_queue.reset(token)
            if marker.any:
                await self.dispatcher.after_request()


def summary(db: Session) -> dict[str, Any]:
    """Messages per status over the whole installation, for the operator (`lerend-netwerk outbox`)."""
    counts = dict(db.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status: int(counts.get(status, 0)) for status in STATUSES}
