import pytest

from voting.services import ballot_cast


@pytest.fixture
def voting_proposal(run, proposal_factory, section_factory, procedure_factory):
    """``voting_proposal(reps, **procedure_fields)``: a proposal whose vote is open."""

    def make(**procedure_fields):
        proposal = proposal_factory(procedure=procedure_factory(**procedure_fields))
        section_factory(proposal=proposal)
        chair = proposal.working_group.chair
        run(proposal, "submit_for_consultation", chair)
        run(proposal, "close_consultation", chair)
        run(proposal, "open_vote", chair)
        return proposal

    return make


@pytest.fixture
def cast():
    def _cast(proposal, rep, choice):
        return ballot_cast(
            voting_round=proposal.voting_rounds.get(closed_at__isnull=True),
            organisation=rep.organisation,
            user=rep,
            choice=choice,
        )

    return _cast
