"""The networks a worker process served, kept while PostgreSQL tells it of every change to them.

Every `/n/{network}/...` request needs its network. Reading it cost a statement, a connection checkout and a thread
hand-off per request: on PostgreSQL about 0.7 ms, a quarter of the dialogue session page. A network changes a few
times a year, so each worker keeps the rows it read, by slug, and forgets all of them when the database says the
network table changed: a trigger (migration 0020) sends `NOTIFY ln_network` when any transaction that wrote it
commits, whichever process wrote it, and a thread of this process LISTENs on its own connection.

What is kept is used only while that thread listens. Before it has connected, after the connection dropped (a
restart of the database) and while it reconnects, every request reads the network as before, and the rows kept
are forgotten. A read that began before a notification is not kept (the generation counter), so an old row never
outlives the change. On SQLite there is no channel, and nothing is kept: there the read is a local file read on the
event loop, about 0.1 ms.

Each request gets its own copy of the network, detached as if it came from the database: a request that changes
its copy changes nothing another request sees.
"""

from __future__ import annotations

import copy
import logging
import threading
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network

log = logging.getLogger(__name__)

CHANNEL = "ln_network"
RETRY_SECONDS = 5.0
POLL_SECONDS = 0.5  # how often the listening thread looks up from waiting, to see whether it should stop
_COLUMNS = tuple(c.key for c in inspect(Network).column_attrs)


class NetworkCache:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._rows: dict[str, dict[str, Any]] = {}
        self._generation = 0
        self._listening = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # This process's own writes are forgotten at once (the notification arrives a moment later, in the thread).
        db.after_writing(Network.__tablename__, self.forget)

    # -- what requests use ------------------------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._listening

    def generation(self) -> int:
        """Take this before reading a network from the database, and give it to `keep`."""
        return self._generation

    def get(self, slug: str) -> Network | None:
        """A copy of the network kept for `slug`, or None (read it from the database)."""
        if not self._listening:
            return None
        values = self._rows.get(slug)
        return None if values is None else _network(values)

    def keep(self, slug: str, network: Network, generation: int) -> None:
        """Keep what a request read, unless the table changed since it began to read (or nobody listens)."""
        if not self._listening:
            return  # SQLite, or not yet (again) listening: nothing is kept, so nothing to copy
        values = {key: copy.deepcopy(getattr(network, key)) for key in _COLUMNS}
        with self._lock:
            if self._listening and generation == self._generation:
                self._rows[slug] = values

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._rows.clear()

    # -- the listening thread ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Listen, in a daemon thread, if the database is PostgreSQL and has the trigger (else keep nothing)."""
        if self._db.is_sqlite or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._listen, name="network-cache", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop using what is kept at once; the thread ends by itself within POLL_SECONDS."""
        self._stop.set()
        self._thread = None
        self._set_listening(False)

    def _set_listening(self, listening: bool) -> None:
        with self._lock:
            self._listening = listening
            self._generation += 1
            self._rows.clear()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen_once()
            except Exception as exc:  # noqa: BLE001 - any failure: read networks from the database until back
                log.warning("network cache: not listening to the database (%s); networks are read per request", exc)
            finally:
                self._set_listening(False)
            self._stop.wait(RETRY_SECONDS)

    def _listen_once(self) -> None:
        raw = self._db.engine.raw_connection()
        conn = raw.driver_connection
        raw.detach()  # its own connection, never returned to the pool
        try:
            conn.autocommit = True
            if conn.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'network_changed'").fetchone() is None:
                log.warning("network cache: the database has no network_changed trigger (migrate); not used")
                self._stop.wait()
                return
            conn.execute(f"LISTEN {CHANNEL}")
            self._set_listening(True)  # from now on every change is heard: what was kept before is dropped
            while not self._stop.is_set():
                for _notice in conn.notifies(timeout=POLL_SECONDS, stop_after=1):
                    self.forget()
        finally:
            conn.close()


def _network(values: dict[str, Any]) -> Network:
    network = Network(**copy.deepcopy(values))
    make_transient_to_detached(network)
    return network
