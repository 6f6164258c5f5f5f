"""What a capability says about the personal data it keeps: whose data (`Subject`) and how to export and erase
it (`Provider`, declared as `Capability.privacy`). The machinery that runs the providers (the "my data" pages,
erasure, the retention of people who left) is `accounts.mydata`; this module only names the contract, so the
operator modules (retention) and the declarations can refer to it without importing a capability."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Subject:
    """Whose data. `person_id` None: someone without an account, known only by `email`. `network_id`: only what
    that network holds (staff acting for someone); None: everything."""

    person_id: int | None = None
    email: str | None = None
    phone: str | None = None
    name: str | None = None
    network_id: int | None = None


@dataclass(frozen=True)
class Provider:
    name: str  # section key in the export, e.g. "dialogue"
    title: object  # lazy Dutch title shown on the page
    export: Callable[[Session, Subject], list[dict[str, Any]]]
    erase: Callable[[Session, Subject], int]  # returns how many records it removed or anonymised


Providers = Sequence[Provider]
