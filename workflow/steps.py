"""The steps transitions name in their declaration (``proposals.transitions``).

Each takes the ``workflow.services.TransitionRun`` and calls the service of
the app that owns the data; ``transition_run`` calls them under the
proposal's lock, in its transaction.
"""

from datetime import timedelta

from django.utils import timezone

from papers.services import papers_request
from proposals.models import Version
from proposals.services import version_snapshot
from voting.services import round_count, round_open, round_record


def snapshot_for_consultation(run) -> None:
    version_snapshot(proposal=run.proposal, reason=Version.Reason.CONSULTATION)


def open_round(run) -> None:
    """Freeze the text voted on and open the round; the deadline is the chair's
    if later than the procedure's voting days."""
    proposal = run.proposal
    closes_at = timezone.now() + timedelta(days=proposal.procedure.voting_days)
    if proposal.voting_closes_at and proposal.voting_closes_at > closes_at:
        closes_at = proposal.voting_closes_at
    proposal.voting_closes_at = None  # from now on the round holds the deadline
    proposal.save(update_fields=["voting_closes_at"])
    version = version_snapshot(proposal=proposal, reason=Version.Reason.VOTE)
    run.voting_round = round_open(proposal=proposal, version=version, closes_at=closes_at)


def count_vote(run) -> dict:
    """Count the open round once, under its lock; ``decide`` reads the result."""
    run.voting_round, result = round_count(proposal=run.proposal)
    return {"result": result}


def record_vote(run) -> None:
    round_record(voting_round=run.voting_round, result=run.prepared["result"])


def adopt(run) -> None:
    version = version_snapshot(proposal=run.proposal, reason=Version.Reason.ADOPTED)
    papers_request(proposal=run.proposal, version=version)
