"""Each guard refuses by name, through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _submit(api, proposal):
    return api.as_user(proposal.working_group.chair).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/submit_for_consultation/"
    )


def test_submit_without_summary_or_text_names_both_guards(api, proposal_factory, section_factory):
    proposal = proposal_factory(summary="  ")
    section_factory(proposal=proposal, body="   ")

    response = _submit(api, proposal)

    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["has_summary", "has_text"]
    proposal.refresh_from_db()
    assert proposal.state == "draft"


def test_submit_with_a_deadline_too_close_names_the_deadline_guard(
    api, proposal_factory, section_factory
):
    proposal = proposal_factory(consultation_closes_at=timezone.now() + timedelta(days=13))
    section_factory(proposal=proposal)

    response = _submit(api, proposal)

    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["consultation_deadline_far_enough"]


def test_submit_without_any_deadline_is_refused(api, proposal_factory, section_factory):
    proposal = proposal_factory(consultation_closes_at=None)
    section_factory(proposal=proposal)
    assert _submit(api, proposal).json()["failed_guards"] == ["consultation_deadline_far_enough"]


def test_submit_with_a_procedure_without_consultation_is_refused(
    api, proposal_factory, section_factory, procedure_factory
):
    proposal = proposal_factory(procedure=procedure_factory(consultation_required=False))
    section_factory(proposal=proposal)
    assert _submit(api, proposal).json()["failed_guards"] == ["procedure_requires_consultation"]


def test_close_vote_before_deadline_and_before_everyone_voted_is_refused(
    api, run, proposal, section_factory, representative_factory
):
    section_factory(proposal=proposal)
    representative_factory.create_batch(2)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)

    response = api.as_user(chair).post(f"/api/v1/proposals/{proposal.pk}/transitions/close_vote/")

    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["vote_closable"]


def test_transition_needing_a_note_without_one_is_400(api, proposal):
    response = api.as_user(proposal.working_group.chair).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/withdraw/", {"note": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    proposal.refresh_from_db()
    assert proposal.state == "draft"


def test_unknown_transition_is_404(api, proposal):
    response = api.as_user(proposal.working_group.chair).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/teleport/"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_transition_list_tells_the_user_what_they_may_do(
    api, proposal, section_factory, user_factory
):
    section_factory(proposal=proposal)
    chair_view = {
        t["name"]: t
        for t in api.as_user(proposal.working_group.chair)
        .get(f"/api/v1/proposals/{proposal.pk}/transitions/")
        .json()
    }
    assert chair_view["submit_for_consultation"] == {
        "name": "submit_for_consultation",
        "target": "consultation",
        "allowed": True,
        "failed_guards": [],
        "requires_note": False,
    }
    assert chair_view["withdraw"]["allowed"] and chair_view["withdraw"]["requires_note"]
    assert chair_view["close_vote"]["failed_guards"] == ["state_allows"]
    assert chair_view["close_vote"]["target"] == "board_review|rejected"

    member = user_factory()
    proposal.working_group.members.add(member)
    member_view = {
        t["name"]: t
        for t in api.as_user(member).get(f"/api/v1/proposals/{proposal.pk}/transitions/").json()
    }
    assert not member_view["submit_for_consultation"]["allowed"]


def test_history_lists_each_transition_with_actor_and_note(api, run, proposal, section_factory):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "withdraw", chair, note="Superseded by the Commission's new proposal.")

    history = api.as_user(chair).get(f"/api/v1/proposals/{proposal.pk}/history/").json()

    assert [(h["transition"], h["source"], h["target"]) for h in history] == [
        ("submit_for_consultation", "draft", "consultation"),
        ("withdraw", "consultation", "withdrawn"),
    ]
    assert history[1]["note"] == "Superseded by the Commission's new proposal."
    assert history[1]["actor"] == {"id": chair.pk, "name": chair.display_name}
