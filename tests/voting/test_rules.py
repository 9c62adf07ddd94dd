"""``voting.cast_ballot``: a representative, while the proposal's round is open and
the organisation eligible; the page shows the ballot form only then."""

from datetime import timedelta

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from config.conflict import Conflict
from members.rules import rules_enforce
from voting.models import VotingRound

pytestmark = pytest.mark.django_db

CAST = "voting.cast_ballot"


def _close_in(proposal, seconds: int) -> None:
    VotingRound.objects.filter(proposal=proposal).update(
        closes_at=timezone.now() + timedelta(seconds=seconds)
    )


def test_an_eligible_representative_may_cast_while_the_vote_is_open(
    voting_proposal, representative
):
    proposal = voting_proposal()

    assert rules.has_perm(CAST, representative, proposal)
    rules_enforce(CAST, representative, proposal)


def test_no_one_casts_once_the_closing_time_has_come(voting_proposal, representative):
    proposal = voting_proposal()
    _close_in(proposal, -1)

    assert not rules.has_perm(CAST, representative, proposal)
    with pytest.raises(Conflict) as refused:
        rules_enforce(CAST, representative, proposal)
    assert refused.value.get_codes() == "vote_closed"
    assert "ballots are no longer accepted" in str(refused.value.detail)


def test_an_organisation_that_joined_during_the_vote_is_refused_as_not_eligible(
    voting_proposal, representative_factory, organisation_factory
):
    late = representative_factory(organisation=organisation_factory(name="Late", active=False))
    proposal = voting_proposal()
    late.organisation.active = True
    late.organisation.save()

    assert not rules.has_perm(CAST, late, proposal)
    with pytest.raises(PermissionDenied, match="Late is not eligible in this vote."):
        rules_enforce(CAST, late, proposal)


def test_an_organisation_deactivated_during_the_vote_still_casts(voting_proposal, representative):
    proposal = voting_proposal()
    representative.organisation.active = False
    representative.organisation.save()

    assert rules.has_perm(CAST, representative, proposal)


def test_someone_without_an_organisation_is_refused_by_role(voting_proposal, secretariat):
    proposal = voting_proposal()

    with pytest.raises(PermissionDenied, match="Only representatives of member organisations"):
        rules_enforce(CAST, secretariat, proposal)


def test_a_proposal_without_a_vote_refuses_with_no_vote(proposal, representative):
    with pytest.raises(Conflict) as refused:
        rules_enforce(CAST, representative, proposal)

    assert refused.value.get_codes() == "no_vote"


def _page(client, user, proposal):
    client.force_login(user)
    return client.get(reverse("vote", args=[proposal.pk])).content.decode()


def test_the_page_shows_the_ballot_form_only_while_the_rule_allows(
    client, voting_proposal, representative
):
    proposal = voting_proposal()
    assert "Cast the ballot" in _page(client, representative, proposal)

    _close_in(proposal, -1)
    html = _page(client, representative, proposal)

    assert "Cast the ballot" not in html
    assert "The vote has closed; the result is being counted." in html


def test_a_superuser_representative_gets_no_form_after_the_close(
    client, voting_proposal, representative
):
    """Django grants a superuser every permission; the page asks the rule itself."""
    representative.is_superuser = True
    representative.save()
    proposal = voting_proposal()
    _close_in(proposal, -1)

    assert "Cast the ballot" not in _page(client, representative, proposal)
