"""Parsing the offer form and the overview's filters into plain data, with Dutch messages per field; money in
euro as Belgians write it ("2,50", "€ 5"), shown with Babel's nl_BE format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal, InvalidOperation
from typing import Any

from lerend_netwerk.i18n import TIMEZONE, lazy_gettext
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.offers.models import AGE_BANDS, LANGUAGES, Kind, Participation, Status, Visibility
from lerend_netwerk.web.formats import format_money
from lerend_netwerk.web.forms import Form

AGE_LABELS = {
    "kinderen": lazy_gettext("Kinderen (0-12 jaar)"),
    "jongeren": lazy_gettext("Jongeren (12-24 jaar)"),
    "ouders": lazy_gettext("Ouders"),
    "volwassenen": lazy_gettext("Volwassenen"),
}
KIND_LABELS = {
    Kind.ACTIVITY.value: lazy_gettext("Activiteit"),
    Kind.SERVICE.value: lazy_gettext("Dienst"),
    Kind.GROUP.value: lazy_gettext("Groep"),
    Kind.SUPPORT.value: lazy_gettext("Ondersteuning"),
}
PARTICIPATION_LABELS = {
    Participation.SIGN_UP.value: lazy_gettext("Je schrijft je vooraf in"),
    Participation.JUST_COME.value: lazy_gettext("Je mag gewoon komen, zonder inschrijven"),
    Participation.REFERRAL.value: lazy_gettext("Via een doorverwijzing (bijvoorbeeld van het OCMW of het CAW)"),
}
LANGUAGE_LABELS = {
    "nl": lazy_gettext("Nederlands"),
    "fr": lazy_gettext("Frans"),
    "en": lazy_gettext("Engels"),
    "ar": lazy_gettext("Arabisch"),
    "tr": lazy_gettext("Turks"),
    "uk": lazy_gettext("Oekraïens"),
    "ru": lazy_gettext("Russisch"),
    "ro": lazy_gettext("Roemeens"),
    "pl": lazy_gettext("Pools"),
    "so": lazy_gettext("Somalisch"),
    "ti": lazy_gettext("Tigrinya"),
    "prs": lazy_gettext("Dari"),
}
VISIBILITY_LABELS = {
    Visibility.NETWORK.value: lazy_gettext("Alleen ons netwerk"),
    Visibility.REGION.value: lazy_gettext("Ons netwerk en de regio"),
    Visibility.PUBLIC.value: lazy_gettext("Iedereen (publiek)"),
}
PRICE_FILTERS = {
    "gratis": lazy_gettext("Gratis"),
    "korting": lazy_gettext("Gratis of met korting (verminderd tarief, kansentarief of UiTPAS)"),
}
assert set(AGE_LABELS) == set(AGE_BANDS) and set(LANGUAGE_LABELS) == set(LANGUAGES)

MAX_CENTS = 1_000_000  # 10 000 euro: more is a typing error, not an offer for families
AMOUNT_RE = re.compile(r"^[0-9]{1,3}([. ]?[0-9]{3})*(,[0-9]{1,2})?$|^[0-9]+(\.[0-9]{1,2})?$")


def money(cents: int | None) -> str:
    """An amount in the page's language ("€ 2,50" in Dutch); 0 is "gratis"."""
    if cents is None:
        return ""
    if cents == 0:
        return _("gratis")
    return format_money(cents)


def page_labels() -> dict[str, Any]:
    """The labels the offer pages show for codes, and the money format."""
    return {
        "age_labels": AGE_LABELS,
        "kind_labels": KIND_LABELS,
        "participation_labels": PARTICIPATION_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "visibility_labels": VISIBILITY_LABELS,
        "price_filters": PRICE_FILTERS,
        "money": money,
    }


def cents_of(form: Form, name: str) -> int | None:
    """An amount in euro ("5", "2,50", "€ 1.250,00", "gratis") as cents; empty is None (not filled in)."""
    raw = form.text(name, max_length=20)
    if name in form.errors:
        return None
    value = raw.replace("€", "").replace("EUR", "").replace("euro", "").strip().lower()
    if not value:
        return None
    if value in ("gratis", "0", "0,00", "0.00"):
        return 0
    if not AMOUNT_RE.match(value):
        form.error(name, _("Schrijf een bedrag in euro, zoals 5 of 2,50. Is het gratis, schrijf dan 0."))
        return None
    if "," in value:
        value = value.replace(".", "").replace(" ", "").replace(",", ".")
    try:
        cents = int(Decimal(value.replace(" ", "")) * 100)
    except InvalidOperation:
        form.error(name, _("Schrijf een bedrag in euro, zoals 5 of 2,50. Is het gratis, schrijf dan 0."))
        return None
    if cents > MAX_CENTS:
        form.error(name, _("Dat bedrag is te hoog. Kijk na of je geen cijfer te veel typte."))
        return None
    return cents


def amount_value(cents: int | None) -> str:
    """An amount as the form shows it to edit: "2,50", "0", or empty."""
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d}" if cents % 100 else str(cents // 100)


@dataclass(frozen=True)
class Choices:
    """What a saved offer may choose, from its network."""

    themes: list[str]
    neighbourhoods: list[str]
    threshold_codes: list[str]
    organisation_ids: list[int]
    practice_ids: list[int]


