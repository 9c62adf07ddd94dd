"""A proposal from draft to board review through the one entry point."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals.models import ProposalState

pytestmark = pytest.mark.django_db


def test_draft_to_board_review(run, proposal, section_factory, representative_factory):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    reps = representative_factory.create_batch(3)

    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    proposal = run(proposal, "open_vote", chair)
    assert proposal.state == ProposalState.VOTING
    voting_round = proposal.voting_rounds.get()
    assert voting_round.version.number == 2 and voting_round.eligible_weight == 3

    from voting.services import ballot_cast

    for rep, choice in zip(reps, ["yes", "yes", "no"], strict=True):
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice=choice
        )
    proposal = run(proposal, "close_vote", chair)

    assert proposal.state == ProposalState.BOARD_REVIEW
    voting_round.refresh_from_db()
    assert (voting_round.yes, voting_round.no, voting_round.passed) == (2, 1, True)
    assert list(proposal.transition_log.values_list("transition", flat=True)) == [
        "submit_for_consultation",
        "close_consultation",
        "open_vote",
        "close_vote",
    ]
    assert voting_round.closes_at > timezone.now() + timedelta(days=6)
