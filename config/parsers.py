"""The API's JSON parser, bounded (SPEC §14): nested at most ``MAX_DEPTH`` deep, no
NUL character anywhere. A deeper or NUL-carrying body is a 400 naming the limit,
never a ``RecursionError`` (500) or a database error on save."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: SPEC §14: JSON nested at most 50 deep.
MAX_DEPTH = 50


def json_check(data) -> None:
    """Raise ``ParseError`` if ``data`` nests deeper than ``MAX_DEPTH`` or holds a NUL.
    Iterative, so a deep document cannot exhaust the stack here either."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError(_("Text may not contain NUL characters."))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise ParseError(
                _("JSON may be nested at most %(limit)s levels deep.") % {"limit": MAX_DEPTH}
            )
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and "\x00" in key:
                raise ParseError(_("Text may not contain NUL characters."))
            stack.append((item, depth + 1))


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # the decoder itself gave up: far deeper than allowed
            raise ParseError(
                _("JSON may be nested at most %(limit)s levels deep.") % {"limit": MAX_DEPTH}
            ) from exc
        json_check(data)
        return data
