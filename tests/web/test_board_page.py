"""The board page: proposals in board review, the vote result, one decision per member."""

import pytest
from django.urls import reverse

from proposals.models import BoardDecision, ProposalState
from tests.web.conftest import messages_of
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(in_voting, run):
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    return run(in_voting, "close_vote", in_voting.working_group.chair)


def test_only_board_members_open_the_board_page(page, representative, board_member):
    assert page(representative).get(reverse("board")).status_code == 403
    assert page(board_member).get(reverse("board")).status_code == 200


def test_board_page_lists_the_proposal_with_its_vote_result(page, in_review, board_member):
    html = page(board_member).get(reverse("board")).content.decode()

    assert in_review.title in html
    assert "Passed" in html
    assert "Approvals: 0 of 1 needed" in html
    assert reverse("board-decide", args=[in_review.pk]) in html


def test_approval_by_the_required_board_members_approves(page, in_review, board_member):
    response = page(board_member).post(
        reverse("board-decide", args=[in_review.pk]), {"decision": "approve"}, follow=True
    )

    in_review.refresh_from_db()
    assert in_review.state == ProposalState.APPROVED
    assert "The proposal is now Approved." in " ".join(messages_of(response))


def test_return_without_a_note_keeps_the_form_and_records_nothing(page, in_review, board_member):
    response = page(board_member).post(
        reverse("board-decide", args=[in_review.pk]), {"decision": "return", "note": ""}
    )

    assert response.status_code == 400
    assert "a note is required to return or reject" in response.content.decode()
    assert not BoardDecision.objects.exists()


def test_return_with_a_note_sends_it_back_to_revision(page, in_review, board_member):
    page(board_member).post(
        reverse("board-decide", args=[in_review.pk]),
        {"decision": "return", "note": "Cite the 2024 evaluation."},
    )

    in_review.refresh_from_db()
    assert in_review.state == ProposalState.REVISION
    html = page(in_review.working_group.chair).get(in_review.get_absolute_url()).content.decode()
    assert "Cite the 2024 evaluation." in html


def test_a_second_decision_is_refused_with_a_message(page, in_review, board_membership_factory):
    in_review.procedure.board_approvals_required = 2
    in_review.procedure.save()
    member = board_membership_factory().user
    client = page(member)
    url = reverse("board-decide", args=[in_review.pk])
    client.post(url, {"decision": "approve"})

    again = client.post(url, {"decision": "reject", "note": "Changed my mind."})

    assert again.status_code == 409
    assert "You have already recorded your decision in this review." in messages_of(again)
    assert BoardDecision.objects.filter(member=member).count() == 1


def test_deciding_outside_board_review_is_a_message(page, in_voting, board_member):
    response = page(board_member).post(
        reverse("board-decide", args=[in_voting.pk]), {"decision": "approve"}
    )

    assert response.status_code == 409
    assert "only while the proposal is in board review" in " ".join(messages_of(response))
