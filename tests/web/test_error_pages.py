"""The 403 page says what happened and where to go: on a proposal's sub-page, back to
the proposal the person may still read; elsewhere, back to what needs them."""

import pytest

pytestmark = pytest.mark.django_db


def test_editing_another_groups_proposal_offers_the_way_back_to_it(
    page, in_consultation, representative_factory
):
    proposal = in_consultation
    outsider = representative_factory()  # reads the consultation, drafts in no group
    response = page(outsider).get(f"/proposals/{proposal.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You are not allowed to do this" in html
    assert "Only members of the working group may edit this proposal." in html
    assert f'<a class="button" href="/proposals/{proposal.pk}/">Back to the proposal</a>' in html
    assert "Back to what needs you" in html
    # and the way back is a page they may read
    assert page(outsider).get(f"/proposals/{proposal.pk}/").status_code == 200


def test_a_refusal_elsewhere_offers_no_proposal(page, user_factory):
    response = page(user_factory()).get("/invitations/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Only the secretariat invites people." in html
    assert "Back to the proposal" not in html
    assert "Back to what needs you" in html
