"""Board decisions from real threads on PostgreSQL: the row lock keeps the count right."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from proposals.models import BoardDecision, Proposal
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture(autouse=True)
def no_render(monkeypatch):
    """The renders are not what is tested here."""
    monkeypatch.setattr("papers.services._enqueue", lambda paper_id: None)


def _post(member, proposal, body):
    from members.services import token_create

    token = token_create(user=member, name="test")[1]
    return (
        APIClient()
        .post(
            f"/api/v1/proposals/{proposal.pk}/board-decisions/",
            body,
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        .status_code
    )


def test_the_same_member_deciding_ten_times_at_once_records_one_decision(
    make_board_review, board_member
):
    proposal = make_board_review(approvals=2)

    statuses = in_threads(10, lambda i: _post(board_member, proposal, {"decision": "approve"}))

    assert sorted(statuses) == [201] + [409] * 9
    assert BoardDecision.objects.filter(member=board_member).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).state == "board_review"


def test_members_approving_at_once_approve_exactly_once(
    make_board_review, board_membership_factory
):
    proposal = make_board_review(approvals=3)
    members = [board_membership_factory().user for _ in range(6)]

    statuses = in_threads(6, lambda i: _post(members[i], proposal, {"decision": "approve"}))

    # the first three are recorded (the third approves); the others find it approved
    assert sorted(statuses) == [201] * 3 + [409] * 3
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.state == "approved"
    assert list(
        proposal.transition_log.filter(transition="approve").values_list("actor", flat=True)
    ) == [None]
    assert proposal.versions.filter(reason="adopted").count() == 1
    assert proposal.papers.count() == 1
