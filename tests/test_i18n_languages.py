"""Every respondent in their own language (issue 15): the participant-facing catalog is complete in every language
a network can offer, plurals follow each language's rules, dates and money are written the language's way, a network
chooses its languages, and the mails of a sign-up come in the language it was made in (with a valid .ics).

"Participant-facing" is exact: every msgid that `pybabel extract -F babel.cfg` finds in a file or folder listed in
`lerend_netwerk.i18n.PARTICIPANT_FACING` (the pages a visitor or participant uses, the mails they get, and the
modules whose messages those pages show). Staff pages may stay Dutch/English.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import icalendar
import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sqlalchemy import select

from lerend_netwerk import i18n
from lerend_netwerk.dialogue import service
from lerend_netwerk.dialogue.mail import and_post
from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.dialogue.reminders import queue_reminders
from lerend_netwerk.outbox import channel, deliver_due
from lerend_netwerk.registry import Registry
from lerend_netwerk.web import formats
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign
from tests.smtp import body_of
from tests.test_i18n import PLACEHOLDER, ROOT, extract_messages

OFFERED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LOCALE]


def participant_facing() -> dict[str | tuple[str, str], list[str]]:
    """msgid -> the participant-facing places that ask for it."""
    found = {}
    for msgid, locations in extract_messages().items():
        places = [loc for loc in locations if loc.startswith(i18n.PARTICIPANT_FACING)]
        if places:
            found[msgid] = places
    return found


def missing_translations(
    messages: dict[str | tuple[str, str], list[str]], catalogs: dict[str, dict[object, object]]
) -> list[str]:
    """One line per participant-facing msgid without a translation (or without every plural form) in a language."""
    missing = []
    for lang, catalog in catalogs.items():
        for msgid, places in messages.items():
            key = msgid if isinstance(msgid, str) else msgid[0]
            found = catalog.get(key)
            if isinstance(msgid, tuple):
                ok = isinstance(found, tuple) and len(found) == i18n.plural_count(lang) and all(found)
            else:
                ok = isinstance(found, str) and bool(found)
            if not ok:
                missing.append(f"{lang}: {key!r} (asked for at {places[0]})")
    return missing


def test_participant_facing_is_what_the_pages_show():
    messages = participant_facing()
    for msgid in (
        "(verplicht)",
        "Vorige",
        "Volgende",
        "Versturen",
        "Bedankt!",
        "Weet ik niet",
        "Heel goed",
        "Later verder? Bewaar deze link:",
        "Een drempel melden",
        "Schrijf mij in",
        "Je bent ingeschreven: {table}",
        # the public offers pages and the public plan
        "Aanbod voor gezinnen, kinderen en jongeren",
        "Dit aanbod heeft een drempel voor mij",
        "Kinderen (0-12 jaar)",
        "Kansentarief: %(amount)s",
        "Wat we beloofden, waar we staan",
        "Bezig",
    ):
        assert msgid in messages, msgid
    assert ("nog %(num)s plaats", "nog %(num)s plaatsen") in messages
    assert ("%(num)d aanbod gevonden", "%(num)d aanbod gevonden") in messages
    # staff pages stay Dutch/English
    assert not any(place.startswith("templates/offers/manage.html") for places in messages.values() for place in places)


def test_every_participant_facing_message_is_translated_in_every_offered_language():
    catalogs = {lang: i18n.catalog.__wrapped__(lang) for lang in OFFERED}
    missing = missing_translations(participant_facing(), catalogs)
    assert not missing, (
        f"{len(missing)} participant-facing message(s) lack a translation. Add them to "
        "lerend_netwerk/locale/<lang>/LC_MESSAGES/participant.po:\n" + "\n".join(missing[:60])
    )


def test_the_completeness_check_fails_on_a_missing_translation():
    messages = {
        "Versturen": ["templates/surveys/respond_review.html:1"],
        ("nog %(num)s plaats", "nog %(num)s plaatsen"): ["x:1"],
    }
    catalogs = {"ar": {"Versturen": "إرسال", "nog %(num)s plaats": ("a", "b")}, "fr": {}}
    report = missing_translations(messages, catalogs)
    assert any(line.startswith("ar: 'nog %(num)s plaats'") for line in report)  # two forms where Arabic has six
    assert any(line.startswith("fr: 'Versturen'") for line in report)
    assert not any(line.startswith("ar: 'Versturen'") for line in report)


@pytest.mark.parametrize("lang", OFFERED)
def test_each_catalog_reads_with_the_language_plural_rule_and_keeps_placeholders(lang):
    files = sorted((ROOT / "lerend_netwerk" / "locale" / lang / "LC_MESSAGES").glob("*.po"))
    assert files, lang
    expected = get_plural(i18n.babel_locale(lang))
    wrong = []
    for po in files:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=i18n.babel_locale(lang))
        assert catalog.num_plurals == expected.num_plurals, po
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            allowed = {m.group(0) for text in ids for m in PLACEHOLDER.finditer(text)}
            for text in strings:
                used = {m.group(0) for m in PLACEHOLDER.finditer(text)}
                if not used <= allowed or (not isinstance(message.id, tuple) and used != allowed):
                    wrong.append(f"{po.name}: {message.id!r} -> {text!r}")
                if "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
                    wrong.append(f"{po.name}: lone % in {text!r}")
    assert not wrong, "\n".join(wrong)


def _plural(lang: str, n: int) -> str:
    with i18n.use_locale(lang):
        return i18n.ngettext("nog %(num)s plaats", "nog %(num)s plaatsen", n) % {"num": n}


def test_plural_forms_follow_each_language():
    # Arabic: zero, one, two, few (3-10), many (11-99), other (100-102).
    arabic = {n: _plural("ar", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(arabic.values())) == 6, arabic
    assert arabic[3].startswith("بقيت") and arabic[11].endswith("مكانًا")
    assert _plural("ar", 5) == "بقيت 5 أماكن" and _plural("ar", 103) == "بقيت 103 أماكن"
    # Ukrainian: one (1, 21), few (2-4, 22), many (5-20, 25).
    assert _plural("uk", 1) == "ще 1 місце" and _plural("uk", 21) == "ще 21 місце"
    assert _plural("uk", 3) == "ще 3 місця" and _plural("uk", 22) == "ще 22 місця"
    assert _plural("uk", 5) == "ще 5 місць" and _plural("uk", 11) == "ще 11 місць"
    # French counts 0 as singular, Dutch and English do not; Turkish has one form.
    assert _plural("fr", 0) == "encore 0 place" and _plural("en", 0) == "0 places left"
    assert _plural("nl", 0) == "nog 0 plaatsen" and _plural("nl", 1) == "nog 1 plaats"
    assert _plural("tr", 1) == "1 yer kaldı" and _plural("tr", 7) == "7 yer kaldı"


def test_dates_numbers_and_money_in_each_language_own_format():
    day = date(2026, 12, 5)
    moment = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)  # 19:30 in Brussels
    assert i18n.format_date(day, locale="nl") == "zaterdag 5 december 2026"
    assert i18n.format_date(day, locale="fr") == "samedi 5 décembre 2026"
    assert "ديسمبر" in i18n.format_date(day, locale="ar")
    assert "Aralık" in i18n.format_date(day, locale="tr")
    assert "грудня" in i18n.format_date(day, locale="uk")
    assert i18n.format_datetime(moment, locale="nl") == "zaterdag 5 december 2026, 19:30"
    # Numbers and money go through the template filters (lerend_netwerk/web/formats.py), in the page's language.
    for locale, money, number in (
        ("nl", "€\xa01.234,50", "1.234,5"),
        ("fr", "1 234,50 €", "1 234,5"),
        ("uk", None, "1 234,5"),
    ):
        token = i18n.current_locale.set(locale)
        try:
            if money:
                assert formats.format_euros(Decimal("1234.5")).replace("\u202f", " ").replace(
                    "\xa0", " "
                ) == money.replace("\xa0", " ")
            assert formats.format_number(Decimal("1234.5")).replace("\u202f", " ").replace("\xa0", " ") == number
        finally:
            i18n.current_locale.reset(token)


def test_a_network_chooses_its_languages(client, db, network, people, login_as):
    login_as("coordinator")
    page = client.get("/n/zele/talen")
    assert page.status_code == 200
    saved = client.post("/n/zele/talen", data={"talen": ["ar", "fr"], "csrf_token": csrf_from(page.text)})
    assert saved.status_code == 303
    home = client.get("/n/zele")
    offered = set(re.findall(r'\?taal=([a-z]{2})" lang=', home.text))
    assert offered == {"nl", "ar", "fr"}
    # A language the network does not offer shows its pages in Dutch; the platform's own pages keep it.
    turkish = client.get("/n/zele?taal=tr")
    assert '<html lang="nl" dir="ltr">' in turkish.text
    assert '<html lang="tr" dir="ltr">' in client.get("/inloggen").text
    # Its surveys can be written in those languages only.
    survey_form = client.get("/n/zele/bevragingen/nieuw")
    assert 'value="ar"' in survey_form.text and 'value="tr"' not in survey_form.text


def test_the_mails_of_an_arabic_sign_up_are_arabic_with_a_valid_ics(client, db, network, people, settings, outbox):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1, days=1)
    sign(db, network, session_id, "Bert", "bert@example.be")  # the one place goes to Bert
    outbox.clear()
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}?taal=ar")
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "التسجيل" in page.text and "Inschrijven" not in page.text
    response = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/inschrijven",
        data={"voornaam": "Amina", "email": "amina@example.be", "toestemming": "1", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 200, response.text
    assert "أنت على قائمة الانتظار" in response.text
    waiting = outbox[-1]
    assert waiting["Subject"] == "أنت على قائمة الانتظار: Dialoogtafel Zele"
    assert "مرحبًا Amina،" in body_of(waiting) and "Dag " not in body_of(waiting)

    # Bert cancels: Amina gets the place, in Arabic, with a calendar file.
    bert = db.read_sync(lambda s: s.scalar(select(SignUp).where(SignUp.first_name == "Bert")))
    amina = db.read_sync(lambda s: s.scalar(select(SignUp).where(SignUp.first_name == "Amina")))
    assert amina.language == "ar"
    urls = Registry.build().urls
    db.write_sync(and_post(service.cancel_signup, settings, urls), network.id, bert.id)
    deliver_due(db, channel(settings))
    promotion = outbox[-1]
    assert promotion["To"].addresses[0].addr_spec == "amina@example.be"
    assert promotion["Subject"] == "يوجد مكان شاغر: تم تسجيلك في Dialoogtafel Zele"
    body = body_of(promotion)
    when = next(line for line in body.splitlines() if line.startswith("متى: "))
    assert re.search("[\u0621-\u064a]{3,}", when.removeprefix("متى: ")), when  # an Arabic weekday and month
    assert "استخدم هذا الرابط الشخصي" in body  # the personal link sentence

    # The reminder too.
    outbox.clear()
    assert db.write_sync(queue_reminders, settings, urls, days_before=2) == 1
    deliver_due(db, channel(settings))
    reminder = outbox[0]
    assert reminder["Subject"] == "إلى اللقاء قريبًا: Dialoogtafel Zele"
    for message in (promotion, reminder):
        part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
        cal = icalendar.Calendar.from_ical(part.get_content())
        event = cal.walk("VEVENT")[0]
        assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "REQUEST"
        assert event["DTSTART"].params["TZID"] == "Europe/Brussels" and event.decoded("DTSTART").hour == 19
        assert cal.walk("VTIMEZONE")
        assert str(event["DESCRIPTION"]).startswith("طاولة حوار Kansenplatform Zele")
