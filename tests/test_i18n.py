"""Translations: every Dutch msgid in the code and templates has an English translation, the placeholders survive
translation, and the language switch really turns the pages into English.

The msgids are extracted at test time with Babel's own API and the project's `babel.cfg`, so what is checked here is
exactly what `pybabel extract -F babel.cfg -k lazy_gettext` finds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from lerend_netwerk import i18n
from tests.conftest import csrf_from

ROOT = Path(__file__).resolve().parents[1]
PO_DIR = ROOT / "lerend_netwerk" / "locale" / "en" / "LC_MESSAGES"
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None}
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", "tests", "migrations", "static", "locale"}

# Code and templates of the foundation; their strings belong in foundation.po.
FOUNDATION = (
    "lerend_netwerk/web/",
    "lerend_netwerk/networks/",
    "lerend_netwerk/accounts/",
    "templates/base.html",
    "templates/_flash.html",
    "templates/_macros/",
    "templates/errors/",
    "templates/networks/",
    "templates/accounts/",
    "templates/mail/login_link.txt",
)

# %(name)s (Python and Jinja newstyle gettext) and {name} (str.format in Python code).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


@cache
def extract_messages() -> dict[str | tuple[str, str], list[str]]:
    """msgid (a tuple for plurals) -> every "file:line" where the code or a template asks for it."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str | tuple[str, str], list[str]] = defaultdict(list)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name not in SKIP_DIRS,
    ):
        if message and (message if isinstance(message, str) else message[0]):
            key = message if isinstance(message, str) else (message[0], message[1])
            found[key].append(f"{filename}:{lineno}")
    return found


def suggested_po(location: str) -> str:
    """Where a missing msgid most likely belongs: foundation.po, or the capability's own <name>.po."""
    path = location.rsplit(":", 1)[0]
    if path.startswith(FOUNDATION) or path.count("/") == 1 and path.startswith("lerend_netwerk/"):
        return "foundation.po"
    parts = path.split("/")
    if parts[0] == "templates" and parts[1] == "mail":
        return "<your capability>.po (the capability that sends this mail)"
    return f"{parts[1]}.po"


def po_entry(msgid: str | tuple[str, str], locations: list[str]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"#: {loc}" for loc in locations]
    if isinstance(msgid, tuple):
        lines += [
            f"msgid {quote(msgid[0])}",
            f"msgid_plural {quote(msgid[1])}",
            'msgstr[0] "<English, one>"',
            'msgstr[1] "<English, more>"',
        ]
    else:
        lines += [f"msgid {quote(msgid)}", 'msgstr "<English translation>"']
    return "\n".join(lines)


def test_extraction_finds_the_foundation_strings():
    messages = extract_messages()
    # One from Python, one from a page template, one from a mail template, one lazy label: the set-up really works.
    assert "Je bent uitgelogd." in messages
    assert "Naar de inhoud" in messages
    assert "Klik op deze link om in te loggen op het lerend netwerk:" in messages
    assert "Leden" in messages


def test_every_msgid_has_an_english_translation():
    english = i18n.catalog.__wrapped__("en")  # read the .po files fresh, not the app's cached copy
    missing: dict[str, list[str]] = defaultdict(list)
    for msgid, locations in sorted(extract_messages().items(), key=lambda item: item[1][0]):
        key = msgid if isinstance(msgid, str) else msgid[0]
        translated = english.get(key)
        ok = isinstance(translated, tuple) if isinstance(msgid, tuple) else isinstance(translated, str)
        if not ok:
            missing[suggested_po(locations[0])].append(po_entry(msgid, locations))
    if missing:
        count = sum(len(entries) for entries in missing.values())
        report = [
            f"{count} Dutch msgid(s) have no English translation.",
            f"Add each entry below to a .po file in {PO_DIR.relative_to(ROOT)}/ (every .po there is merged; keep your",
            "capability's strings in its own file), with a real English msgstr: not empty, not marked fuzzy,",
            "and with the same %(name)s / {name} placeholders as the msgid.",
        ]
        for po, entries in sorted(missing.items()):
            report.append(f"\n===== {PO_DIR.relative_to(ROOT)}/{po} =====\n")
            report.append("\n\n".join(entries))
        pytest.fail("\n".join(report), pytrace=False)


