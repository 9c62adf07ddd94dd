"""The voting page: ballot, receipt, results; a secret ballot never shows another's choice."""

import pytest
from django.urls import reverse

from proposals.models import Procedure
from tests.web.conftest import messages_of
from voting.models import Ballot
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db


def _vote(proposal, choices):
    voting_round = round_latest(proposal_id=proposal.pk)
    for rep, choice in zip(proposal.reps, choices, strict=False):
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice=choice
        )


def test_representative_casts_a_ballot_and_sees_the_receipt(page, in_voting):
    rep = in_voting.reps[0]
    url = reverse("vote", args=[in_voting.pk])

    response = page(rep).post(url, {"choice": "yes"}, follow=True)

    ballot = Ballot.objects.get(organisation=rep.organisation)
    text = " ".join(messages_of(response))
    assert f"Keep the receipt {ballot.receipt}" in text
    html = response.content.decode()
    assert "Current ballot: Yes" in html
    assert ballot.receipt in html
    assert f"cast by {rep.display_name}" in html


def test_a_colleague_of_the_same_organisation_changes_the_ballot(
    page, in_voting, representative_factory
):
    rep = in_voting.reps[0]
    colleague = representative_factory(organisation=rep.organisation)
    url = reverse("vote", args=[in_voting.pk])
    page(rep).post(url, {"choice": "yes"})

    html = page(colleague).post(url, {"choice": "no"}, follow=True).content.decode()

    assert Ballot.objects.get(organisation=rep.organisation).choice == "no"
    assert "Current ballot: No" in html
    assert "Earlier ballots of your organisation" in html


def test_invalid_choice_is_a_message_not_a_500(page, in_voting):
    response = page(in_voting.reps[0]).post(
        reverse("vote", args=[in_voting.pk]), {"choice": "maybe"}
    )

    assert response.status_code == 200
    assert "Choose yes, no or abstain." in messages_of(response)
    assert not Ballot.objects.exists()


def test_someone_without_an_organisation_gets_a_message(page, in_voting, secretariat):
    response = page(secretariat).post(reverse("vote", args=[in_voting.pk]), {"choice": "yes"})

    assert "Only representatives of member organisations vote." in messages_of(response)
    assert not Ballot.objects.exists()


def test_ballot_after_the_close_is_refused_with_the_reason(page, in_voting, run):
    _vote(in_voting, ["yes", "yes", "no"])
    run(in_voting, "close_vote", in_voting.working_group.chair)

    response = page(in_voting.reps[2]).post(reverse("vote", args=[in_voting.pk]), {"choice": "yes"})

    assert "ballots are no longer accepted" in " ".join(messages_of(response))
    assert Ballot.objects.get(organisation=in_voting.reps[2].organisation).choice == "no"


def test_open_ballot_results_list_each_organisations_choice(page, in_voting, run):
    _vote(in_voting, ["yes", "yes", "no"])
    run(in_voting, "close_vote", in_voting.working_group.chair)

    html = page(in_voting.reps[0]).get(reverse("vote", args=[in_voting.pk])).content.decode()

    assert "Passed" in html
    assert "How each organisation voted" in html
    for rep in in_voting.reps:
        assert rep.organisation.name in html
    assert "(yours)" in html


def test_secret_ballot_results_show_no_organisations_choice(
    page, in_consultation, run, representative_factory, secretariat, board_member
):
    Procedure.objects.filter(pk=in_consultation.procedure_id).update(secret_ballot=True)
    reps = representative_factory.create_batch(3)
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    proposal = run(in_consultation, "open_vote", chair)
    proposal.reps = reps
    _vote(proposal, ["yes", "no", "abstain"])
    run(proposal, "close_vote", chair)
    url = reverse("vote", args=[proposal.pk])

    for viewer in (secretariat, board_member, chair, reps[0]):
        html = page(viewer).get(url).content.decode()
        assert "How each organisation voted" not in html
        assert "Secret: only totals and receipts are published." in html
        # No other organisation is even named on the page.
        for rep in reps:
            if rep.organisation_id != viewer.organisation_id:
                assert rep.organisation.name not in html, viewer
    own = page(reps[0]).get(url).content.decode()
    assert "(yours)" in own  # an organisation still finds its own receipt


def test_while_open_only_counts_are_shown(page, in_voting):
    _vote(in_voting, ["no"])

    html = page(in_voting.reps[1]).get(reverse("vote", args=[in_voting.pk])).content.decode()

    assert "1 of 3 organisations has voted so far." in html
    assert in_voting.reps[0].organisation.name not in html
    assert "Your organisation has not voted yet." in html


def test_no_vote_yet_redirects_with_a_message(page, in_consultation, representative):
    response = page(representative).get(reverse("vote", args=[in_consultation.pk]), follow=True)

    assert "No vote has been opened on this proposal yet." in messages_of(response)


def test_proposal_page_links_to_the_ballot(page, in_voting):
    html = page(in_voting.reps[0]).get(in_voting.get_absolute_url()).content.decode()

    assert reverse("vote", args=[in_voting.pk]) in html
    assert "Your organisation has not voted yet." in html


def test_the_count_of_organisations_that_voted_agrees_in_number(page, in_voting):
    # "1 organisations sur 3 ont voté" read wrong in French; "2 … have voted" stays plural.
    _vote(in_voting, ["no"])
    viewer = in_voting.reps[1]
    viewer.language = "fr"
    viewer.save()

    french = page(viewer).get(reverse("vote", args=[in_voting.pk])).content.decode()
    _vote(in_voting, ["no", "yes"])
    english = page(in_voting.reps[2]).get(reverse("vote", args=[in_voting.pk])).content.decode()
    detail = page(in_voting.reps[2]).get(in_voting.get_absolute_url()).content.decode()

    assert "1 organisation sur 3 a voté jusqu’ici." in french
    assert "2 of 3 organisations have voted so far." in english
    assert "2 of 3 organisations have voted." in detail
