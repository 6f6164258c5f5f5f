"""Outgoing e-mail: what a message is (`Message`) and how it travels (`SmtpChannel`). Nothing here is called by a
page: a message is written into the outbox (`lerend_netwerk.outbox`) in the transaction that causes it, and the
outbox hands it to the channel after commit. An SMS provider can be added as another `Channel`."""

from __future__ import annotations

import email.policy
import smtplib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from typing import Protocol
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # "text/calendar; method=REQUEST"


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    to_name: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


class DeliveryError(Exception):
    """A message did not (certainly) reach the mail server. `reason` is a short code without personal data
    ("unreachable", "temporary:451", "refused:550", "uncertain", ...), shown to coordinators as a Dutch label.

    `retry`: trying again later is safe, because the server certainly did not accept the message (it was refused
    before its content was sent, or the server could not be reached). `server_down`: every other message would
    fail the same way now, so a delivery run stops early."""

    def __init__(self, reason: str, *, retry: bool, server_down: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.server_down = server_down


class Channel(Protocol):
    def send_each(self, messages: Iterable[Message]) -> Iterator[DeliveryError | None]:
        """Hand the messages over in turn, yielding for each, in order, None (taken) or its `DeliveryError`; after
        an error with `server_down` the rest are not tried (the generator ends)."""


def _refusal(what: str, code: int, *, server_down: bool = False) -> DeliveryError:
    """A 4xx answer is temporary (try again later); a 5xx answer to the recipient or the content is final."""
    if 400 <= code < 500:
        return DeliveryError(f"temporary:{code}", retry=True, server_down=server_down)
    return DeliveryError(f"{what}:{code}", retry=server_down, server_down=server_down)


class SmtpChannel:
    """Plain SMTP, STARTTLS with smtp+starttls://, implicit TLS with smtps://; credentials in the URL.

    The SMTP dialogue is run step by step so a failure can be told apart by when it happened: before the message
    content was sent, the server certainly did not take it (safe to try again); while the content was being sent,
    nobody knows (the connection may have dropped after the server stored it), so it is not tried again."""

    def __init__(self, url: str, sender: str, *, timeout: float = 20) -> None:
        parts = urlsplit(url)
        self.scheme = parts.scheme
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender
        self.timeout = timeout

    def build(self, message: Message) -> EmailMessage:
        built = EmailMessage()
        built["From"] = self.sender
        built["To"] = formataddr((message.to_name, message.to)) if message.to_name else message.to
        built["Subject"] = message.subject
        built["Message-ID"] = make_msgid(domain="lerend-netwerk")
        built.set_content(message.text)
        for attachment in message.attachments:
            maintype, _, subtype = attachment.mimetype.partition("/")
            subtype, *params = subtype.split(";")
            built.add_attachment(
                attachment.content,
                maintype=maintype,
                subtype=subtype.strip(),
                filename=attachment.filename,
                # A text attachment (the .ics) is UTF-8: without the charset, readers take it for ASCII and
                # mangle every non-Latin letter (an Arabic or Ukrainian description).
                params={"charset": "utf-8", **dict(p.strip().split("=", 1) for p in params if "=" in p)}
                if maintype == "text"
                else dict(p.strip().split("=", 1) for p in params if "=" in p),
            )
        return built

    def _connect(self) -> smtplib.SMTP:
        try:
            if self.scheme == "smtps":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError("unreachable", retry=True, server_down=True) from exc
        try:
            if self.scheme == "smtp+starttls":
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise DeliveryError("login", retry=True, server_down=True) from exc
        return smtp

    def send_each(self, messages: Iterable[Message]) -> Iterator[DeliveryError | None]:
        """One connection for all of them (a connection per message cost the mail server and this worker a
        greeting, EHLO and QUIT each). After a refusal the connection is reset (RSET) and used for the next; after
        an "uncertain" one it is not trusted and the next message opens a new one."""
        smtp: smtplib.SMTP | None = None
        try:
            for message in messages:
                if smtp is None:
                    try:
                        smtp = self._connect()
                    except DeliveryError as exc:
                        yield exc
                        return
                try:
                    self._send(smtp, message)
                except DeliveryError as exc:
                    yield exc
                    if exc.server_down:
                        return
                    smtp = self._reset(smtp)
                    continue
                yield None
        finally:
            if smtp is not None:
                try:  # everything is handed over (or refused); a failing goodbye changes nothing
                    smtp.quit()
                except (OSError, smtplib.SMTPException):
                    smtp.close()

    @staticmethod
    def _reset(smtp: smtplib.SMTP) -> smtplib.SMTP | None:
        """The connection, ready for the next message after a refusal; None when it cannot be (closed)."""
        try:
            code, _ = smtp.rset()
            if code == 250:
                return smtp
        except (OSError, smtplib.SMTPException):
            pass
        smtp.close()
        return None

    def _send(self, smtp: smtplib.SMTP, message: Message) -> None:
        content = self.build(message).as_bytes(policy=email.policy.SMTP)
        sender = parseaddr(self.sender)[1] or self.sender
        options = ["SMTPUTF8", "BODY=8BITMIME"] if not (sender + message.to).isascii() else []
        try:
            smtp.ehlo_or_helo_if_needed()
            if options and not smtp.has_extn("smtputf8"):
                raise DeliveryError("refused:553", retry=False)
            code, _ = smtp.mail(sender, options)
            if code != 250:
                raise _refusal("sender", code, server_down=True)
            code, _ = smtp.rcpt(message.to)
            if code not in (250, 251):
                raise _refusal("refused", code)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError("unreachable", retry=True, server_down=True) from exc
        try:
            smtp.data(content)
        except smtplib.SMTPDataError as exc:  # the server answered: it did not take the message
            raise _refusal("rejected", exc.smtp_code) from exc
        except (OSError, smtplib.SMTPException) as exc:  # gone while sending: it may have arrived
            raise DeliveryError("uncertain", retry=False) from exc
