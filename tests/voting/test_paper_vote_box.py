"""The paper's vote box and open-ballot list with a split ballot and a proxy's ballot."""

import pytest
from django.utils import translation

from papers.layout import vote_box_for_paper
from voting.models import Mandate
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db


def test_the_paper_lists_the_split_and_who_cast_by_proxy(
    voting_proposal, representative_factory, organisation_factory, run
):
    alpha, beta, gamma = (
        representative_factory(organisation=organisation_factory(name=name, weight=weight))
        for name, weight in (("Alpha", 3), ("Beta", 1), ("Gamma", 2))
    )
    proposal = voting_proposal(proxies_allowed=True, split_ballots_allowed=True)
    voting_round = proposal.voting_rounds.get()
    Mandate.objects.create(
        proposal=proposal, mandator=gamma.organisation, proxy=beta.organisation, given_by=gamma
    )
    ballot_cast(
        voting_round=voting_round,
        organisation=alpha.organisation,
        user=alpha,
        split={"yes": 2, "no": 1, "abstain": 0},
    )
    ballot_cast(voting_round=voting_round, organisation=beta.organisation, user=beta, choice="yes")
    ballot_cast(
        voting_round=voting_round,
        organisation=gamma.organisation,
        proxy=beta.organisation,
        user=beta,
        choice="yes",
    )
    run(proposal, "close_vote", proposal.working_group.chair)

    with translation.override("en"):
        box = vote_box_for_paper(proposal=proposal, version=None)

    assert (box["yes"], box["no"], box["abstain"]) == (5, 1, 0)
    rows = {b["organisation"]: b for b in box["ballots"]}
    assert rows["Alpha"]["choice_label"] == "Split: yes 2 · no 1 · abstain 0"
    assert rows["Gamma"]["proxy_label"] == "cast by proxy: Beta"
    assert rows["Beta"]["proxy_label"] == ""
    assert box["ballots_note"] == (
        "1 organisation divided its weight across yes, no and abstain. "
        "1 ballot was cast by proxy, under a mandate."
    )
