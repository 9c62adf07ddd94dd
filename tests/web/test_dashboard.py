"""The dashboard shows each role what needs them, linking to where the action is."""

import pytest
from django.urls import reverse

from members.models import BoardMembership
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(page):
    response = page().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_chair_sees_drafts_to_submit_and_consultations_closing(
    page, drafted, proposal_factory, run
):
    chair = drafted.working_group.chair
    open_one = proposal_factory(working_group=drafted.working_group, title="Open for comments")
    from proposals.models import Section

    Section.objects.create(proposal=open_one, position=1, heading="Text", body="Some text.")
    run(open_one, "submit_for_consultation", chair)

    html = page(chair).get("/").content.decode()

    assert "Drafts to submit" in html
    assert drafted.title in html and drafted.get_absolute_url() in html
    assert "Consultations closing" in html
    assert open_one.title in html
    assert "closes in" in html


def test_representative_sees_the_vote_their_organisation_has_not_cast_with_its_weight(
    page, in_voting
):
    rep = in_voting.reps[0]
    rep.organisation.weight = 3
    rep.organisation.save()
    # Weights are frozen at opening: the eligibility row keeps 1.
    html = page(rep).get("/").content.decode()

    assert "Votes waiting for" in html
    assert reverse("vote", args=[in_voting.pk]) in html
    assert "weighs 1 vote" in html


def test_once_the_organisation_voted_the_vote_leaves_the_to_do_list(page, in_voting):
    rep = in_voting.reps[0]
    voting_round = round_latest(proposal_id=in_voting.pk)
    ballot_cast(voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes")

    html = page(rep).get("/").content.decode()

    assert "Your organisation has voted in every open vote." in html
    assert "Already voted" in html


def test_board_member_sees_proposals_awaiting_their_decision(page, in_voting, run, board_member):
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    run(in_voting, "close_vote", in_voting.working_group.chair)

    html = page(board_member).get("/").content.decode()

    assert "Awaiting your board decision" in html
    assert in_voting.title in html


def test_secretariat_sees_everything_in_flight(page, in_consultation, secretariat):
    html = page(secretariat).get("/").content.decode()

    assert "Everything in flight" in html
    assert in_consultation.title in html


def test_user_with_no_role_is_told_nothing_needs_them(page, user):
    html = page(user).get("/").content.decode()

    assert "Nothing needs you right now." in html


def test_board_nav_link_only_for_board_members(page, user, board_member):
    assert reverse("board") not in page(user).get("/").content.decode()
    assert BoardMembership.objects.filter(user=board_member).exists()
    assert reverse("board") in page(board_member).get("/").content.decode()


def test_amendments_to_decide_are_counted_once_whatever_the_versions_and_rounds(
    page, in_consultation, run, amendment_factory
):
    """A text voted on, returned, revised and consulted again has several versions and
    rounds; the chair's count of undecided amendments is still the number of them."""
    from datetime import timedelta

    from django.utils import timezone

    from proposals.services import version_snapshot
    from voting.services import round_count, round_open, round_record

    chair = in_consultation.working_group.chair
    for _ in range(2):  # two earlier votes, both closed
        version = version_snapshot(proposal=in_consultation, reason="vote")
        round_open(
            proposal=in_consultation, version=version, closes_at=timezone.now() + timedelta(1)
        )
        voting_round, result = round_count(proposal=in_consultation)
        round_record(voting_round=voting_round, result=result)
    amendment_factory(proposal=in_consultation, section=in_consultation.sections.get())
    run(in_consultation, "close_consultation", chair)

    response = page(chair).get("/")

    [revision] = response.context["items"]["chair"]["revisions"]
    assert revision.undecided == 1
    assert "1 amendment to decide" in response.content.decode()


def test_a_chair_with_nothing_open_is_told_it_is_their_groups_not_the_network(
    page, in_consultation, working_group_factory
):
    # A consultation is open in another group: "No consultation open." would be false.
    group = working_group_factory()

    html = page(group.chair).get("/").content.decode()

    assert "No consultation of your working groups is open." in html
    assert "No vote on your working groups' proposals is open." in html
    assert "No consultation open." not in html
