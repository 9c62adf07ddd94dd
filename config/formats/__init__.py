"""Dates as a European reader writes them (``FORMAT_MODULE_PATH``).

``en/formats.py`` and ``fr/formats.py`` override only the output formats Django's
own locales spell the American way ("Dec. 1, 2026, 11:05 p.m.") or without the
French ordinal; everything else (input formats, separators) falls through to
Django's locale files.

Django's format strings cannot say "1er" for the first of the month in French
and no other day: :func:`date_format` does, and every date the web UI, the
register and the emails print goes through it.
"""

from datetime import date

from django.utils import formats
from django.utils.translation import get_language

#: Languages that write the first day of the month as an ordinal: "1er décembre".
ORDINAL_FIRST = {"fr": r"j\e\r"}


def _ordinal_first(pattern: str, ordinal: str) -> str:
    """``pattern`` with each unescaped ``j`` (day of the month) replaced by ``ordinal``."""
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "j":
            out.append(ordinal)
        else:
            out.append(char)
    return "".join(out)


def date_format(value: date, format: str = "DATE_FORMAT") -> str:
    """``django.utils.formats.date_format`` in the active language, with "1er" in French.

    ``format`` is a format name (``DATE_FORMAT``, ``DATETIME_FORMAT``…) or a
    format string.
    """
    language = (get_language() or "en").split("-")[0]
    pattern = formats.get_format(format) if format.endswith("_FORMAT") else format
    ordinal = ORDINAL_FIRST.get(language)
    if ordinal and value.day == 1:
        pattern = _ordinal_first(pattern, ordinal)
    return formats.date_format(value, pattern)
