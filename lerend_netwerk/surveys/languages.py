"""The languages of a survey: Dutch always, the extra ones a network adds, and a text in one of them (falling back
to Dutch where it is not translated yet)."""

from __future__ import annotations

from typing import Any

from lerend_netwerk import i18n
from lerend_netwerk.surveys.models import FIXED_OPTIONS, Option, Question, Survey

# Languages a network can add to a survey (Dutch is always there). Right-to-left ones get dir="rtl".
EXTRA_LANGUAGES: dict[str, str] = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "ro": "Română",
    "uk": "Українська",
    "fa": "فارسی",
    "so": "Soomaali",
}
FIXED_CODES = frozenset(code for options in FIXED_OPTIONS.values() for code, _label in options)
RTL = frozenset({"ar", "fa", "he", "ur"})


def network_languages(network: Any) -> list[tuple[str, str]]:
    """(code, name) of the languages a survey of this network can be written in besides Dutch: the ones the
    network offers (its setting "Talen"; all of the platform's by default)."""
    codes = i18n.offered((network.options or {}).get("languages"))
    return [(code, i18n.LANGUAGES[code]) for code in codes if code != i18n.DEFAULT_LOCALE]


def language_options(survey: Survey) -> list[tuple[str, str]]:
    """(code, name) of every language a respondent can pick, Dutch first."""
    return [("nl", "Nederlands"), *((code, EXTRA_LANGUAGES.get(code, code)) for code in survey.languages)]


def localized(obj: Survey | Question | Option, language: str, key: str = "") -> str:
    """The text in `language`, falling back to Dutch when it is not translated (yet)."""
    if isinstance(obj, Option):
        written = (obj.translations or {}).get(language)
        if written:
            return written
        if obj.code in FIXED_CODES and language != i18n.DEFAULT_LOCALE:
            # Smiley and yes/no labels are the platform's own words: the catalog has them in every language.
            with i18n.use_locale(language):
                return i18n.gettext(obj.label)
        return obj.label
    default = getattr(obj, key)
    return ((obj.translations or {}).get(language) or {}).get(key) or default
