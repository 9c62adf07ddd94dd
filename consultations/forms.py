"""Forms of the consultation pages. They shape input; ``consultations.services`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.limits import (
    AMENDMENT_TEXT_MAX,
    COMMENT_MAX,
    HIDE_REASON_MAX,
    JUSTIFICATION_MAX,
    RESPONSE_MAX,
    BoundedCharField,
)
from consultations.models import AmendmentDecision, AmendmentKind


class CommentForm(forms.Form):
    body = BoundedCharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Comments cannot be edited once posted."),
    )
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)
    paragraph = forms.TypedChoiceField(
        label=_("On"), required=False, coerce=int, empty_value=None, choices=()
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, paragraphs: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", _("The whole section"))] + [
            (n, _("Paragraph %(n)s") % {"n": n}) for n in range(1, paragraphs + 1)
        ]


class AmendmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Change"), choices=AmendmentKind.choices, widget=forms.RadioSelect
    )
    paragraph = forms.TypedChoiceField(label=_("Paragraph"), coerce=int, choices=())
    text = BoundedCharField(
        label=_("Proposed text"),
        required=False,
        max_length=AMENDMENT_TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. The new paragraph, to replace or insert; none for a deletion."),
    )
    justification = BoundedCharField(
        label=_("Justification"),
        max_length=JUSTIFICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the text should change: the working group answers it."),
    )

    def __init__(self, *args, paragraphs: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # Paragraph 1 first, so the default pair (replace paragraph 1) is a valid one;
        # "before the first paragraph" last, for an insertion only.
        choices = []
        for number, text in enumerate(paragraphs, start=1):
            excerpt = text if len(text) <= 90 else text[:87].rstrip() + "…"
            choices.append((number, f"{number}. {excerpt}"))
        choices.append((0, _("Before the first paragraph (insert only)")))
        self.fields["paragraph"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("paragraph") == 0 and data.get("kind") not in (
            None,
            AmendmentKind.INSERT_AFTER,
        ):
            self.add_error(
                "paragraph",
                _(
                    "“Before the first paragraph” is only for inserting a new paragraph. "
                    "Choose the paragraph to replace or delete, or choose “Insert after "
                    "the paragraph”."
                ),
            )
        return data


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=AmendmentDecision.choices, widget=forms.RadioSelect
    )
    response = BoundedCharField(
        label=_("Response to the organisation"),
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required: it goes into the consultation report."),
    )
    text = BoundedCharField(
        label=_("Merged text"),
        required=False,
        max_length=AMENDMENT_TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Only for “accepted with changes”: the paragraph as the working group merges it."
        ),
    )


class HideForm(forms.Form):
    reason = BoundedCharField(
        label=_("Reason for hiding"),
        max_length=HIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
