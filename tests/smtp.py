"""A real SMTP server for the tests (aiosmtpd on a free port); received mail lands in `outbox` as parsed messages.

It can be stopped and started again on the same port (`stop()`, `start()`), to test what happens while the mail
server is away; it refuses every address at `REFUSED_DOMAIN` with a permanent 550, like a server that does not
know the person. `hold()` makes it keep each message waiting before it answers the end of the content, until
`release()`: a slow mail server, to see that nobody waits for it. `busy_after(n)` makes it answer 421 ("busy, try
later") to every sender once it holds n messages. `connections` lists, per message received, the number of the
connection it came over (1 for the first connection the server accepted)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

Outbox = list[EmailMessage]
REFUSED_DOMAIN = "@geweigerd.example"


class _Handler:
    def __init__(self, outbox: Outbox, gate: threading.Event, holding: threading.Event) -> None:
        self.outbox = outbox
        self.gate = gate
        self.holding = holding
        self.busy_after: int | None = None
        self.connections: list[int] = []
        self.opened = 0

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if self.busy_after is not None and len(self.outbox) >= self.busy_after:
            return "421 4.3.2 Too busy, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address.lower().endswith(REFUSED_DOMAIN):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if not self.gate.is_set():
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.gate.wait)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if not hasattr(session, "number"):
            self.opened += 1
            session.number = self.opened
        self.connections.append(session.number)
        self.outbox.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self.outbox: Outbox = []
        self.port = _free_port()
        self.controller: Controller | None = None
        self.gate = threading.Event()  # set: messages are accepted at once
        self.gate.set()
        self.holding = threading.Event()  # set once a held message is waiting
        self.handler = _Handler(self.outbox, self.gate, self.holding)

    @property
    def connections(self) -> list[int]:
        return self.handler.connections

    def busy_after(self, messages: int | None) -> None:
        self.handler.busy_after = messages

    @property
    def running(self) -> bool:
        return self.controller is not None

    def start(self) -> None:
        """Listen (again) on this server's port; a stopped aiosmtpd controller cannot restart, so each start makes
        a new one."""
        if self.controller is None:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def hold(self) -> None:
        """Keep each message waiting (the client is left waiting for the answer to its content) until `release()`."""
        self.holding.clear()
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()

    def stop(self) -> None:
        """Stop listening: connections to the port are refused, like a mail server that is down."""
        self.gate.set()  # a held message would keep the server from stopping
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()
