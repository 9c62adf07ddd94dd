from datetime import timedelta

import pytest
from django.utils import timezone

from voting.models import Ballot, BallotCast, VotingRound

pytestmark = pytest.mark.django_db


def _put(api, user, proposal, choice):
    return api.as_user(user).put(
        f"/api/v1/proposals/{proposal.pk}/ballot/", {"choice": choice}, format="json"
    )


def test_cast_returns_weight_and_a_readable_receipt(
    api, voting_proposal, representative_factory, organisation_factory
):
    rep = representative_factory(organisation=organisation_factory(weight=3))
    proposal = voting_proposal()

    response = _put(api, rep, proposal, "yes")

    assert response.status_code == 200
    body = response.json()
    assert body["choice"] == "yes" and body["weight"] == 3
    import re

    assert re.fullmatch(
        r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", body["receipt"]
    )
    assert api.as_user(rep).get(f"/api/v1/proposals/{proposal.pk}/ballot/").json() == body


def test_any_representative_changes_the_ballot_the_last_counts_history_kept(
    api, voting_proposal, representative, representative_factory
):
    colleague = representative_factory(organisation=representative.organisation)
    proposal = voting_proposal()

    first = _put(api, representative, proposal, "no").json()
    second = _put(api, colleague, proposal, "yes").json()

    assert Ballot.objects.get().choice == "yes"
    assert first["receipt"] != second["receipt"]
    assert list(BallotCast.objects.values_list("choice", "receipt")) == [
        ("no", first["receipt"]),
        ("yes", second["receipt"]),
    ]


def test_ballot_after_the_close_is_409_whatever_the_client_says(
    api, voting_proposal, representative
):
    proposal = voting_proposal()
    VotingRound.objects.filter(proposal=proposal).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )

    response = _put(api, representative, proposal, "yes")

    assert response.status_code == 409
    assert response.json()["code"] == "vote_closed"
    assert not Ballot.objects.exists()


def test_ballot_on_a_proposal_not_voting_is_409(
    api, proposal_factory, representative, run, section_factory
):
    proposal = proposal_factory()
    section_factory(proposal=proposal)
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    assert _put(api, representative, proposal, "yes").status_code == 409


def test_user_without_organisation_is_403(api, voting_proposal, secretariat, representative):
    proposal = voting_proposal()
    assert _put(api, secretariat, proposal, "yes").status_code == 403


def test_representative_of_an_inactive_organisation_is_403(
    api, voting_proposal, representative_factory, organisation_factory
):
    rep = representative_factory(organisation=organisation_factory(active=False))
    proposal = voting_proposal()
    assert _put(api, rep, proposal, "yes").status_code == 403


def test_invalid_choice_is_400(api, voting_proposal, representative):
    proposal = voting_proposal()
    response = _put(api, representative, proposal, "maybe")
    assert response.status_code == 400 and "choice" in response.json()["errors"]


def test_another_organisations_ballot_is_404(api, voting_proposal, representative_factory):
    voter, other = representative_factory.create_batch(2)
    proposal = voting_proposal()
    _put(api, voter, proposal, "yes")
    assert api.as_user(other).get(f"/api/v1/proposals/{proposal.pk}/ballot/").status_code == 404


def test_frozen_eligibility(
    api, voting_proposal, representative_factory, organisation_factory, cast
):
    stays = representative_factory()
    late = representative_factory(organisation=organisation_factory(active=False))
    proposal = voting_proposal()
    # Deactivated mid-vote: still counts. Activated mid-vote: cannot vote.
    stays.organisation.active = False
    stays.organisation.weight = 9
    stays.organisation.save()
    late.organisation.active = True
    late.organisation.save()

    ok = _put(api, stays, proposal, "yes")
    refused = _put(api, late, proposal, "yes")

    assert ok.status_code == 200 and ok.json()["weight"] == 1  # weight frozen at the opening
    assert refused.status_code == 403
