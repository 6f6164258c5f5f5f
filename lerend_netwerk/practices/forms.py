"""Parsing the practice form, its uploads and the list's filters into plain data, with Dutch messages per field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.practices.listing import Filters
from lerend_netwerk.practices.models import SECTORS, TARGET_GROUPS, Status, Visibility
from lerend_netwerk.practices.uploads import MAX_FILES_PER_PRACTICE, sniff
from lerend_netwerk.web.formats import format_number
from lerend_netwerk.web.forms import Form, uploads

TARGET_LABELS = {
    "kinderen": lazy_gettext("Kinderen (0-12 jaar)"),
    "jongeren": lazy_gettext("Jongeren (12-24 jaar)"),
    "ouders": lazy_gettext("Ouders"),
    "volwassenen": lazy_gettext("Volwassenen"),
    "senioren": lazy_gettext("Senioren"),
}
SECTOR_LABELS = {
    "sport": lazy_gettext("Sport"),
    "cultuur": lazy_gettext("Cultuur"),
    "jeugdwerk": lazy_gettext("Jeugdwerk"),
    "welzijn": lazy_gettext("Welzijn"),
    "onderwijs": lazy_gettext("Onderwijs"),
    "werk": lazy_gettext("Werk"),
    "andere": lazy_gettext("Andere"),
}
VISIBILITY_LABELS = {
    Visibility.NETWORK.value: lazy_gettext("Alleen ons netwerk"),
    Visibility.REGION.value: lazy_gettext("Ons netwerk en de regio"),
    Visibility.PUBLIC.value: lazy_gettext("Iedereen (publiek)"),
}
assert set(TARGET_LABELS) == set(TARGET_GROUPS) and set(SECTOR_LABELS) == set(SECTORS)


def page_labels(types: Iterable[ThresholdType]) -> dict[str, Any]:
    """The labels the practice pages show for codes: threshold types, target groups, sectors, visibility."""
    return {
        "threshold_labels": {t.code: t for t in types},
        "target_labels": TARGET_LABELS,
        "sector_labels": SECTOR_LABELS,
        "visibility_labels": VISIBILITY_LABELS,
    }


@dataclass
class PendingFile:
    filename: str
    data: bytes


def parse_practice(form: Form, *, threshold_codes: list[str], organisation_ids: list[int]) -> dict[str, object]:
    data: dict[str, object] = {
        "title": form.text("titel", required=True, max_length=150),
        "summary": form.text("samenvatting", required=True, max_length=400, multiline=True),
        "story": form.text("verhaal", max_length=20_000, multiline=True),
        "thresholds": form.choices("drempels", threshold_codes, required=True),
        "target_groups": form.choices("doelgroepen", TARGET_GROUPS),
        "sector": form.choice("sector", SECTORS, required=True),
        "organisation_id": form.id("organisatie", organisation_ids),
        "cost": form.text("kost", max_length=500, multiline=True),
        "worked": form.text("werkte", max_length=5000, multiline=True),
        "not_worked": form.text("werkte_niet", max_length=5000, multiline=True),
        "partners": form.text("partners", max_length=500, multiline=True),
        "contact_name": form.text("contact_naam", max_length=120),
        "contact_email": form.email("contact_email") or "",
        "visibility": form.choice("zichtbaarheid", [v.value for v in Visibility], required=True),
        "status": Status.PUBLISHED if form.value("status") == Status.PUBLISHED.value else Status.DRAFT,
    }
    if data["visibility"]:
        data["visibility"] = Visibility(data["visibility"])
    return data


def parse_filters(
    form: Form, *, threshold_codes: list[str], organisation_ids: list[int], network_ids: list[int]
) -> Filters:
    """The list's filters from its query string; a value outside the choices is left out (it only narrows a list)."""
    return Filters(
        q=form.text("q", max_length=200),
        threshold=form.choice("drempel", threshold_codes) or "",
        target_group=form.choice("doelgroep", TARGET_GROUPS) or "",
        sector=form.choice("sector", SECTORS) or "",
        organisation_id=form.id("organisatie", organisation_ids),
        network_id=form.id("netwerk", network_ids),
        sort=form.choice("sorteer", ["relevantie", "recent"]) or "relevantie",
        page=form.integer("pagina", minimum=1, maximum=10_000) or 1,
    )


async def read_files(raw: FormData, form: Form, *, existing: int, max_bytes: int) -> list[PendingFile]:
    """Read the chosen files and refuse fakes and oversized ones with a message at the file field.
    Only the first bytes decide the type here; photos are fully decoded when they are stored."""
    files = uploads(raw, "bestanden")
    if existing + len(files) > MAX_FILES_PER_PRACTICE:
        form.error("bestanden", _("Je kunt hoogstens {max} bestanden toevoegen.").format(max=MAX_FILES_PER_PRACTICE))
        return []
    pending: list[PendingFile] = []
    for upload in files:
        name = (upload.filename or "bestand")[-120:]
        size = upload.size or 0
        if size > max_bytes:
            form.error(
                "bestanden",
                _("{name} is te groot ({size} MB). Het mag hoogstens {max} MB zijn.").format(
                    name=name, size=format_number(size / 1_000_000, 1), max=format_number(round(max_bytes / 1_000_000))
                ),
            )
            continue
        data = await upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            form.error(
                "bestanden",
                _("{name} is te groot. Het mag hoogstens {max} MB zijn.").format(
                    name=name, max=format_number(round(max_bytes / 1_000_000))
                ),
            )
            continue
        if sniff(data) is None:
            form.error(
                "bestanden",
                _("{name} is geen foto (JPEG, PNG, WebP) of PDF. We kijken naar de inhoud, niet naar de naam.").format(
                    name=name
                ),
            )
            continue
        pending.append(PendingFile(name, data))
    return pending
