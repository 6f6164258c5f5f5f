"""E-mail for dialogue sessions: the text of each message (`compose`), with the session's .ics calendar file
attached, and `post`, which writes the messages into the outbox in the transaction that decided them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from lerend_netwerk import i18n, outbox
from lerend_netwerk.dialogue.ics import build_ics
from lerend_netwerk.dialogue.notices import Notice, SessionInfo
from lerend_netwerk.dialogue.tokens import link_token
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Attachment, Message
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.urls import Urls


def _when(info: SessionInfo) -> str:
    """Start and end in the language of the mail (Flemish time), e.g. "zaterdag 5 december 2026, 14:00 - 16:00"."""
    return f"{i18n.format_datetime(info.starts_at)} - {i18n.format_time(info.ends_at)}"


R = TypeVar("R")


def N_(message: str) -> str:
    """Marks a msgid for extraction; translated where it is used."""
    return message


SUBJECTS = {
    "confirmation": N_("Je bent ingeschreven: {table}"),
    "waiting": N_("Je staat op de wachtlijst: {table}"),
    "promotion": N_("Er is een plaats vrij: je bent ingeschreven voor {table}"),
    "change": N_("Gewijzigd: {table}"),
    "cancelled": N_("Gaat niet door: {table}"),
    "reminder": N_("Tot binnenkort: {table}"),
}
OPENINGS = {
    "confirmation": N_("Bedankt om in te schrijven. Je hebt een plaats."),
    "waiting": N_(
        "De sessie is vol. Je staat op de wachtlijst als nummer {position}. Komt er een plaats vrij, dan krijg je meteen bericht."
    ),
    "promotion": N_("Goed nieuws: er is een plaats vrijgekomen. Je bent nu ingeschreven."),
    "change": N_("De sessie is veranderd. Kijk goed naar het nieuwe uur en de plaats hieronder."),
    "cancelled": N_("Helaas: deze sessie gaat niet door. Je hoeft niets te doen."),
    "reminder": N_("Een herinnering: de sessie komt eraan. We kijken ernaar uit je te zien."),
}


def compose(notice: Notice, settings: Settings, urls: Urls) -> Message:
    """The message for one notice, in the language the person signed up in; the personal link is made from its
    route name (`urls`: `registry.urls`)."""
    with i18n.use_locale(notice.language):
        return _compose(notice, settings, urls)


def _compose(notice: Notice, settings: Settings, urls: Urls) -> Message:
    info = notice.session
    base = settings.base_url.rstrip("/")
    lines = [
        _("Dag {name},").format(name=notice.first_name),
        "",
        _(OPENINGS[notice.kind]).format(position=notice.waiting_position or ""),
        "",
        f"{info.table_name} ({info.network_name})",
        _("Wanneer: {when}").format(when=_when(info)),
        _("Waar: {place}").format(place=", ".join(p for p in (info.place, info.address) if p)),
    ]
    if info.directions:
        lines += ["", _("Zo kom je er:"), info.directions]
    if info.accessibility:
        lines += ["", _("Toegankelijkheid:"), info.accessibility]
    if notice.link_nonce and notice.kind != "cancelled":
        token = link_token(settings.secret_key, notice.link_nonce)
        link = base + urls.path("dialogue:link", network=info.network_slug, token=token)
        lines += ["", _("Kun je niet komen, of wil je je inschrijvingen zien? Gebruik deze persoonlijke link:"), link]
    lines += ["", _("Je gegevens gebruiken we alleen om je over deze sessie te berichten.")]
    attachments: tuple[Attachment, ...] = ()
    if notice.kind != "waiting":
        cancel = notice.kind == "cancelled"
        method = "CANCEL" if cancel else "REQUEST"
        attachments = (
            Attachment("dialoogtafel.ics", build_ics(info, cancel=cancel), f"text/calendar; method={method}"),
        )
    return Message(
        to=notice.email,
        to_name=notice.first_name,
        subject=_(SUBJECTS[notice.kind]).format(table=info.table_name),
        text="\n".join(lines) + "\n",
        attachments=attachments,
    )


def post(db: Session, notices: list[Notice], settings: Settings, urls: Urls) -> int:
    """Write each notice's e-mail into the outbox, in the caller's transaction; returns how many."""
    for notice in notices:
        outbox.enqueue(
            db, compose(notice, settings, urls), kind=f"dialogue.{notice.kind}", network_id=notice.session.network_id
        )
    return len(notices)


def and_post(fn: Callable[..., R], settings: Settings, urls: Urls) -> Callable[..., R]:
    """`fn` (a service returning notices, or a result carrying `.notices`) followed by `post` of its notices: one
    unit of work for `Database.write`, so the e-mails are written in the transaction that decided them."""

    def work(db: Session, *args: Any, **kwargs: Any) -> R:
        result = fn(db, *args, **kwargs)
        post(db, result if isinstance(result, list) else result.notices, settings, urls)  # type: ignore[attr-defined]
        return result

    return work
