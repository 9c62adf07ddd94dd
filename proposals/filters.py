"""The proposal list's query parameters: ``?state=&working_group=&q=``, for the API
(``GET /api/v1/proposals/``) and the proposals page alike."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from config.filters import IdChoiceFilter
from members.models import WorkingGroup
from proposals.models import Proposal, ProposalState


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=200,
        help_text=_("Search in reference, title and summary."),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=ProposalState.choices,
        empty_label=_("Any state"),
        error_messages={"invalid_choice": _("Unknown state “%(value)s”.")},
    )
    working_group = IdChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name"),
        empty_label=_("Any working group"),
        error_messages={"invalid_choice": _("Give a working group id.")},
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "working_group"]

    def search(self, queryset: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        return queryset.filter(
            Q(title__icontains=value) | Q(reference__icontains=value) | Q(summary__icontains=value)
        )

    @property
    def applied(self) -> bool:
        """Whether any filter is in force (a bad value is left out, so it is not)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) not in (None, "") for name in self.filters)
