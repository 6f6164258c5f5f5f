"""Form parsing: raw values in, typed values and Dutch messages per field out.

The raw values stay on the form so a page can show it again exactly as typed:

    form = Form(await request.form())
    name = form.text("naam", required=True, max_length=80)
    if form.ok: ...
    else: return render(..., {"form": form}, status_code=422)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from lerend_netwerk.i18n import gettext as _

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DAY_FIRST_RE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
TIME_RE = re.compile(r"(\d{1,2})[:.u](\d{2})")


def parse_date(raw: str) -> date | None:
    """2026-12-31 (what a date field sends) or 31-12-2026, 31/12/2026, 31.12.2026 (what a person types)."""
    try:
        match = DAY_FIRST_RE.fullmatch(raw)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None


class Form:
    def __init__(self, raw: FormData | Mapping[str, Any] | None = None) -> None:
        self.raw = raw
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        if raw is not None:
            for key in raw:
                items = raw.getlist(key) if isinstance(raw, FormData) else [raw[key]]
                strings = [v for v in items if isinstance(v, str)]
                if not strings:
                    continue
                self.values[key] = strings if len(strings) > 1 else strings[0]

    # -- reading -----------------------------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        return not self.errors

    def value(self, name: str, default: Any = "") -> Any:
        """The field's value as typed; the first one when a form sends the name twice (use `values_of` for lists)."""
        value = self.values.get(name, default)
        return value[0] if isinstance(value, list) else value

    def values_of(self, name: str) -> list[str]:
        value = self.values.get(name, [])
        return value if isinstance(value, list) else [value]

    def error(self, name: str, message: str) -> None:
        """Record a message at a field (`__all__` for the form as a whole); the first message wins."""
        self.errors.setdefault(name, message)

    # -- fields ------------------------------------------------------------------------------------------
    def text(
        self, name: str, *, required: bool = False, max_length: int = 200, min_length: int = 0, multiline: bool = False
    ) -> str:
        raw = self.values.get(name, "")
        if isinstance(raw, list):
            raw = raw[0] if raw else ""
        value = raw.replace("\r\n", "\n").strip()
        if CONTROL_RE.search(value):
            self.error(name, _("Dit veld bevat tekens die we niet kunnen bewaren."))
        elif not multiline and "\n" in value:
            self.error(name, _("Schrijf dit op één regel."))
        elif required and not value:
            self.error(name, _("Vul dit veld in."))
        elif len(value) > max_length:
            self.error(
                name,
                _("Dit is te lang: maximaal {max} tekens, je schreef er {n}.").format(max=max_length, n=len(value)),
            )
        elif value and len(value) < min_length:
            self.error(name, _("Dit is te kort: minstens {min} tekens.").format(min=min_length))
        self.data[name] = value
        return value

    def email(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required, max_length=254)
        if value and name not in self.errors and not EMAIL_RE.match(value):
            self.error(name, _("Dit is geen geldig e-mailadres. Voorbeeld: naam@voorbeeld.be"))
        self.data[name] = value.lower() or None
        return self.data[name]

    def phone(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required, max_length=25)
        if value and name not in self.errors and not PHONE_RE.match(value):
            self.error(name, _("Dit is geen geldig telefoonnummer. Voorbeeld: 0470 12 34 56"))
        self.data[name] = value or None
        return self.data[name]

    def integer(
        self, name: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        raw = self.text(name, required=required, max_length=12)
        result: int | None = None
        if raw and name not in self.errors:
            try:
                result = int(raw)
            except ValueError:
                self.error(name, _("Vul een getal in, zonder letters."))
            else:
                if minimum is not None and result < minimum:
                    self.error(name, _("Het getal moet minstens {min} zijn.").format(min=minimum))
                elif maximum is not None and result > maximum:
                    self.error(name, _("Het getal mag hoogstens {max} zijn.").format(max=maximum))
        self.data[name] = result
        return result

    def choice(self, name: str, choices: Iterable[str], *, required: bool = False) -> str | None:
        allowed = {str(c) for c in choices}
        raw = self.text(name, required=required, max_length=200)
        if raw and name not in self.errors and raw not in allowed:
            self.error(name, _("Kies een van de mogelijkheden uit de lijst."))
        # Never hand back a value outside `choices`: a caller that does not check `form.ok` (a language switch,
        # say) would otherwise store whatever was forged.
        self.data[name] = raw if raw and name not in self.errors else None
        return self.data[name]

    def choices(self, name: str, choices: Iterable[str], *, required: bool = False) -> list[str]:
        allowed = {str(c) for c in choices}
        picked = [v.strip() for v in self.values_of(name) if v.strip()]
        if any(v not in allowed for v in picked):
            self.error(name, _("Kies een van de mogelijkheden uit de lijst."))
            picked = [v for v in picked if v in allowed]
        elif required and not picked:
            self.error(name, _("Kies minstens één mogelijkheid."))
        self.data[name] = list(dict.fromkeys(picked))
        return self.data[name]

    def boolean(self, name: str) -> bool:
        value = self.values.get(name) in ("1", "on", "true", "ja", "yes")
        self.data[name] = value
        return value

    def date(self, name: str, *, required: bool = False) -> date | None:
        """A date as a date field sends it (2026-12-31) or as a person types it (31-12-2026, 31/12/2026)."""
        raw = self.text(name, required=required, max_length=10)
        result = None
        if raw and name not in self.errors:
            result = parse_date(raw)
            if result is None:
                self.error(name, _("Vul een datum in zoals 31-12-2026 of kies er een."))
        self.data[name] = result
        return result

    def datetime_local(self, name: str, *, required: bool = False) -> datetime | None:
        """A date and time as the field sends it (2026-12-31T19:30) or as typed (31-12-2026 19:30)."""
        raw = self.text(name, required=required, max_length=16)
        result = None
        if raw and name not in self.errors:
            day, _sep, clock = raw.replace("T", " ").partition(" ")
            parsed_day = parse_date(day.strip())
            match = TIME_RE.fullmatch(clock.strip())
            if parsed_day is not None and match and int(match[1]) < 24 and int(match[2]) < 60:
                result = datetime(parsed_day.year, parsed_day.month, parsed_day.day, int(match[1]), int(match[2]))
            else:
                self.error(name, _("Vul een datum en uur in, bijvoorbeeld 31-12-2026 19:30."))
        self.data[name] = result
        return result

    def id(self, name: str, allowed: Iterable[int] | None = None, *, required: bool = False) -> int | None:
        """An id chosen from a list; ids outside `allowed` (another network's, say) are refused like bad input."""
        value = self.integer(name, required=required, minimum=1)
        if value is not None and allowed is not None and value not in set(allowed):
            self.error(name, _("Kies een van de mogelijkheden uit de lijst."))
            self.data[name] = None
            return None
        return value


def uploads(raw: FormData, name: str) -> list[UploadFile]:
    return [f for f in raw.getlist(name) if isinstance(f, UploadFile) and f.filename]


async def read_form(request: Request) -> FormData:
    """The request's form, parsed once with the app's limits (later calls get the same object)."""
    settings = request.app.state.settings
    return await request.form(max_files=20, max_fields=2000, max_part_size=settings.max_upload_bytes + 1)