def parse_offer(form: Form, choices: Choices) -> dict[str, Any]:
    """The offer's fields from the form; every refusal is at its field."""
    starts = form.datetime_local("start")
    ends = form.datetime_local("einde")
    data: dict[str, Any] = {
        "title": form.text("titel", required=True, max_length=150),
        "summary": form.text("samenvatting", required=True, max_length=400, multiline=True),
        "description": form.text("uitleg", max_length=5000, multiline=True),
        "kind": form.choice("soort", [k.value for k in Kind], required=True),
        "age_bands": form.choices("leeftijd", AGE_BANDS, required=True),
        "target_groups": form.text("doelgroepen", max_length=300),
        "theme": form.choice("thema", choices.themes) or "",
        "organisation_id": form.id("organisatie", choices.organisation_ids),
        "address": form.text("adres", max_length=200),
        "neighbourhood": form.choice("wijk", choices.neighbourhoods) or "",
        "directions": form.text("weg", max_length=500, multiline=True),
        "schedule": form.text("wanneer", max_length=500, multiline=True),
        "price_cents": cents_of(form, "prijs"),
        "reduced_cents": cents_of(form, "prijs_verminderd"),
        "kansentarief_cents": cents_of(form, "kansentarief"),
        "uitpas": form.boolean("uitpas"),
        "participation": form.choice("deelnemen", [p.value for p in Participation], required=True),
        "thresholds": form.choices("drempels", choices.threshold_codes),
        "practices": [int(i) for i in form.choices("praktijken", [str(i) for i in choices.practice_ids])],
        "languages": form.choices("talen", LANGUAGES),
        "accessibility": form.text("toegankelijkheid", max_length=500, multiline=True),
        "contact_name": form.text("contact_naam", max_length=120),
        "contact_phone": form.phone("contact_telefoon") or "",
        "contact_email": form.email("contact_email") or "",
        "visibility": form.choice("zichtbaarheid", [v.value for v in Visibility], required=True),
        "status": Status.PUBLISHED if form.value("status") == Status.PUBLISHED.value else Status.DRAFT,
    }
    if not data["schedule"] and starts is None and "wanneer" not in form.errors and "start" not in form.errors:
        form.error("wanneer", _("Schrijf wanneer het doorgaat, of vul hieronder een datum in."))
    if ends is not None and starts is None and "start" not in form.errors:
        form.error("start", _("Vul ook de begindatum in."))
    if starts is not None and ends is not None and ends <= starts:
        form.error("einde", _("Het einde moet na het begin liggen."))
    if not (data["address"] or data["neighbourhood"]) and "adres" not in form.errors:
        form.error("adres", _("Schrijf waar het is: een adres, of kies een wijk."))
    if (
        not (data["contact_name"] or data["contact_phone"] or data["contact_email"])
        and "contact_naam" not in form.errors
    ):
        form.error("contact_naam", _("Schrijf wie een gezin of een hulpverlener kan bellen of mailen."))
    data["starts_at"] = starts.replace(tzinfo=TIMEZONE).astimezone(UTC) if starts else None
    data["ends_at"] = ends.replace(tzinfo=TIMEZONE).astimezone(UTC) if ends else None
    for key, enum_type in (("kind", Kind), ("participation", Participation), ("visibility", Visibility)):
        if data[key]:
            data[key] = enum_type(data[key])
    return data


def offer_values(offer: Any) -> dict[str, Any]:
    """The form's raw values for an existing offer (to edit it), dates in Brussels time."""
    return {
        "titel": offer.title,
        "samenvatting": offer.summary,
        "uitleg": offer.description,
        "soort": offer.kind.value,
        "leeftijd": offer.age_band_codes,
        "doelgroepen": offer.target_groups,
        "thema": offer.theme,
        "organisatie": str(offer.organisation_id or ""),
        "adres": offer.address,
        "wijk": offer.neighbourhood,
        "weg": offer.directions,
        "wanneer": offer.schedule,
        "start": offer.starts_at.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M") if offer.starts_at else "",
        "einde": offer.ends_at.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M") if offer.ends_at else "",
        "prijs": amount_value(offer.price_cents),
        "prijs_verminderd": amount_value(offer.reduced_cents),
        "kansentarief": amount_value(offer.kansentarief_cents),
        "uitpas": "1" if offer.uitpas else "",
        "deelnemen": offer.participation.value,
        "drempels": offer.threshold_codes,
        "praktijken": [str(i) for i in offer.practice_ids],
        "talen": offer.language_codes,
        "toegankelijkheid": offer.accessibility,
        "contact_naam": offer.contact_name,
        "contact_telefoon": offer.contact_phone,
        "contact_email": offer.contact_email,
        "zichtbaarheid": offer.visibility.value,
        "status": offer.status.value,
    }


@dataclass
class Filters:
    """What the overview is narrowed to (see `parse_filters`)."""

    q: str = ""
    age: str = ""
    theme: str = ""
    neighbourhood: str = ""
    price: str = ""  # "gratis" | "korting"
    no_signup: bool = False
    language: str = ""
    page: int = 1

    @property
    def any(self) -> bool:
        return bool(
            self.q or self.age or self.theme or self.neighbourhood or self.price or self.no_signup or self.language
        )


def parse_filters(form: Form, *, themes: list[str], neighbourhoods: list[str]) -> Filters:
    """The overview's filters from its query string; a value outside the choices is left out (it only narrows)."""
    return Filters(
        q=form.text("q", max_length=200),
        age=form.choice("leeftijd", AGE_BANDS) or "",
        theme=form.choice("thema", themes) or "",
        neighbourhood=form.choice("wijk", neighbourhoods) or "",
        price=form.choice("prijs", list(PRICE_FILTERS)) or "",
        no_signup=form.boolean("zonder_inschrijven"),
        language=form.choice("spreekt", LANGUAGES) or "",
        page=form.integer("pagina", minimum=1, maximum=10_000) or 1,
    )
