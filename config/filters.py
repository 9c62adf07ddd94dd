"""django-filter pieces every list shares (each app's ``filters.py`` declares its FilterSets).

In the API, ``DjangoFilterBackend`` (the default filter backend) validates a
list's query parameters with the view's ``filterset_class``: a bad value is a
400 whose ``errors`` name the parameter (``config.api.exception_handler``
shapes the body). A page builds the same FilterSet from ``request.GET``; a bad
value there only leaves that filter out.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The largest id or number a query parameter may carry (a 32-bit column).
MAX_INT = 2**31 - 1


def whole_number(value, message) -> int:
    """``value`` as a whole number from 1 to ``MAX_INT``, written in ASCII digits only
    (no sign, no decimals, no ``²``), else ``ValidationError(message)``."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_INT):
        raise ValidationError(message, code="invalid")
    return int(text)


class WholeNumberField(forms.Field):
    default_error_messages = {"invalid": _("Give a whole number from 1.")}

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        return whole_number(value, self.error_messages["invalid"])


#: What the schema says of such a parameter (``whole_number``'s range).
WHOLE_NUMBER_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_INT}


class WholeNumberFilter(django_filters.Filter):
    """An id or a paragraph number: ``?section=12``."""

    #: Added to the parameter's schema by ``config.schema.AutoSchema``.
    openapi = WHOLE_NUMBER_SCHEMA

    field_class = WholeNumberField


class IdChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` (a select on a page) that reads the value as an id
    without a query: an id that matches no row matches nothing, as any filter
    value may; only a value that is not an id is invalid."""

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        return whole_number(value, self.error_messages["invalid_choice"])


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """Chosen from the ``queryset`` on a page, given by its id in the API."""

    openapi = WHOLE_NUMBER_SCHEMA

    field_class = IdChoiceField
