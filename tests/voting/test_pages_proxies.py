"""The voting page, the mandate page and the dashboard with proxies and split ballots."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import as_writer
from voting.models import Ballot, BallotCast, Mandate

pytestmark = pytest.mark.django_db

FLAGS = {"proxies_allowed": True, "split_ballots_allowed": True}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def reps(representative_factory, organisation_factory):
    return [
        representative_factory(organisation=organisation_factory(name=name, weight=weight))
        for name, weight in (("Alpha", 3), ("Beta", 1), ("Gamma", 1))
    ]


def test_mandate_given_and_used_on_the_pages(voting_proposal, reps):
    alpha, beta, gamma = reps
    proposal = voting_proposal(**FLAGS)
    mandate_url = reverse("mandate", args=[proposal.pk])
    vote_url = reverse("vote", args=[proposal.pk])

    form_page = _client(alpha).get(mandate_url).content.decode()
    assert '<label for="id_proxy">' in form_page and "Give the mandate" in form_page
    given = _client(alpha).post(
        mandate_url, {"action": "give", "proxy": beta.organisation_id}, follow=True
    )
    assert "Beta now votes for your organisation" in _messages(given)
    assert Mandate.objects.get().proxy == beta.organisation

    page = _client(beta).get(vote_url).content.decode()
    assert "You also vote for Alpha (mandate)" in page
    assert f'name="organisation" value="{alpha.organisation_id}"' in page
    prefix = f"b{alpha.organisation_id}"
    cast = _client(beta).post(
        vote_url,
        {"organisation": alpha.organisation_id, f"{prefix}-choice": "no"},
        follow=True,
    )
    assert "The ballot of Alpha is recorded: No." in _messages(cast)
    ballot = Ballot.objects.get(organisation=alpha.organisation)
    assert ballot.by_proxy == beta.organisation and ballot.receipt in cast.content.decode()
    # Beta's own ballot is separate.
    assert not Ballot.objects.filter(organisation=beta.organisation).exists()
    # The mandator sees who cast for it; the mandate can no longer be revoked.
    mine = _client(alpha).get(vote_url).content.decode()
    assert "cast by proxy: Beta" in mine and "Current ballot: No" in mine
    assert "Revoke the mandate" not in _client(alpha).get(mandate_url).content.decode()
    # Gamma, a bystander, sees nothing of it.
    other = _client(gamma).get(vote_url).content.decode()
    assert "Alpha" not in other and "proxy" not in other.lower()
    # The dashboard of the proxy.
    dashboard = _client(beta).get("/").content.decode()
    assert "You also vote for Alpha (mandate)" in dashboard


def test_a_mandate_after_voting_says_the_ballot_counts_until_the_proxy_casts(voting_proposal, reps):
    alpha, beta, _gamma = reps
    proposal = voting_proposal(**FLAGS)
    mandate_url = reverse("mandate", args=[proposal.pk])
    vote_url = reverse("vote", args=[proposal.pk])
    before = _client(alpha).get(mandate_url).content.decode()
    _client(alpha).post(vote_url, {"choice": "yes"})

    page = _client(alpha).get(mandate_url).content.decode()

    assert "already voted" not in before
    assert "Your organisation has already voted in this round." in page
    assert f'href="{vote_url}">See your ballot</a>' in page
    # What it says is what happens: the proxy's cast replaces the ballot.
    _client(alpha).post(mandate_url, {"action": "give", "proxy": beta.organisation_id})
    prefix = f"b{alpha.organisation_id}"
    _client(beta).post(vote_url, {"organisation": alpha.organisation_id, f"{prefix}-choice": "no"})
    ballot = Ballot.objects.get(organisation=alpha.organisation)
    assert ballot.choice == "no" and ballot.by_proxy == beta.organisation


def test_revoking_on_the_mandate_page(voting_proposal, reps):
    alpha, beta, _ = reps
    proposal = voting_proposal(**FLAGS)
    mandate = Mandate.objects.create(
        proposal=proposal, mandator=alpha.organisation, proxy=beta.organisation, given_by=alpha
    )
    url = reverse("mandate", args=[proposal.pk])
    page = _client(alpha).get(url).content.decode()
    assert "data-confirm=" in page and "Revoke the mandate" in page

    response = _client(alpha).post(url, {"action": "revoke", "mandate": mandate.pk}, follow=True)

    assert "Beta no longer votes for your organisation" in _messages(response)
    mandate.refresh_from_db()
    assert mandate.revoked_by == alpha
    assert (
        "You also vote for Alpha"
        not in _client(beta).get(reverse("vote", args=[proposal.pk])).content.decode()
    )


def _selected_proxy(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)" selected>', html)


def test_a_mandate_sent_signed_out_comes_back_chosen_and_is_given_only_when_pressed(
    voting_proposal, reps
):
    alpha, beta, gamma = reps
    proposal = voting_proposal(**FLAGS)
    url = reverse("mandate", args=[proposal.pk])
    browser = Client()  # alpha's tab, after the session ended

    sent = browser.post(
        url, {"action": "give", "proxy": beta.organisation_id, **as_writer(alpha)}, follow=True
    )

    assert sent.redirect_chain[-1][0] == f"{reverse('login')}?next={url}"
    assert "You were signed out, so the mandate was not changed." in _messages(sent)
    assert not Mandate.objects.exists()
    browser.force_login(alpha)
    back = browser.get(url)
    html = back.content.decode()
    assert _selected_proxy(html) == [str(beta.organisation_id)]
    assert "Nothing is changed yet: check it, then press the button again." in _messages(back)
    assert not Mandate.objects.exists()  # shown, not given
    again = browser.get(url)  # shown once
    assert _selected_proxy(again.content.decode()) == []
    given = browser.post(url, {"action": "give", "proxy": beta.organisation_id}, follow=True)
    assert "Beta now votes for your organisation" in _messages(given)
    assert Mandate.objects.get().proxy == beta.organisation


def test_a_mandate_sent_signed_out_is_never_shown_to_the_next_person_on_that_computer(
    voting_proposal, reps
):
    alpha, beta, gamma = reps
    proposal = voting_proposal(**FLAGS)
    url = reverse("mandate", args=[proposal.pk])
    browser = Client()
    browser.post(url, {"action": "give", "proxy": beta.organisation_id, **as_writer(alpha)})

    browser.force_login(gamma)
    page = browser.get(url)

    assert _selected_proxy(page.content.decode()) == []
    assert "Nothing is changed yet" not in _messages(page)
    assert not Mandate.objects.exists()


def test_a_bad_mandate_on_the_page_shows_the_rule(voting_proposal, reps):
    alpha, beta, gamma = reps
    proposal = voting_proposal(**FLAGS)
    Mandate.objects.create(
        proposal=proposal, mandator=beta.organisation, proxy=gamma.organisation, given_by=beta
    )
    response = _client(alpha).post(
        reverse("mandate", args=[proposal.pk]), {"action": "give", "proxy": beta.organisation_id}
    )
    assert response.status_code == 200
    assert "Mandates do not chain" in response.content.decode()
    assert Mandate.objects.count() == 1


def test_the_split_form(voting_proposal, reps):
    alpha = reps[0]
    proposal = voting_proposal(**FLAGS)
    url = reverse("vote", args=[proposal.pk])
    page = _client(alpha).get(url).content.decode()
    assert "Split the weight: parts adding up to 3 votes" in page
    for name in ("split_yes", "split_no", "split_abstain"):
        assert f'<label for="id_{name}">' in page

    wrong = _client(alpha).post(
        url, {"choice": "split", "split_yes": 1, "split_no": 1, "split_abstain": 0}
    )
    assert wrong.status_code == 200
    assert "must add up to the weight, 3 votes" in _messages(wrong)
    assert not BallotCast.objects.exists()

    right = _client(alpha).post(
        url, {"choice": "split", "split_yes": 2, "split_no": 1, "split_abstain": 0}, follow=True
    )
    assert "Split: yes 2 · no 1 · abstain 0" in _messages(right)
    assert "Current ballot: Split: yes 2 · no 1 · abstain 0" in right.content.decode()


def test_no_split_form_where_not_allowed(voting_proposal, reps):
    proposal = voting_proposal(proxies_allowed=True)
    page = _client(reps[0]).get(reverse("vote", args=[proposal.pk])).content.decode()
    assert "Split the weight" not in page and 'name="split_yes"' not in page


def test_an_organisation_of_one_vote_is_not_offered_a_split(voting_proposal, reps):
    # "Split the weight: parts adding up to 1 vote" only puzzles; a plain vote is it.
    proposal = voting_proposal(**FLAGS)
    page = _client(reps[1]).get(reverse("vote", args=[proposal.pk])).content.decode()

    assert "casts one ballot weighing 1 vote" in page
    assert "Split the weight" not in page and 'name="split_yes"' not in page
    assert 'value="yes"' in page


def test_in_revision_the_proposal_page_leads_to_the_mandate_form(
    run, proposal_factory, section_factory, procedure_factory, reps
):
    alpha, beta, _ = reps
    proposal = proposal_factory(procedure=procedure_factory(**FLAGS))
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    page = _client(alpha).get(proposal.get_absolute_url()).content.decode()
    assert reverse("mandate", args=[proposal.pk]) in page

    response = _client(alpha).post(
        reverse("mandate", args=[proposal.pk]),
        {"action": "give", "proxy": beta.organisation_id},
        follow=True,
    )

    assert "Beta now votes for your organisation" in _messages(response)
    # Without proxies in the procedure, no link.
    plain = proposal_factory()
    assert (
        reverse("mandate", args=[plain.pk])
        not in _client(alpha).get(plain.get_absolute_url()).content.decode()
    )
