"""The voting page: ballot, receipt, results; a secret ballot never shows another's choice."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from proposals.models import Procedure
from tests.web.conftest import as_writer, messages_of
from voting.models import Ballot, BallotCast, VotingRound
from voting.selectors import round_latest
from voting.services import ballot_cast, mandate_give
from workflow.sweep import close_due

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


# --- a ballot sent when it could not be cast (config/drafts.py, BALLOT) -------------------


def _checked(html: str, name: str) -> list[str]:
    """The values of the radio buttons named ``name`` that the page shows selected."""
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", html)
        if 'type="radio"' in tag and f'name="{name}"' in tag and re.search(r"\bchecked\b", tag)
    ]


def _signed_out_ballot(proposal, rep, fields: dict, *, organisation=None):
    """``rep``'s tab posts its ballot after the session ended: an anonymous client in the
    same browser, the form's fields as shown to ``rep`` (its round, its writer)."""
    voting_round = round_latest(proposal_id=proposal.pk)
    client = Client()
    response = client.post(
        reverse("vote", args=[proposal.pk]),
        {
            "organisation": (organisation or rep.organisation).pk,
            "round": voting_round.pk,
            **fields,
            **as_writer(rep),
        },
        follow=True,
    )
    return client, response


def _close_at_the_deadline(proposal):
    """The vote's deadline passes and the sweep counts it (nobody, or not everyone, voted)."""
    VotingRound.objects.filter(proposal=proposal, closed_at__isnull=True).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    close_due()


def _revote(proposal, run):
    """The vote closed (rejected: nobody voted), the text revised, a new round opened."""
    chair = proposal.working_group.chair
    _close_at_the_deadline(proposal)
    proposal.refresh_from_db()
    run(proposal, "revise", chair, note="A clearer text.")
    run(proposal, "open_vote", chair)


def _nothing_cast():
    return not Ballot.objects.exists() and not BallotCast.objects.exists()


def test_a_ballot_sent_signed_out_comes_back_selected_and_is_cast_only_when_pressed(in_voting):
    rep = in_voting.reps[0]
    url = reverse("vote", args=[in_voting.pk])

    client, signed_out = _signed_out_ballot(in_voting, rep, {"choice": "no"})

    assert signed_out.redirect_chain[-1][0] == f"{reverse('login')}?next={url}"
    said = " ".join(messages_of(signed_out))
    assert "You were signed out, so your ballot was not cast." in said
    assert "nothing was saved" not in said  # a ballot is cast, not saved
    assert _nothing_cast()

    client.force_login(rep)
    back = client.get(url)

    html = back.content.decode()
    assert _checked(html, "choice") == ["no"]
    assert "It is not cast yet: check it, then press the button to cast it." in " ".join(
        messages_of(back)
    )
    assert "Not cast yet." in html and "then press “Cast the ballot”" in html
    assert "Your organisation has not voted yet." in html
    assert _nothing_cast()  # shown, not cast

    cast = client.post(url, {"choice": "no", "round": round_latest(proposal_id=in_voting.pk).pk})
    assert cast.status_code == 302
    assert Ballot.objects.get(organisation=rep.organisation).choice == "no"
    again = client.get(url)  # shown once
    assert "It is not cast yet" not in " ".join(messages_of(again))
    assert "Not cast yet." not in again.content.decode()


def test_a_kept_ballot_that_changes_one_says_to_press_change(in_voting):
    rep = in_voting.reps[0]
    _vote(in_voting, ["yes"])
    client, _ = _signed_out_ballot(in_voting, rep, {"choice": "abstain"})

    client.force_login(rep)
    html = client.get(reverse("vote", args=[in_voting.pk])).content.decode()

    assert _checked(html, "choice") == ["abstain"]
    assert "Current ballot: Yes" in html  # what counts until they press again
    assert "then press “Change the ballot”" in html
    assert Ballot.objects.get(organisation=rep.organisation).choice == "yes"


def test_a_ballot_kept_for_a_vote_closed_meanwhile_is_not_put_back(in_voting):
    rep = in_voting.reps[0]
    client, _ = _signed_out_ballot(in_voting, rep, {"choice": "no"})
    _close_at_the_deadline(in_voting)

    client.force_login(rep)
    back = client.get(reverse("vote", args=[in_voting.pk]))

    assert "Nothing was cast: the vote has closed." in messages_of(back)
    html = back.content.decode()
    assert _checked(html, "choice") == [] and "Not cast yet." not in html
    assert "Your organisation did not vote." in html
    assert _nothing_cast()


def test_a_ballot_kept_from_an_earlier_round_is_not_put_back_in_the_new_one(in_voting, run):
    rep = in_voting.reps[0]
    client, _ = _signed_out_ballot(in_voting, rep, {"choice": "yes"})
    _revote(in_voting, run)

    client.force_login(rep)
    back = client.get(reverse("vote", args=[in_voting.pk]))

    said = " ".join(messages_of(back))
    assert "Nothing was cast: your ballot was filled in for an earlier round" in said
    assert "A new round is open" in said
    assert _checked(back.content.decode(), "choice") == []
    assert _nothing_cast()


def test_a_form_left_open_since_an_earlier_round_casts_nothing(page, in_voting, run):
    rep = in_voting.reps[0]
    old_round = round_latest(proposal_id=in_voting.pk)
    _revote(in_voting, run)

    response = page(rep).post(
        reverse("vote", args=[in_voting.pk]), {"choice": "yes", "round": old_round.pk}
    )

    assert response.status_code == 200
    assert "filled in for an earlier round" in " ".join(messages_of(response))
    assert _nothing_cast()


