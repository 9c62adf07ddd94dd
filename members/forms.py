import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "timezone"]


class TokenForm(forms.Form):
    """A new API token on the profile page: a name and, if sooner, the last day it works."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What it is for, e.g. “CI job”.")
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = _(
            "At most %(days)d days; that is also the default."
        ) % {"days": settings.PLENUM_TOKEN_TTL}

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_current_timezone())
