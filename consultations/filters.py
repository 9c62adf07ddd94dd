"""The query parameters of the comment and amendment lists
(``GET /api/v1/proposals/{id}/comments/?section=&paragraph=``,
``GET /api/v1/proposals/{id}/amendments/?status=&section=``)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from config.filters import WholeNumberFilter
from consultations.models import Amendment, AmendmentStatus, Comment


class CommentFilter(django_filters.FilterSet):
    section = WholeNumberFilter(help_text=_("Only comments on this section."))
    paragraph = WholeNumberFilter(help_text=_("Only comments on this paragraph."))

    class Meta:
        model = Comment
        fields = ["section", "paragraph"]


class AmendmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=AmendmentStatus.choices,
        error_messages={"invalid_choice": _("Unknown status “%(value)s”.")},
    )
    section = WholeNumberFilter(help_text=_("Only amendments to this section."))

    class Meta:
        model = Amendment
        fields = ["status", "section"]
