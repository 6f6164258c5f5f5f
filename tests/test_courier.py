"""Mail leaves through the courier that `lerend-netwerk serve` starts beside its web workers, tried against a real
server process (two workers) on the test database: the worker that answered a request hands its mail to the
courier (with the courier paused the mail waits; once it goes on, the mail arrives); with the courier gone, the
worker delivers the mail itself; and a `serve` that is killed leaves no courier behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from lerend_netwerk import wakeup
from tests.conftest import csrf_from
from tests.factories import make_person
from tests.served import served

pytestmark = pytest.mark.slow
EMAIL = "amina@voorbeeld.be"


def _children(pid: int) -> list[tuple[int, str, bytes]]:
    """(pid, state, command line) of the processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
            fields = tail.split()
            if int(fields[1]) == pid:
                found.append((int(stat.parent.name), fields[0], (stat.parent / "cmdline").read_bytes()))
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return found


def courier_of(serve_pid: int) -> int:
    couriers = [pid for pid, _state, command in _children(serve_pid) if b"\0courier\0" in command]
    assert len(couriers) == 1, _children(serve_pid)
    return couriers[0]


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not collected it yet


def ask_login_link(client: httpx.Client) -> int:
    token = csrf_from(client.get("/inloggen").text)
    return client.post("/inloggen/email", data={"email": EMAIL, "csrf_token": token}).status_code


def arrived(outbox: list, count: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while len(outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(outbox) >= count


def test_the_workers_hand_their_mail_to_the_courier_and_deliver_it_themselves_without_one(
    database_url, db, tmp_path, smtp_server
):
    db.write_sync(make_person, name="Amina", email=EMAIL)
    smtp_server.outbox.clear()
    data = tmp_path / "data"
    with (
        served(database_url, data, smtp_port=smtp_server.port, workers=2) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        courier = courier_of(base.pid)
        os.kill(courier, signal.SIGSTOP)
        try:
            assert ask_login_link(client) == 200
            time.sleep(1.5)
            assert smtp_server.outbox == []  # handed to the courier, which is paused: no worker sent it
        finally:
            os.kill(courier, signal.SIGCONT)
        assert arrived(smtp_server.outbox, 1)
        assert smtp_server.outbox[0]["To"].addresses[0].addr_spec == EMAIL

        os.kill(courier, signal.SIGKILL)  # the courier is gone; serve does not start another
        deadline = time.monotonic() + 10
        while running(courier) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ask_login_link(client) == 200
        assert arrived(smtp_server.outbox, 2)  # the worker that answered sent it


def test_a_serve_that_is_killed_leaves_no_courier_behind(database_url, tmp_path, smtp_server):
    with served(database_url, tmp_path / "data", smtp_port=smtp_server.port) as base:
        courier = courier_of(base.pid)
        assert running(courier)
        os.kill(base.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while running(courier) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(courier)


def test_a_wake_up_reaches_only_a_listener():
    name = wakeup.new_name("test")
    assert not wakeup.wake(name)  # nobody listens yet
    assert not wakeup.wake("")
    with wakeup.listen(name) as sock:
        assert wakeup.wake(name)
        assert sock.recv(16) == b"!"
        with pytest.raises(OSError):
            wakeup.listen(name)  # one listener per name
    assert not wakeup.wake(name)
