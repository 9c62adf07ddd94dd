from django import forms
from django.utils.translation import gettext_lazy as _

from config.limits import SECTION_BODY_MAX
from config.widgets import DayInput
from eu.selectors import language_name
from proposals.models import EuInitiative


class EuInitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    kind = forms.ChoiceField(label=_("Kind"), choices=EuInitiative.Kind.choices)
    closing_day = forms.DateField(
        label=_("Closing day"),
        widget=DayInput(),
        help_text=_("The portal closes at midnight Brussels time at the end of this day."),
    )
    reference = forms.CharField(label=_("Commission reference"), max_length=100, required=False)


class FeedbackForm(forms.Form):
    feedback_text = forms.CharField(
        label=_("Feedback text"),
        required=False,
        strip=False,
        max_length=SECTION_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "data-count": ""}),
    )
    language = forms.ChoiceField(
        label=_("Language of the answer"),
        required=False,
        help_text=_("The paper attached and the language declared to the portal."),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, language_name(code)) for code in languages]
        if len(languages) < 2:  # nothing to choose: the pack says which it is
            del self.fields["language"]


class RecordForm(forms.Form):
    submitted_at = forms.DateField(label=_("Submitted on"), widget=DayInput())
    portal_reference = forms.CharField(label=_("Portal reference"), max_length=100)
