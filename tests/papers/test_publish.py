"""``publish`` waits for a ready paper in every language of the procedure."""

import pytest

from proposals.models import ProposalState

pytestmark = pytest.mark.django_db


def test_publish_is_refused_until_every_paper_is_ready(
    api,
    make_board_review,
    board_member,
    secretariat,
    media_root,
    django_capture_on_commit_callbacks,
):
    from tests.translations.helpers import fill_all
    from workflow.board import board_decision_record

    proposal = make_board_review(languages=("en", "fr"))
    fill_all(proposal, proposal.working_group.chair)  # the French text is complete
    with django_capture_on_commit_callbacks(execute=False) as renders:
        board_decision_record(proposal=proposal, member=board_member, decision="approve")
    assert set(proposal.papers.values_list("status", flat=True)) == {"pending"}
    client = api.as_user(secretariat)
    publish = f"/api/v1/proposals/{proposal.pk}/transitions/publish/"

    response = client.post(publish)
    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["every_paper_ready"]

    renders[0]()  # the English paper renders; French still pending
    response = client.post(publish)
    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["every_paper_ready"]

    renders[1]()
    response = client.post(publish)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == ProposalState.PUBLISHED


def test_board_member_may_publish_but_a_representative_may_not(
    api, make_board_review, approve, board_member, representative_factory, media_root
):
    proposal = approve(make_board_review())
    representative = representative_factory()
    publish = f"/api/v1/proposals/{proposal.pk}/transitions/publish/"

    assert api.as_user(representative).post(publish).status_code == 403
    response = api.as_user(board_member).post(publish)
    assert response.status_code == 200 and response.json()["state"] == "published"


def test_a_failed_paper_blocks_publication(
    make_board_review, approve, secretariat, run, media_root, monkeypatch
):
    from config.conflict import Conflict

    def broken(paper):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr("papers.services.paper_render_bytes", broken)
    proposal = approve(make_board_review())
    assert proposal.papers.get().status == "failed"

    with pytest.raises(Conflict) as refused:
        run(proposal, "publish", secretariat)
    assert refused.value.failed_guards == ["every_paper_ready"]
