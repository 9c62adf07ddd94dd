"""The input limits of SPEC §14, each written once.

Models, forms and serializers read these constants, so the admin, the web pages
and the API refuse the same input with the same 400 naming the limit: nothing is
ever cut silently. The section count is a service rule
(``proposals.services.section_create``, under the proposal lock).
"""

from django import forms
from django.core.validators import MaxLengthValidator

#: A proposal's title (and a version's copy of it).
TITLE_MAX = 300
#: A proposal's summary.
SUMMARY_MAX = 2_000
#: A section's heading (and an amendment's copy of it).
HEADING_MAX = 300
#: A section's Markdown body.
SECTION_BODY_MAX = 50_000
#: Sections in one proposal.
SECTIONS_MAX = 200
#: A comment's body.
COMMENT_MAX = 10_000
#: An amendment's justification.
JUSTIFICATION_MAX = 10_000
#: An amendment's proposed text, and the text the working group merges instead.
AMENDMENT_TEXT_MAX = 10_000
#: The working group's response to an amendment.
RESPONSE_MAX = 10_000
#: The secretariat's reason for hiding a comment.
HIDE_REASON_MAX = 2_000


def max_length(limit: int) -> list:
    """The model validators for a ``TextField`` of at most ``limit`` characters.

    (A ``TextField``'s own ``max_length`` is not enforced by the model.)"""
    return [MaxLengthValidator(limit)]


class BoundedCharField(forms.CharField):
    """A form ``CharField`` whose limit the server checks and names.

    No ``maxlength`` attribute on the input: a browser cuts a longer paste there
    silently, without a word; the form's error says what the limit is instead.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs
