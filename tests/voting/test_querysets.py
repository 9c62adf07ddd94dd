"""``VotingRound.objects``: "the round is open and the organisation eligible", written once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from voting.models import VotingRound
from voting.selectors import round_latest

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(voting_proposal, representative_factory, organisation_factory):
    """An open round with a voter of weight 2, and an organisation that joined too late."""
    voter = representative_factory(organisation=organisation_factory(weight=2))
    late = organisation_factory(active=False)
    proposal = voting_proposal()
    late.active = True
    late.save()
    voting_round = VotingRound.objects.get(proposal=proposal)
    voting_round.voter, voting_round.late = voter.organisation, late
    return voting_round


def _move_deadline(voting_round, seconds: int) -> None:
    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() + timedelta(seconds=seconds)
    )


def test_a_round_is_open_until_its_closing_time(open_round):
    assert list(VotingRound.objects.open()) == [open_round]
    assert not VotingRound.objects.due().exists()

    _move_deadline(open_round, -1)

    assert not VotingRound.objects.open().exists()
    assert list(VotingRound.objects.due()) == [open_round]


def test_the_clock_can_be_given(open_round):
    later = open_round.closes_at + timedelta(seconds=1)

    assert not VotingRound.objects.open(now=later).exists()
    assert VotingRound.objects.due(now=later).get() == open_round


def test_a_closed_round_is_neither_open_nor_due(open_round):
    assert not VotingRound.objects.closed().exists()

    VotingRound.objects.filter(pk=open_round.pk).update(closed_at=timezone.now())

    assert not VotingRound.objects.open().exists()
    assert not VotingRound.objects.due().exists()
    assert list(VotingRound.objects.closed()) == [open_round]


def test_open_for_gives_the_frozen_weight_of_an_eligible_organisation(open_round):
    rounds = VotingRound.objects.open_for(open_round.voter)

    assert [(r.pk, r.weight, r.is_open) for r in rounds] == [(open_round.pk, 2, True)]
    assert not VotingRound.objects.open_for(open_round.late).exists()
    assert VotingRound.objects.open_for(open_round.voter.pk).exists()  # an id will do


def test_open_for_leaves_out_a_round_past_its_time(open_round):
    _move_deadline(open_round, -1)

    assert not VotingRound.objects.open_for(open_round.voter).exists()


def test_ballot_state_explains_each_refusal(open_round):
    def state(organisation):
        r = VotingRound.objects.with_ballot_state(organisation).get()
        return r.is_open, r.weight

    assert state(open_round.voter) == (True, 2)
    assert state(open_round.late) == (True, None)  # open, not eligible: 403
    assert state(None) == (True, None)
    _move_deadline(open_round, -1)
    assert state(open_round.voter) == (False, 2)  # closed: 409


def test_the_latest_round_comes_with_its_state(open_round):
    voting_round = round_latest(proposal_id=open_round.proposal_id, organisation=open_round.voter)

    assert (voting_round, voting_round.is_open, voting_round.weight) == (open_round, True, 2)
    assert round_latest(proposal_id=open_round.proposal_id).weight is None
