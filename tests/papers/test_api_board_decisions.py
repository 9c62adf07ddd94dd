"""POST /api/v1/proposals/{id}/board-decisions/: one decision per board member per review."""

import pytest

from proposals.models import BoardDecision, ProposalState

pytestmark = pytest.mark.django_db


def url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/board-decisions/"


def test_approval_by_the_board_approves_snapshots_and_renders_the_papers(
    api, make_board_review, board_member, media_root, django_capture_on_commit_callbacks
):
    proposal = make_board_review(languages=("en", "fr"))
    voted = proposal.versions.order_by("-number").first()

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(board_member).post(url(proposal), {"decision": "approve"})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["decision"] == "approve" and body["state"] == "approved"
    assert body["version"] == voted.number
    assert body["member"]["id"] == board_member.pk
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    adopted = proposal.versions.order_by("-number").first()
    assert adopted.reason == "adopted" and adopted.number == voted.number + 1
    papers = proposal.papers.order_by("language")
    assert [(p.language, p.version_id, p.status) for p in papers] == [
        ("en", adopted.pk, "ready"),
        ("fr", adopted.pk, "ready"),
    ]
    log = list(proposal.transition_log.values_list("transition", "actor"))
    assert log[-1] == ("approve", None)  # the system approves


def test_approval_waits_for_the_required_number_of_approvals(
    api, make_board_review, board_membership_factory, django_capture_on_commit_callbacks
):
    proposal = make_board_review(approvals=2)
    first, second = board_membership_factory().user, board_membership_factory().user

    response = api.as_user(first).post(url(proposal), {"decision": "approve"})
    assert response.status_code == 201 and response.json()["state"] == "board_review"
    assert not proposal.papers.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.as_user(second).post(url(proposal), {"decision": "approve"})
    assert response.status_code == 201 and response.json()["state"] == "approved"
    assert proposal.papers.get().status == "pending"  # rendered after commit
    # the render, and the approval's emails (translation_needed: no one, one language)
    assert len(callbacks) == 2


def test_a_second_decision_by_the_same_member_is_refused(api, make_board_review, board_member):
    proposal = make_board_review(approvals=2)
    client = api.as_user(board_member)
    assert client.post(url(proposal), {"decision": "approve"}).status_code == 201

    response = client.post(url(proposal), {"decision": "reject", "note": "Changed my mind."})

    assert response.status_code == 409
    assert response.json()["code"] == "already_decided"
    assert BoardDecision.objects.filter(member=board_member).count() == 1
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.BOARD_REVIEW


def test_deciding_outside_board_review_is_refused(api, proposal, board_member):
    response = api.as_user(board_member).post(url(proposal), {"decision": "approve"})

    assert response.status_code == 409
    assert response.json()["code"] == "not_in_board_review"
    assert response.json()["failed_guards"] == ["state_allows"]
    assert not BoardDecision.objects.exists()


def test_only_board_members_decide(api, make_board_review, secretariat):
    proposal = make_board_review()
    chair = proposal.working_group.chair

    for user in (chair, secretariat):
        response = api.as_user(user).post(url(proposal), {"decision": "approve"})
        assert response.status_code == 403
    assert not BoardDecision.objects.exists()


def test_return_needs_a_note_and_sends_the_text_back_for_revision(
    api, make_board_review, board_member
):
    proposal = make_board_review()
    client = api.as_user(board_member)

    response = client.post(url(proposal), {"decision": "return"})
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert not BoardDecision.objects.exists()

    response = client.post(url(proposal), {"decision": "return", "note": "Cite the directive."})
    assert response.status_code == 201 and response.json()["state"] == "revision"
    entry = proposal.transition_log.last()
    assert (entry.transition, entry.actor_id, entry.note) == (
        "return_for_revision",
        board_member.pk,
        "Cite the directive.",
    )


def test_reject_with_a_note_rejects(api, make_board_review, board_member):
    proposal = make_board_review()

    response = api.as_user(board_member).post(
        url(proposal), {"decision": "reject", "note": "Outside our mandate."}
    )

    assert response.status_code == 201 and response.json()["state"] == "rejected"
    assert not proposal.papers.exists()


def test_unknown_decision_is_a_field_error(api, make_board_review, board_member):
    proposal = make_board_review()

    response = api.as_user(board_member).post(url(proposal), {"decision": "maybe"})

    assert response.status_code == 400
    assert "decision" in response.json()["errors"]


def test_decisions_are_listed(api, make_board_review, board_membership_factory):
    proposal = make_board_review(approvals=3)
    members = [board_membership_factory().user for _ in range(2)]
    for member in members:
        api.as_user(member).post(url(proposal), {"decision": "approve"})

    response = api.as_user(members[0]).get(url(proposal))

    assert response.status_code == 200
    assert [d["member"]["id"] for d in response.json()] == [m.pk for m in members]
    assert {d["state"] for d in response.json()} == {"board_review"}
