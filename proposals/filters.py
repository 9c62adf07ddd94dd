"""The proposal list's query parameters: ``?state=&working_group=&q=``, for the API
(``GET /api/v1/proposals/``) and the proposals page alike."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from config.filters import IdChoiceFilter
from members.models import WorkingGroup
from proposals.models import Proposal, ProposalState
from proposals.selectors import proposal_states_visible


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

    eu = django_filters.BooleanFilter(
        method="answers_eu",
        label=_("Answers an EU initiative"),
        help_text=_("Only proposals linked to an EU initiative (true) or not (false)."),
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "working_group", "eu"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: The states offered in the form: those a proposal ``user`` sees can be in
        #: (``proposal_states_visible``). Any state stays a valid value (the API's
        #: ``?state=draft`` is an empty list for a representative, not an error).
        self.offered_states = None
        if user is not None:
            offered = set(proposal_states_visible(user=user))
            self.offered_states = [c for c in ProposalState.choices if c[0] in offered]

    @property
    def form(self):
        form = super().form
        if self.offered_states is not None:
            field = form.fields["state"]
            field.widget.choices = [("", field.empty_label), *self.offered_states]
        return form

    def search(self, queryset: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        return queryset.filter(
            Q(title__icontains=value) | Q(reference__icontains=value) | Q(summary__icontains=value)
        )

    def answers_eu(self, queryset: QuerySet[Proposal], name: str, value: bool | None):
        if value is None:
            return queryset
        return queryset.filter(eu_initiative__isnull=not value)

    @property
    def applied(self) -> bool:
        """Whether any filter is in force (a bad value is left out, so it is not)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) not in (None, "") for name in self.filters)
