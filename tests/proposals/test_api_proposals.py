import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(working_group, user_factory):
    user = user_factory()
    working_group.members.add(user)
    return user


def test_member_creates_a_draft_with_a_reference(api, member, working_group, procedure):
    response = api.as_user(member).post(
        "/api/v1/proposals/",
        {
            "title": "Reserved contracts",
            "summary": "Why",
            "working_group": working_group.pk,
            "procedure": procedure.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "draft" and body["sections"] == [] and body["current_version"] is None
    assert re.fullmatch(rf"PP-{timezone.now().year}-\d{{3}}", body["reference"])


def test_references_count_up_within_the_year(member, working_group, procedure):
    from proposals.services import proposal_create

    refs = [
        proposal_create(
            actor=member,
            title=f"P{i}",
            summary="",
            working_group=working_group,
            procedure=procedure,
        ).reference
        for i in range(3)
    ]
    year = timezone.now().year
    assert refs == [f"PP-{year}-001", f"PP-{year}-002", f"PP-{year}-003"]


def test_outsider_cannot_create_in_a_group(api, user_factory, working_group, procedure):
    user = user_factory()
    response = api.as_user(user).post(
        "/api/v1/proposals/",
        {"title": "X", "working_group": working_group.pk, "procedure": procedure.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_create_with_unknown_group_is_400_naming_the_field(api, member, procedure):
    response = api.as_user(member).post(
        "/api/v1/proposals/",
        {"title": "X", "working_group": 999999, "procedure": procedure.pk},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"working_group"}


def test_draft_is_hidden_from_outsiders_but_open_after_consultation(
    api, run, proposal, section_factory, representative
):
    section_factory(proposal=proposal)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert api.as_user(representative).get(url).status_code == 404
    assert api.get("/api/v1/proposals/").json()["count"] == 0

    run(proposal, "submit_for_consultation", proposal.working_group.chair)

    body = api.as_user(representative).get(url).json()
    assert body["state"] == "consultation" and body["current_version"] == 1


def test_list_filters_by_state_group_and_text(api, secretariat, proposal_factory, working_group):
    proposal_factory(title="Reserved contracts", working_group=working_group)
    proposal_factory(title="ESF+ simplification")
    client = api.as_user(secretariat)

    assert client.get("/api/v1/proposals/?q=reserved").json()["count"] == 1
    assert client.get(f"/api/v1/proposals/?working_group={working_group.pk}").json()["count"] == 1
    assert client.get("/api/v1/proposals/?state=draft").json()["count"] == 2
    assert client.get("/api/v1/proposals/?state=voting").json()["count"] == 0
    bad = client.get("/api/v1/proposals/?state=limbo")
    assert bad.status_code == 400 and "state" in bad.json()["errors"]


def test_patch_title_outside_draft_or_revision_is_409(api, run, proposal, section_factory):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)

    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "New"}, format="json"
    )

    assert response.status_code == 409
    proposal.refresh_from_db()
    assert proposal.title != "New"


def test_patch_deadline_too_close_is_400_naming_the_field(api, proposal):
    too_close = (timezone.now() + timedelta(days=3)).isoformat()
    response = api.as_user(proposal.working_group.chair).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"consultation_closes_at": too_close}, format="json"
    )
    assert response.status_code == 400
    assert "14 days" in response.json()["errors"]["consultation_closes_at"][0]


def test_patch_deadline_in_the_past_is_400(api, proposal):
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = api.as_user(proposal.working_group.chair).patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {"consultation_closes_at": past, "title": "Keep me out"},
        format="json",
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.title != "Keep me out"  # nothing half-saved


def test_consultation_deadline_can_move_later_during_consultation(
    api, run, proposal, section_factory
):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    url = f"/api/v1/proposals/{proposal.pk}/"
    later = proposal.consultation_closes_at + timedelta(days=7)
    earlier = proposal.consultation_closes_at - timedelta(days=1)

    assert (
        api.as_user(chair)
        .patch(url, {"consultation_closes_at": earlier.isoformat()}, format="json")
        .status_code
        == 400
    )
    response = api.as_user(chair).patch(
        url, {"consultation_closes_at": later.isoformat()}, format="json"
    )

    assert response.status_code == 200, response.json()
    proposal.refresh_from_db()
    assert proposal.consultation_closes_at == later


def test_moving_the_voting_deadline_later_moves_the_open_rounds_deadline(
    api, run, proposal, section_factory, representative
):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    voting_round = proposal.voting_rounds.get()
    later = voting_round.closes_at + timedelta(days=2)

    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"voting_closes_at": later.isoformat()}, format="json"
    )

    assert response.status_code == 200
    voting_round.refresh_from_db()
    assert voting_round.closes_at == later
    assert datetime.fromisoformat(response.json()["voting_closes_at"]) == later
    earlier = api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {"voting_closes_at": (later - timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert earlier.status_code == 400
    voting_round.refresh_from_db()
    assert voting_round.closes_at == later


def test_the_voting_deadline_is_stored_once_the_round_holds_it_while_voting(
    api, run, proposal, section_factory
):
    """The chair asks for a deadline in revision; the vote opens with it; from then on
    the round holds it and the proposal keeps no copy to fall out of step."""
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    asked = timezone.now() + timedelta(days=20)
    api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"voting_closes_at": asked.isoformat()}, format="json"
    )

    run(proposal, "open_vote", chair)

    proposal.refresh_from_db()
    assert proposal.voting_closes_at is None
    assert proposal.voting_rounds.get().closes_at == asked
    shown = api.as_user(chair).get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert datetime.fromisoformat(shown["voting_closes_at"]) == asked


def test_the_voting_deadline_shown_is_the_newest_rounds(api, run, proposal, section_factory):
    """A first round closed early with a deadline far away does not mask the next one."""
    from voting.services import round_count, round_open, round_record

    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    first = round_open(
        proposal=proposal,
        version=proposal.versions.get(),
        closes_at=timezone.now() + timedelta(days=30),
    )
    round_record(voting_round=first, result=round_count(proposal=proposal)[1])
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    second = proposal.voting_rounds.get(closed_at__isnull=True)

    shown = api.as_user(chair).get(f"/api/v1/proposals/{proposal.pk}/").json()
    listed = api.as_user(chair).get("/api/v1/proposals/").json()["results"][0]

    assert datetime.fromisoformat(shown["voting_closes_at"]) == second.closes_at
    assert datetime.fromisoformat(listed["voting_closes_at"]) == second.closes_at


def test_only_the_chair_sets_deadlines(api, proposal, user_factory):
    member = user_factory()
    proposal.working_group.members.add(member)
    later = (timezone.now() + timedelta(days=30)).isoformat()

    response = api.as_user(member).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"consultation_closes_at": later}, format="json"
    )

    assert response.status_code == 403
