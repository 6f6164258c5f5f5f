"""A wake-up call between the processes of one host: a datagram to a name in Linux's abstract socket namespace (no
file to clean up; the name is gone with the process that listens on it). The web workers wake the courier with it
(`lerend_netwerk.courier`)."""

from __future__ import annotations

import secrets
import socket


def new_name(purpose: str) -> str:
    """A fresh name: two installations on one host, or two test servers, never share one."""
    return f"lerend-netwerk-{purpose}-{secrets.token_hex(8)}"


def _address(name: str) -> str:
    return "\0" + name


def wake(name: str) -> bool:
    """Wake whoever listens on `name`. False when nobody does (or `name` is empty): then the caller does the work."""
    if not name:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            sock.sendto(b"!", _address(name))
    except BlockingIOError:
        return True  # its queue is full of wake-ups already: it is awake
    except OSError:
        return False  # nobody listens (ConnectionRefusedError), or the name is not usable
    return True


def listen(name: str) -> socket.socket:
    """A socket that receives the wake-ups sent to `name`; raises OSError when another process listens there."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(_address(name))
    return sock