def _placeholders(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in PLACEHOLDER.finditer(text))


def test_placeholders_are_identical_in_msgid_and_translation():
    wrong = []
    for po in sorted(PO_DIR.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale="en")
        for message in catalog:
            if not message.id or message.fuzzy or not message.string:
                continue
            where = f"{po.relative_to(ROOT)}: msgid {message.id!r}"
            if isinstance(message.id, tuple):
                allowed = set(_placeholders(message.id[0])) | set(_placeholders(message.id[1]))
                for form in message.string:
                    if not set(_placeholders(form)) <= allowed:
                        wrong.append(f"{where}\n    plural form {form!r} uses placeholders not in the msgid")
                if set(_placeholders(message.id[1])) - set().union(*(_placeholders(f) for f in message.string)):
                    wrong.append(f"{where}\n    the plural translations drop a placeholder of msgid_plural")
            elif _placeholders(message.id) != _placeholders(message.string):
                wrong.append(
                    f"{where}\n    msgid has {sorted(_placeholders(message.id).elements())}, "
                    f"msgstr {message.string!r} has {sorted(_placeholders(message.string).elements())}"
                )
            # Jinja's newstyle gettext always applies `%`: a lone % in a translation breaks the page.
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                if "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
                    wrong.append(f"{where}\n    msgstr {text!r} has a lone %; write %% for a percent sign")
    assert not wrong, "Placeholders differ between msgid and translation:\n" + "\n".join(wrong)


def test_every_po_file_reads_and_says_it_is_english():
    files = sorted(PO_DIR.glob("*.po"))
    assert any(f.name == "foundation.po" for f in files)
    for po in files:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale="en")
        assert str(catalog.locale) == "en", po


def _switch(client, lang: str, back_to: str = "/inloggen"):
    page = client.get(back_to)
    return client.post("/taal", data={"taal": lang, "volgende": back_to, "csrf_token": csrf_from(page.text)})


def test_dutch_is_the_default_whatever_the_browser_asks(client):
    page = client.get("/inloggen", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="nl" dir="ltr">' in page.text
    assert "<h1>Inloggen</h1>" in page.text


def test_language_switch_turns_the_pages_english_and_back(client, network):
    switched = _switch(client, "en")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/inloggen"

    login = client.get("/inloggen")
    assert '<html lang="en" dir="ltr">' in login.text
    assert "<h1>Log in</h1>" in login.text
    assert "Skip to content" in login.text
    assert "Naar de inhoud" not in login.text
    assert "Send me a link" in login.text

    home = client.get("/")
    assert '<html lang="en" dir="ltr">' in home.text
    assert "Networks" in home.text
    assert "Kansenplatform Zele" in home.text  # content stays as the network wrote it

    # Form messages follow the language too.
    bad = client.post("/inloggen/email", data={"email": "geen-adres", "csrf_token": csrf_from(login.text)})
    assert bad.status_code == 422
    assert "This is not a valid e-mail address" in bad.text
    assert 'value="geen-adres"' in bad.text

    _switch(client, "nl")
    again = client.get("/inloggen")
    assert '<html lang="nl" dir="ltr">' in again.text
    assert "<h1>Inloggen</h1>" in again.text


def test_unknown_language_keeps_dutch(client):
    response = _switch(client, "xx")
    assert response.status_code in (303, 422)
    page = client.get("/inloggen")
    assert '<html lang="nl" dir="ltr">' in page.text


def test_the_login_mail_comes_in_the_chosen_language(client, people, outbox):
    _switch(client, "en")
    page = client.get("/inloggen")
    response = client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": csrf_from(page.text)})
    assert response.status_code == 200
    assert "Check your e-mail" in response.text
    assert len(outbox) == 1
    assert outbox[0]["Subject"] == "Your link to log in"
    from tests.smtp import body_of

    body = body_of(outbox[0])
    assert "Click this link to log in to the learning network:" in body
    assert "minutes" in body
