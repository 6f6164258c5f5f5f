"""Outgoing messages. Everything goes through `Messenger.send(Message)`; e-mail over SMTP is the one channel
today, and an SMS provider can be added as another `Channel` without touching the callers."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Protocol
from urllib.parse import unquote, urlsplit

from lerend_netwerk.settings import Settings

log = logging.getLogger("lerend_netwerk.mail")


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


class Channel(Protocol):
    def send(self, message: Message) -> None: ...


class SmtpChannel:
    """Plain SMTP, STARTTLS with smtp+starttls://, implicit TLS with smtps://; credentials in the URL."""

    def __init__(self, url: str, sender: str) -> None:
        parts = urlsplit(url)
        self.scheme = parts.scheme
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender

    def build(self, message: Message) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = formataddr((message.to_name, message.to)) if message.to_name else message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain="lerend-netwerk")
        email.set_content(message.text)
        for attachment in message.attachments:
            maintype, _, subtype = attachment.mimetype.partition("/")
            subtype, *params = subtype.split(";")
            email.add_attachment(
                attachment.content,
                maintype=maintype,
                subtype=subtype.strip(),
                filename=attachment.filename,
                params=dict(p.strip().split("=", 1) for p in params if "=" in p),
            )
        return email

    def send(self, message: Message) -> None:
        email = self.build(message)
        smtp_class = smtplib.SMTP_SSL if self.scheme == "smtps" else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=20) as smtp:
            if self.scheme == "smtp+starttls":
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(email)


class Messenger:
    def __init__(self, settings: Settings) -> None:
        self.email: Channel = SmtpChannel(settings.smtp_url, settings.mail_from)

    def send(self, message: Message) -> bool:
        """Send, and report failure instead of raising: a mail server hiccup must not undo a sign-up."""
        try:
            self.email.send(message)
        except (OSError, smtplib.SMTPException):
            log.exception("could not send mail %r", message.subject)
            return False
        return True
