"""The deadline sweep: close consultations and votes whose deadline has passed.

Safe to run from several workers at once: each due proposal is taken with
``SELECT … FOR UPDATE SKIP LOCKED`` in its own transaction, so a row another
sweep holds is skipped, and the transition re-checks the state under the lock,
so a proposal is never closed twice.
"""

import logging

from django.db import transaction
from django.utils import timezone

from config.conflict import Conflict
from proposals.models import Proposal, ProposalState
from proposals.services import proposal_lock
from voting.models import VotingRound
from workflow.services import transition_run

logger = logging.getLogger(__name__)

SYSTEM_NOTE = "Deadline passed."


def _due_ids(now) -> list[tuple[int, str]]:
    consultations = Proposal.objects.filter(
        state=ProposalState.CONSULTATION, consultation_closes_at__lte=now
    ).values_list("pk", flat=True)
    votes = Proposal.objects.filter(
        state=ProposalState.VOTING, voting_rounds__in=VotingRound.objects.due(now=now)
    ).values_list("pk", flat=True)
    return [(pk, "close_consultation") for pk in consultations] + [
        (pk, "close_vote") for pk in votes
    ]


def close_due(*, now=None) -> list[str]:
    """Close what is due; returns ``["PP-2026-001 close_consultation", …]``: what this run did."""
    now = now or timezone.now()
    done = []
    for pk, name in _due_ids(now):
        with transaction.atomic():
            proposal = proposal_lock(pk=pk, skip_locked=True)
            if proposal is None:
                continue  # another sweep holds it
            try:
                transition_run(proposal=proposal, name=name, actor=None, note=SYSTEM_NOTE)
            except Conflict:
                continue  # already closed by someone else
        done.append(f"{proposal.reference} {name}")
        logger.info("sweep: %s %s", proposal.reference, name)
    return done
