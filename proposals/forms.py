"""Forms of the proposal pages. They only shape input; the services decide."""

import rules
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.limits import (
    HEADING_MAX,
    SECTION_BODY_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    BoundedCharField,
)
from members.models import WorkingGroup
from proposals.models import Procedure, ProposalState

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type="datetime-local">``: the browser's picker, in the user's time zone.

    The form field reads the naive value in the active time zone (the user's),
    and shows a stored value converted to it.
    """

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class HiddenDateTimeLocalInput(DateTimeLocalInput):
    """The hidden copy of a ``datetime-local`` field (``show_hidden_initial``): the same
    text, to the minute, as the visible input showed."""

    input_type = "hidden"


def _consultation_deadline_field(**kwargs) -> forms.DateTimeField:
    field = forms.DateTimeField(
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        **kwargs,
    )
    field.hidden_widget = HiddenDateTimeLocalInput
    return field


class ProposalCreateForm(forms.Form):
    title = BoundedCharField(label=_("Title"), max_length=TITLE_MAX)
    summary = BoundedCharField(
        label=_("Summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Two or three sentences: what the network should say, and to whom."),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.none()
    )
    procedure = forms.ModelChoiceField(
        label=_("Procedure"),
        queryset=Procedure.objects.order_by("name"),
        help_text=_("The rules it follows: consultation, vote, board approval."),
    )
    consultation_closes_at = _consultation_deadline_field(
        label=_("Consultation closes at"), required=False
    )

    def __init__(
        self, *args, groups=None, timezone_name: str = "", may_set_deadline=True, **kwargs
    ):
        """``may_set_deadline``: the user chairs a working group (the deadlines are the
        chair's, ``proposals.set_deadlines``); otherwise the deadline field is left out."""
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["working_group"].queryset = groups
            only = list(groups[:2])
            if len(only) == 1:
                self.fields["working_group"].initial = only[0].pk
        if not may_set_deadline:
            del self.fields["consultation_closes_at"]
            return
        minimums = "; ".join(
            _("%(procedure)s: at least %(days)s days")
            % {"procedure": procedure.name, "days": procedure.min_consultation_days}
            for procedure in self.fields["procedure"].queryset
            if procedure.consultation_required
        )
        self.fields["consultation_closes_at"].help_text = _(
            "You can set it later; it is needed to submit for consultation. In your time zone "
            "(%(tz)s), at least the procedure's minimum after the consultation opens "
            "(%(minimums)s)."
        ) % {"tz": timezone_name, "minimums": minimums}


class ProposalEditForm(forms.Form):
    """Title, summary and the consultation deadline; fields the state refuses are dropped.

    Every field carries the value the page showed (``show_hidden_initial``:
    ``initial-title``, ``initial-summary``, ``initial-consultation_closes_at``), so a
    save writes only what the user changed, and a field someone else saved meanwhile
    (another tab, a colleague) is a conflict with both values shown, never overwritten.

    ``deadline_needed_for``: what the optional deadline is needed for (the page shows it
    instead of "optional")."""

    deadline_needed_for = ""

    title = BoundedCharField(label=_("Title"), max_length=TITLE_MAX, show_hidden_initial=True)
    summary = BoundedCharField(
        label=_("Summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        show_hidden_initial=True,
    )
    consultation_closes_at = _consultation_deadline_field(
        label=_("Consultation closes at"), required=False, show_hidden_initial=True
    )

    def __init__(self, *args, proposal, user, timezone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        days = proposal.procedure.min_consultation_days
        self.fields["consultation_closes_at"].help_text = _(
            "In your time zone (%(tz)s). At least %(days)s days after the consultation opens."
        ) % {"tz": timezone_name, "days": days}
        if proposal.procedure.consultation_required and proposal.state in (
            ProposalState.DRAFT,
            ProposalState.REVISION,
        ):
            # optional to save, but a guard of the transition (consultation_deadline_far_enough)
            self.deadline_needed_for = (
                _("needed to reopen the consultation")
                if proposal.state == ProposalState.REVISION
                else _("needed to submit for consultation")
            )
        if not rules.has_perm("proposals.edit_text", user, proposal):
            # here only to move the consultation deadline (proposals.edit_proposal)
            del self.fields["title"]
            del self.fields["summary"]
            self.fields["consultation_closes_at"].required = True
            self.fields["consultation_closes_at"].help_text = _(
                "In your time zone (%(tz)s). During consultation the deadline can only move later."
            ) % {"tz": timezone_name}

    def _hidden_text(self, name: str, value) -> str:
        """``value`` as the hidden field of ``name`` carries it."""
        field = self.fields[name]
        return field.hidden_widget().format_value(field.prepare_value(value)) or ""

    def current(self, name: str):
        """The stored value of ``name`` as the page shows it (a deadline to the minute)."""
        return self.fields[name].to_python(self._hidden_text(name, self.initial.get(name)))

    def shown(self, name: str):
        """The value of ``name`` the page showed; a post without it (an old page) or with a
        value that does not read (a forged field): the current one."""
        key = self.add_initial_prefix(name)
        if key not in self.data:
            return self.current(name)
        try:
            return self.fields[name].to_python(self.data[key])
        except ValidationError:
            return self.current(name)

    def changed_values(self) -> dict:
        """Only what the user changed from what the page showed, so an untouched field
        never trips a state rule (and a value another tab saved meanwhile is not written
        back)."""
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if self.cleaned_data[name] != self.shown(name)
        }

    def saved_meanwhile(self, changes: dict) -> dict:
        """The changed fields someone else saved since the page was shown, as theirs now;
        the same change made twice is no conflict."""
        return {
            name: self.initial.get(name)
            for name, mine in changes.items()
            if self.current(name) not in (self.shown(name), mine)
        }

    def rebase(self) -> None:
        """Show the current values as the base, so saving again is made knowing them."""
        data = self.data.copy()
        for name in self.fields:
            data[self.add_initial_prefix(name)] = self._hidden_text(name, self.initial.get(name))
        self.data = data


def _heading_field() -> forms.CharField:
    return BoundedCharField(label=_("Heading"), max_length=HEADING_MAX)


def _body_field() -> forms.CharField:
    return BoundedCharField(
        label=_("Text"),
        required=False,
        max_length=SECTION_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}),
        help_text=_(
            "Markdown. Leave a blank line between paragraphs: each paragraph is numbered "
            "so members can comment on it and amend it."
        ),
    )


class SectionForm(forms.Form):
    heading = _heading_field()
    body = _body_field()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SectionCreateForm(forms.Form):
    heading = _heading_field()
    body = _body_field()
    position = forms.TypedChoiceField(label=_("Place"), coerce=int, required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(len(sections) + 1, _("At the end"))]
        # Positions as ``section_create`` counts them: 1..n in the current order.
        choices += [
            (index, _("Before “%(heading)s”") % {"heading": section.heading})
            for index, section in enumerate(sections, start=1)
        ]
        self.fields["position"].choices = choices
        self.fields["position"].initial = len(sections) + 1


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BoardDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("approve", _("Approve the text as voted")),
            ("return", _("Return it to the working group for revision")),
            ("reject", _("Reject it")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return or reject: the working group reads it."),
    )
