"""Serializer fields shared by every app's API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TextField(serializers.CharField):
    """A ``CharField`` that takes only a JSON string: DRF's own turns ``0`` or ``true``
    into ``"0"``/``"True"`` and saves it, where a client that sent a number for a text
    has made a mistake it should hear about (found by schemathesis)."""

    default_error_messages = {"not_text": _("Give text here, not a number or a list.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)
