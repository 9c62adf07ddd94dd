"""Opening a vote freezes who may vote and with which weight (one ``INSERT … SELECT``)."""

import pytest

from voting.models import VotingRound

pytestmark = pytest.mark.django_db


def test_the_round_freezes_every_eligible_organisation_and_its_weight(
    voting_proposal, representative_factory, organisation_factory
):
    heavy = representative_factory(organisation=organisation_factory(weight=3))
    light = representative_factory(organisation=organisation_factory(weight=1))
    representative_factory(organisation=heavy.organisation)  # two representatives: once
    inactive = representative_factory(organisation=organisation_factory(active=False, weight=5))
    asleep = representative_factory(organisation=organisation_factory(weight=7), is_active=False)
    nobody = organisation_factory(weight=11)  # no representative at all

    proposal = voting_proposal()

    voting_round = VotingRound.objects.get(proposal=proposal)
    frozen = dict(voting_round.eligibilities.values_list("organisation_id", "weight"))
    assert frozen == {heavy.organisation_id: 3, light.organisation_id: 1}
    assert voting_round.eligible_weight == 4
    for left_out in (inactive.organisation_id, asleep.organisation_id, nobody.pk):
        assert left_out not in frozen

    heavy.organisation.weight = 9  # a weight changed during the vote counts from the next one
    heavy.organisation.save()
    voting_round.refresh_from_db()
    assert voting_round.eligibilities.get(organisation=heavy.organisation).weight == 3
    assert voting_round.eligible_weight == 4


def test_a_round_with_nobody_eligible_opens_with_no_weight(voting_proposal):
    proposal = voting_proposal()

    voting_round = VotingRound.objects.get(proposal=proposal)
    assert voting_round.eligibilities.count() == 0
    assert voting_round.eligible_weight == 0
