"""The demo: approved and published proposals get their papers, once."""

import pytest

from papers import demo
from papers.models import PositionPaper

pytestmark = pytest.mark.django_db


def test_demo_renders_missing_papers_once(
    make_board_review, board_member, media_root, django_capture_on_commit_callbacks
):
    from workflow.board import board_decision_record

    proposal = make_board_review(languages=("en", "fr"))
    with django_capture_on_commit_callbacks(execute=False):  # as if no worker ran them
        board_decision_record(proposal=proposal, member=board_member, decision="approve")
    assert set(proposal.papers.values_list("status", flat=True)) == {"pending"}

    context = demo.seed({})

    papers = list(PositionPaper.objects.order_by("language"))
    assert [(p.language, p.status) for p in papers] == [("en", "ready"), ("fr", "ready")]
    assert {p.pk for p in context["papers"]} == {p.pk for p in papers}
    rendered_at = [p.rendered_at for p in papers]

    demo.seed({})

    again = list(PositionPaper.objects.order_by("language"))
    assert [p.rendered_at for p in again] == rendered_at
    assert len(again) == 2


def test_demo_leaves_proposals_without_an_adopted_version_alone(proposal, media_root):
    assert demo.seed({}) == {"papers": []}
    assert not PositionPaper.objects.exists()
