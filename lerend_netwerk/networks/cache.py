"""The networks a worker process served, and the lists every page of a network shows (its threshold types, its
organisations, the networks its practices reach, a survey's questions, options and media), kept while the database
tells it of every change to them.

Every `/n/{network}/...` request needs its network. Reading it cost a statement, a connection checkout and a thread
hand-off per request: on PostgreSQL about 0.7 ms, a quarter of the dialogue session page. A network changes a few
times a year, so each worker keeps the rows it read, by slug, and forgets all of them when the database says the
network table changed: a trigger (migration 0020) sends `NOTIFY ln_network` when any transaction that wrote it
commits, whichever process wrote it, and a thread of this process LISTENs on its own connection.

The same goes for the lists (`kept_rows`): the threshold types, organisations and reach of a network took three
statements on every practice page, about 1.2 ms on PostgreSQL, and a survey's questions, options and media three on
each of its pages. They change as rarely, and their tables announce their changes on the same channel (migration
0022). Nothing found is not kept when the key may come from a visitor (a survey's code); a list of a row that
exists may be kept empty (a survey without pictures, `keep_empty`). A query asks for them through
`kept_rows(session, key, model, read)`: the read transactions carry this cache (`Database.share_with_reads`), the
write transactions do not, so a write always reads what it may change from the database.

What is kept is used only while that thread listens. Before it has connected, after the connection dropped (a
restart of the database) and while it reconnects, every request reads the network as before, and the rows kept
are forgotten. A read that began before a notification is not kept (the generation counter), so an old row never
outlives the change. On SQLite there is no channel, and no network is kept: there the read is a local file read on
the event loop, about 0.1 ms. The lists are kept there too, but checked per read transaction against a count of
changes that triggers keep in `reference_version` (migration 0023): one small read instead of three or four.

Each request gets its own copies, detached as if they came from the database: a request that changes its copy
changes nothing another request sees.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session, attributes

from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network

T = TypeVar("T")

log = logging.getLogger(__name__)

CHANNEL = "ln_network"
# what is kept is read from these: a network, its threshold types, organisations and region, and its surveys' questions
TABLES = ("network", "threshold_type", "organisation", "survey", "survey_question", "survey_option", "survey_media")
TRIGGERS = tuple(f"{table}_changed" for table in TABLES)  # migrations 0020 and 0022
VERSION_TABLE = "reference_version"  # SQLite: changes to TABLES counted by triggers (migration 0023)
_READ_VERSION = text("SELECT version FROM reference_version")
SHARED = "lerend_netwerk.networks"  # key of this cache in a read transaction's `Session.info`
RETRY_SECONDS = 5.0
POLL_SECONDS = 0.5  # how often the listening thread looks up from waiting, to see whether it should stop


class NetworkCache:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._rows: dict[str, _Kept] = {}
        # key -> (version, rows as column values or a frozen set of ids); the version is the generation on PostgreSQL,
        # the count in VERSION_TABLE on SQLite
        self._lists: dict[Hashable, tuple[int, Any]] = {}
        self._counted = False  # SQLite, between start() and stop()
        self._generation = 0
        self._listening = False
        self._heard = ""  # the payload of the last notification handled (`heard`)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # This process's own writes are forgotten at once (the notification arrives a moment later, in the thread).
        for table in TABLES:
            db.after_writing(table, self.forget)
        db.share_with_reads(SHARED, self)

    # -- what requests use ------------------------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._listening

    def heard(self, payload: str) -> bool:
        """Whether the last notification this process has handled carried `payload`. Notifications arrive in the
        order their transactions committed: one sent after some writes, once heard, means those writes were heard
        too (a test sends one and waits for it, so what it counts next does not depend on how soon they arrive)."""
        return self._heard == payload

    def generation(self) -> int:
        """Take this before reading a network from the database, and give it to `keep`."""
        return self._generation

    def get(self, slug: str) -> Network | None:
        """A copy of the network kept for `slug`, or None (read it from the database)."""
        if not self._listening:
            return None
        values = self._rows.get(slug)
        return None if values is None else _detached(Network, values)

    def keep(self, slug: str, network: Network, generation: int) -> None:
        """Keep what a request read, unless the table changed since it began to read (or nobody listens)."""
        if not self._listening:
            return  # SQLite, or not yet (again) listening: nothing is kept, so nothing to copy
        values = _values(network)
        with self._lock:
            if self._listening and generation == self._generation:
                self._rows[slug] = values

    def rows(
        self, db: Session, key: Hashable, model: type[T], read: Callable[[], list[T]], *, keep_empty: bool = False
    ) -> list[T]:
        """Copies of the rows `read()` gave for `key` in read transaction `db`; `read` is called only when they are
        not kept (or not for what `db` sees)."""
        return self._through(
            db,
            key,
            read,
            lambda rows: [_values(r) for r in rows],
            lambda kept: [_detached(model, v) for v in kept],
            keep_empty=keep_empty,
        )

    def ids(self, db: Session, key: Hashable, read: Callable[[], set[int]]) -> set[int]:
        """A copy of the ids `read()` gave for `key` in read transaction `db` (as `rows`)."""
        return self._through(db, key, read, frozenset, set)

    def _version(self, db: Session) -> int | None:
        """What the lists kept must have been read at to serve `db`; None: use nothing kept."""
        if self._counted:
            if "reference_version" not in db.info:  # once per transaction, in its snapshot
                db.info["reference_version"] = db.execute(_READ_VERSION).scalar_one()
            return db.info["reference_version"]
        return self._generation if self._listening else None

    def _through(
        self,
        db: Session,
        key: Hashable,
        read: Callable[[], Any],
        freeze: Callable[[Any], Any],
        thaw: Callable[[Any], Any],
        *,
        keep_empty: bool = False,
    ) -> Any:
        version = self._version(db)
        if version is None:
            return read()
        kept = self._lists.get(key)
        if kept is not None and kept[0] == version:
            return thaw(kept[1])
        found = read()
        if not found and not keep_empty:  # a key may come from a visitor (a survey's code): keep no empty answer
            return found
        frozen = freeze(found)
        with self._lock:
            # PostgreSQL: not if a change was heard since (the generation moved on). SQLite: the version was read in
            # the same snapshot as the rows.
            if self._counted or (self._listening and version == self._generation):
                self._lists[key] = (version, frozen)
        return found

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._rows.clear()
            self._lists.clear()

    # -- the listening thread ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Listen, in a daemon thread, if the database is PostgreSQL and has the triggers (else keep nothing). On
        SQLite keep the lists, checked against the version each read transaction sees (no network is kept)."""
        if self._db.is_sqlite:
            self._counted = True
            return
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._listen, name="network-cache", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop using what is kept at once; the thread ends by itself within POLL_SECONDS."""
        self._stop.set()
        self._thread = None
        self._counted = False
        self._set_listening(False)

    def _set_listening(self, listening: bool) -> None:
        with self._lock:
            self._listening = listening
            self._generation += 1
            self._rows.clear()
            self._lists.clear()

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
            found = conn.execute("SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)", [list(TRIGGERS)]).fetchone()
            if found is None or found[0] < len(TRIGGERS):
                log.warning(
                    "network cache: the database lacks the triggers %s (migrate); not used", ", ".join(TRIGGERS)
                )
                self._stop.wait()
                return
            conn.execute(f"LISTEN {CHANNEL}")
            self._set_listening(True)  # from now on every change is heard: what was kept before is dropped
            while not self._stop.is_set():
                for notice in conn.notifies(timeout=POLL_SECONDS, stop_after=1):
                    self.forget()
                    self._heard = notice.payload
        finally:
            conn.close()


def kept_rows(
    db: Session, key: Hashable, model: type[T], read: Callable[[], list[T]], *, keep_empty: bool = False
) -> list[T]:
    """What `read()` gives, from the cache of this process when `db` is a read transaction of an app that keeps it
    (see the module's text); `key` names the list, e.g. ("organisations", network_id). `keep_empty`: the key is
    made from a row that exists (a found survey's id), so an empty list is kept too (a survey without pictures)."""
    cache: NetworkCache | None = db.info.get(SHARED)
    return read() if cache is None else cache.rows(db, key, model, read, keep_empty=keep_empty)


def kept_ids(db: Session, key: Hashable, read: Callable[[], set[int]]) -> set[int]:
    """`kept_rows` for a set of ids (networks in a region, say)."""
    cache: NetworkCache | None = db.info.get(SHARED)
    return read() if cache is None else cache.ids(db, key, read)


@dataclass(frozen=True, slots=True)
class _Kept:
    """A row as it is kept: its column values (JSON frozen: `frozen_json`) and its identity key."""

    values: dict[str, Any]
    identity: Any


def _values(row: Any) -> _Kept:
    mapper = inspect(type(row))
    values = {c.key: frozen_json(getattr(row, c.key)) for c in mapper.column_attrs}
    return _Kept(values, mapper.identity_key_from_primary_key(tuple(values[c.key] for c in mapper.primary_key)))


def _detached(model: type[T], kept: _Kept) -> T:
    """A copy of a row as a detached instance, as `make_transient_to_detached(model(**values))` makes it, at a
    twentieth of the cost (no constructor, no attribute events; the identity key worked out when it was kept). Its
    JSON values are the kept ones, frozen, so no request can change what the next one sees; a request may still give
    its copy a new value."""
    row = model._sa_class_manager.new_instance()  # type: ignore[attr-defined]
    row.__dict__.update(kept.values)
    attributes.instance_state(row).key = kept.identity
    return row


def _refuse(self: Any, *args: Any, **kwargs: Any) -> None:
    raise TypeError(f"{type(self).__name__}: this value is shared by every request of the worker; copy it to change it")


class FrozenDict(dict[str, Any]):
    """A dict of a kept row's JSON column that cannot be changed. Still a dict (templates, `json.dumps`, `dict(...)`
    and `|` work); `copy.deepcopy` gives a plain dict to change."""

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v, memo) for k, v in self.items()}

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))


class FrozenList(list[Any]):
    """A list of a kept row's JSON column that cannot be changed (see `FrozenDict`)."""

    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = sort = reverse = _refuse  # type: ignore[assignment]
    __iadd__ = __imul__ = _refuse  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(v, memo) for v in self]

    def __reduce__(self) -> Any:
        return (list, (list(self),))


def frozen_json(value: Any) -> Any:
    """`value` with every dict and list in it frozen (a new tree: what the row holds is left as it was). Other values
    of a kept row's columns (str, numbers, dates, enums) cannot be changed anyway."""
    if isinstance(value, dict):
        return FrozenDict({k: frozen_json(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(frozen_json(v) for v in value)
    return value
