"""Dates and numbers as a paper in language X prints them (SPEC §11), from Babel's CLDR data.

Django's date formats cannot decline a month ("1 Δεκεμβρίου 2026", "1 grudnia
2026" take the genitive) and know no Maltese; CLDR's long date pattern of each
locale does, for all 24 official EU languages. English is written as in
Brussels and Dublin (``en_IE``: "1 December 2026"), Portuguese as in Portugal;
French writes the first of the month as an ordinal ("1er décembre 2026").

``paper_date`` is the one function for a paper's date, ``paper_number`` for a
decimal figure (``83,3`` / ``83.3``); both take the language explicitly, so
they never depend on the language of the request or the worker.
"""

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal
from django.utils import timezone

#: The CLDR locale of a paper language, where the bare code is not the one meant.
CLDR_LOCALES = {"en": "en_IE", "pt": "pt_PT"}

#: Languages that write the first day of the month as an ordinal: day pattern -> replacement.
ORDINAL_FIRST = {"fr": "d'er'"}


def cldr_locale(language: str | None) -> Locale:
    """The Babel locale of ``language`` (``fr``, ``fr-be``), else Irish English."""
    code = (language or "en").lower().replace("-", "_")
    for candidate in (CLDR_LOCALES.get(code, code), CLDR_LOCALES.get(code.split("_")[0])):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(CLDR_LOCALES["en"])


def _first_day_ordinal(pattern: str, ordinal: str) -> str:
    """``pattern`` with its first unquoted lone ``d`` (day of the month) replaced."""
    quoted = False
    for index, char in enumerate(pattern):
        if char == "'":
            quoted = not quoted
        elif char == "d" and not quoted:
            before = pattern[index - 1] if index else ""
            after = pattern[index + 1] if index + 1 < len(pattern) else ""
            if before != "d" and after != "d":
                return pattern[:index] + ordinal + pattern[index + 1 :]
    return pattern


def paper_date(moment: datetime | date | None, language: str | None) -> str:
    """``moment`` as a paper in ``language`` writes it: the day in Brussels, CLDR's
    long form ("1 December 2026", "1er décembre 2026", "1. Dezember 2026",
    "2026. december 1."); ``""`` for ``None``."""
    if moment is None:
        return ""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    locale = cldr_locale(language)
    pattern = get_date_format("long", locale=locale).pattern
    ordinal = ORDINAL_FIRST.get(locale.language)
    if ordinal and day.day == 1:
        pattern = _first_day_ordinal(pattern, ordinal)
    return format_date(day, pattern, locale=locale)


def paper_number(value: float | int, language: str | None, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals in ``language``'s notation (``1.234,5``)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=cldr_locale(language))
