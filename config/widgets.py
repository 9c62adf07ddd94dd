"""Form widgets shared by every app's web pages."""

from django import forms


class DayInput(forms.DateInput):
    """``<input type="date">``: the browser's picker. Its value is always ISO
    (``2026-12-01``), whatever the language: with the locale's format (``01/12/2026``
    in French) the browser shows the field empty, as if nothing were recorded."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
