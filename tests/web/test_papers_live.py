"""The papers' status on the proposal and board pages: pending, rendering, ready or
failed, refreshed without a reload (htmx polling a partial) while one is unfinished,
and the same with a plain reload or the Refresh link (no JavaScript)."""

import re

import pytest
from django.urls import reverse

from papers.models import PositionPaper
from papers.services import paper_render
from tests.web.conftest import messages_of
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db

TRACEBACK = 'Traceback (most recent call last):\n  File "render.py", line 9\nOSError: font missing'


@pytest.fixture
def in_review(in_voting, run):
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    return run(in_voting, "close_vote", in_voting.working_group.chair)


@pytest.fixture
def approved(page, in_review, board_member, settings, tmp_path):
    """Approved through the board page; the renders are queued, not run yet."""
    settings.MEDIA_ROOT = tmp_path / "media"
    response = page(board_member).post(
        reverse("board-decide", args=[in_review.pk]), {"decision": "approve"}, follow=True
    )
    in_review.refresh_from_db()
    in_review.approval_messages = messages_of(response)
    return in_review


def live_region(html: str, proposal) -> str:
    match = re.search(rf'<div class="papers-live" id="papers-live-{proposal.pk}"[^>]*>', html)
    assert match, "no live papers region"
    return match.group(0)


def test_the_approval_message_says_the_papers_are_being_rendered(approved):
    assert approved.papers.get().status == "pending"
    assert " ".join(approved.approval_messages).endswith(
        "The proposal is now Approved. Its papers are being rendered; they appear below when ready."
    )


@pytest.mark.django_db(transaction=True)
def test_the_approval_message_says_ready_when_they_are(
    page, in_review, board_member, settings, tmp_path
):
    """Eager Celery (``make seed``, tests): the renders run at the commit, before the
    message is worded."""
    settings.MEDIA_ROOT = tmp_path / "media"
    response = page(board_member).post(
        reverse("board-decide", args=[in_review.pk]), {"decision": "approve"}, follow=True
    )

    assert in_review.papers.get().status == "ready"
    assert " ".join(messages_of(response)).endswith("Its papers are ready.")
    assert "being rendered" not in " ".join(messages_of(response))


def test_the_proposal_page_polls_while_a_paper_is_pending(page, approved):
    chair = approved.working_group.chair
    html = page(chair).get(approved.get_absolute_url()).content.decode()

    region = live_region(html, approved)
    assert f'hx-get="{reverse("proposal-papers", args=[approved.pk])}"' in region
    assert 'hx-trigger="every 2s"' in region and 'hx-swap="outerHTML"' in region
    assert "Waiting to be rendered…" in html
    # without JavaScript: a link that reloads the page at the papers
    assert f'href="{approved.get_absolute_url()}#papers-h">Refresh</a>' in html
    # htmx from our static files, configured for a strict CSP, no inline script
    assert '<script src="/static/js/htmx.min.js" defer></script>' in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_the_partial_shows_rendering_then_ready_and_stops_polling(page, approved):
    chair = approved.working_group.chair
    paper = approved.papers.get()
    url = reverse("proposal-papers", args=[approved.pk])

    PositionPaper.objects.filter(pk=paper.pk).update(status="rendering")
    rendering = page(chair).get(url)
    assert rendering.status_code == 200
    assert rendering["Cache-Control"] == "no-store"
    assert "Being rendered…" in rendering.content.decode()
    assert 'hx-trigger="every 2s"' in live_region(rendering.content.decode(), approved)

    PositionPaper.objects.filter(pk=paper.pk).update(status="pending")
    assert paper_render(paper_id=paper.pk) == "ready"
    ready = page(chair).get(url).content.decode()

    region = live_region(ready, approved)
    assert "hx-get" not in region and "hx-trigger" not in region  # polling stops
    assert "Download PDF" in ready and "Refresh" not in ready
    assert "<html" not in ready  # a fragment, not a page


def test_a_failed_paper_shows_its_error_to_the_working_group_only(page, approved, in_voting):
    approved.papers.update(status="failed", error=TRACEBACK)
    url = reverse("proposal-papers", args=[approved.pk])

    chair_html = page(approved.working_group.chair).get(url).content.decode()
    member_html = page(in_voting.reps[0]).get(approved.get_absolute_url()).content.decode()

    assert "Rendering failed" in chair_html and "Error: OSError: font missing" in chair_html
    assert "Traceback" not in chair_html  # the last line, not the traceback
    assert "Rendering failed" in member_html
    assert "font missing" not in member_html
    assert "hx-trigger" not in live_region(chair_html, approved)


def test_the_board_page_shows_the_approved_papers_live(page, approved, board_member):
    html = page(board_member).get(reverse("board")).content.decode()

    region = live_region(html, approved)
    assert f'hx-get="{reverse("proposal-papers", args=[approved.pk])}?where=board"' in region
    assert "Waiting to be rendered…" in html
    assert f'href="{reverse("board")}#proposal-{approved.pk}">Refresh</a>' in html
    partial = page(board_member).get(
        reverse("proposal-papers", args=[approved.pk]) + "?where=board"
    )
    assert (
        f'href="{reverse("board")}#proposal-{approved.pk}">Refresh</a>' in partial.content.decode()
    )


def test_the_partial_follows_the_proposal_page_rules(page, approved, user_factory):
    url = reverse("proposal-papers", args=[approved.pk])

    assert page().get(url).status_code == 302  # to the sign-in page
    assert page(user_factory()).get(reverse("proposal-papers", args=[999999])).status_code == 404
    assert page(approved.working_group.chair).post(url).status_code == 405


def test_preview_messages_follow_the_real_status(
    page, drafted, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    chair = page(drafted.working_group.chair)
    url = reverse("proposal-preview", args=[drafted.pk])

    first = chair.post(url, follow=True)
    assert messages_of(first) == [
        "A draft preview is being rendered; it appears under “Position papers” when ready."
    ]
    again = chair.post(url, follow=True)
    assert messages_of(again) == [
        "A draft preview in this language is already being rendered; it appears under "
        "“Position papers” when ready."
    ]
    preview = PositionPaper.objects.get(preview=True)
    assert paper_render(paper_id=preview.pk) == "ready"

    with django_capture_on_commit_callbacks(execute=True) as queued:
        unchanged = chair.post(url, follow=True)
    assert messages_of(unchanged) == [
        "A draft preview of this text is ready under “Position papers”."
    ]
    assert queued == [] and PositionPaper.objects.filter(preview=True).count() == 1
