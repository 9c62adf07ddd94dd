"""Reads of the workflow app."""

from django.db.models import QuerySet

from proposals.models import Proposal
from workflow.models import TransitionLog


def history_list(*, proposal: Proposal) -> QuerySet[TransitionLog]:
    return proposal.transition_log.select_related("actor").order_by("at", "id")
