"""The taxonomy of thresholds (drempels) a network works on. Shared by practices, surveys and signals;
each network starts with the default set and its coordinator can add, rename and retire types."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, case, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lerend_netwerk.db import Base, utcnow
from lerend_netwerk.networks.cache import kept_rows
from lerend_netwerk.networks.models import Network

# code, Dutch label, pictogram (a file in static/img/drempels/<code>.svg), one plain-language explanation
DEFAULT_TYPES: list[tuple[str, str, str]] = [
    ("geld", "Geld", "Het kost te veel, of je moet vooraf betalen."),
    ("vervoer", "Vervoer", "Je geraakt er moeilijk: geen bus, geen auto, te ver."),
    ("taal", "Taal", "De uitleg is in moeilijke woorden of in een taal die je niet goed kent."),
    ("digitaal", "Digitaal", "Je moet je online inschrijven of een app gebruiken."),
    ("informatie", "Informatie", "Je weet niet dat het bestaat, of niet hoe het werkt."),
    ("schaamte", "Schaamte en vertrouwen", "Je voelt je niet welkom, of je durft het niet te vragen."),
    ("kinderopvang", "Kinderopvang", "Je kunt niet komen omdat niemand op de kinderen past."),
    ("tijd", "Tijd", "Het uur past niet bij je werk, je gezin of de bus."),
    ("toegankelijkheid", "Fysieke toegankelijkheid", "Het gebouw of de plek is moeilijk bereikbaar met een beperking."),
]


class ThresholdType(Base):
    __tablename__ = "threshold_type"
    __table_args__ = (UniqueConstraint("network_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    explanation: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def pictogram(self) -> str:
        """Static path of the pictogram; types a coordinator added use the generic one."""
        known = {code for code, _, _ in DEFAULT_TYPES}
        return f"img/drempels/{self.code if self.code in known else 'andere'}.svg"


def ensure_defaults(db: Session, network_id: int) -> None:
    """Give a network the default threshold types (idempotent)."""
    existing = set(db.scalars(select(ThresholdType.code).where(ThresholdType.network_id == network_id)))
    for position, (code, label, explanation) in enumerate(DEFAULT_TYPES):
        if code not in existing:
            db.add(
                ThresholdType(network_id=network_id, code=code, label=label, explanation=explanation, position=position)
            )


def active_types(db: Session, network_id: int) -> list[ThresholdType]:
    """The network's threshold types in use. A regional network also gets its member networks' types (it shows
    and filters their practices), its own first, one per code: in one query, which for a local network (no
    members) returns its own types only. Kept per worker (`networks.cache`)."""
    return kept_rows(db, ("threshold types", network_id), ThresholdType, lambda: _active_types(db, network_id))


def _active_types(db: Session, network_id: int) -> list[ThresholdType]:
    members = select(Network.id).where(Network.region_id == network_id)
    rows = db.scalars(
        select(ThresholdType)
        .where(
            or_(ThresholdType.network_id == network_id, ThresholdType.network_id.in_(members)),
            ThresholdType.retired_at.is_(None),
        )
        .order_by(
            case((ThresholdType.network_id == network_id, 0), else_=1),
            ThresholdType.position,
            ThresholdType.label,
            ThresholdType.network_id,
        )
    )
    found: dict[str, ThresholdType] = {}
    for row in rows:
        found.setdefault(row.code, row)
    return list(found.values())