def test_the_next_person_signing_in_on_the_same_browser_never_sees_the_ballot(
    in_voting, representative_factory
):
    """A shared computer: a colleague of the same organisation, who could cast it, signs in
    next; the choice the first one sent is neither shown nor cast."""
    rep = in_voting.reps[0]
    colleague = representative_factory(organisation=rep.organisation)
    client, _ = _signed_out_ballot(in_voting, rep, {"choice": "no"})

    client.force_login(colleague)
    back = client.get(reverse("vote", args=[in_voting.pk]))

    html = back.content.decode()
    assert _checked(html, "choice") == []
    assert "Not cast yet." not in html
    assert not any("not cast" in m for m in messages_of(back))
    assert _nothing_cast()
    client.force_login(rep)  # and it was dropped, not kept for later
    assert (
        _checked(client.get(reverse("vote", args=[in_voting.pk])).content.decode(), "choice") == []
    )


@pytest.fixture
def with_proxies_and_splits(in_consultation, run, representative_factory, organisation_factory):
    """A vote allowing proxies and split ballots: Alpha (weight 3) and Beta (1)."""
    Procedure.objects.filter(pk=in_consultation.procedure_id).update(
        proxies_allowed=True, split_ballots_allowed=True
    )
    alpha, beta = (
        representative_factory(organisation=organisation_factory(name=name, weight=weight))
        for name, weight in (("Alpha", 3), ("Beta", 1))
    )
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    proposal = run(in_consultation, "open_vote", chair)
    return proposal, alpha, beta


def test_a_proxy_ballot_comes_back_in_the_mandators_box(with_proxies_and_splits):
    proposal, alpha, beta = with_proxies_and_splits
    mandate_give(proposal_id=proposal.pk, user=alpha, proxy_id=beta.organisation_id)
    prefix = f"b{alpha.organisation_id}"
    client, _ = _signed_out_ballot(
        proposal, beta, {f"{prefix}-choice": "abstain"}, organisation=alpha.organisation
    )

    client.force_login(beta)
    html = client.get(reverse("vote", args=[proposal.pk])).content.decode()

    assert _checked(html, f"{prefix}-choice") == ["abstain"]
    assert _checked(html, "choice") == []  # Beta's own box untouched
    alpha_box = html[html.index("You also vote for Alpha (mandate)") :]
    assert "Not cast yet." in alpha_box
    assert "Not cast yet." not in html[: html.index("You also vote for Alpha (mandate)")]
    assert _nothing_cast()


def test_a_split_ballot_comes_back_with_its_parts(with_proxies_and_splits):
    proposal, alpha, _beta = with_proxies_and_splits
    client, _ = _signed_out_ballot(
        proposal, alpha, {"choice": "split", "split_yes": 2, "split_no": 1, "split_abstain": 0}
    )

    client.force_login(alpha)
    html = client.get(reverse("vote", args=[proposal.pk])).content.decode()

    assert _checked(html, "choice") == ["split"]
    for name, value in (("split_yes", 2), ("split_no", 1), ("split_abstain", 0)):
        assert re.search(rf'name="{name}"[^>]*value="{value}"', html), name
    assert _nothing_cast()


def test_a_posted_ballot_is_kept_out_of_error_reports(page, in_voting):
    """Secret ballots: the report Django mails on a 500 masks what the ballot said."""
    response = page(in_voting.reps[0]).post(reverse("vote", args=[in_voting.pk]), {"choice": "no"})

    report = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert report["choice"] != "no" and set(report["choice"]) == {"*"}


def test_a_kept_ballot_is_explained_in_french(in_voting):
    rep = in_voting.reps[0]
    rep.language = "fr"
    rep.save()
    client, _ = _signed_out_ballot(in_voting, rep, {"choice": "yes"})

    client.force_login(rep)
    back = client.get(reverse("vote", args=[in_voting.pk]))

    said = " ".join(messages_of(back))
    assert "Il n’est pas encore déposé : vérifiez-le" in said
    assert "appuyez sur « Déposer le bulletin »" in back.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"organisation": "x" * 5000, "choice": "yes"},
        {"organisation": "9" * 5000, "choice": "yes"},  # beyond int()'s 4,300 digits
        {"round": "\x00", "choice": "yes"},
    ],
    ids=["organisation-text", "organisation-huge", "round-nul"],
)
def test_an_unreadable_organisation_or_round_is_read_as_missing_the_own_ballot_is_cast(
    in_voting, fields
):
    """An old page has neither field: its ballot is the own organisation's, in the open
    round. A field that does not read as a number is taken as missing, never a 500."""
    rep = in_voting.reps[0]
    client = Client()
    client.force_login(rep)

    response = client.post(reverse("vote", args=[in_voting.pk]), fields, follow=True)

    assert response.status_code == 200
    assert any("is recorded: Yes." in said for said in messages_of(response))
    assert [b.organisation for b in Ballot.objects.all()] == [rep.organisation]


def test_a_ballot_for_a_round_that_does_not_exist_casts_nothing_and_says_why(in_voting):
    client = Client()
    client.force_login(in_voting.reps[0])

    response = client.post(
        reverse("vote", args=[in_voting.pk]), {"round": "9" * 30, "choice": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert "filled in for an earlier round" in " ".join(messages_of(response))
    assert _nothing_cast()
