"""A board approval and a preview request answer at once; the real worker renders
the papers afterwards and the page's live region shows them ready.

Run by ``make test-worker`` (``pytest -m worker``) with the fixtures of
``test_worker`` (a prefork worker on Redis, PostgreSQL).
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from papers.models import PositionPaper
from tests.papers.test_worker import (  # noqa: F401 (fixtures)
    broker,
    celery_to_broker,
    wait_for,
    workers,
)

pytestmark = [pytest.mark.worker]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_board_approval_returns_at_once_and_the_worker_renders_the_papers(
    workers,  # noqa: F811
    make_board_review,
    board_member,
):
    workers()
    proposal = make_board_review(languages=("en", "fr"))
    board = _signed_in(board_member)
    board.get(reverse("board"))  # warm up: the first request imports the views

    started = time.perf_counter()
    response = board.post(reverse("board-decide", args=[proposal.pk]), {"decision": "approve"})
    elapsed = time.perf_counter() - started

    assert response.status_code == 302
    print(f"board approval request: {elapsed * 1000:.0f} ms")
    # the renders are not in the request: the papers are still unfinished when it answers
    statuses = set(proposal.papers.values_list("status", flat=True))
    assert statuses <= {"pending", "rendering"}
    page = board.get(response["Location"]).content.decode()
    assert "Its papers are being rendered" in page and 'hx-trigger="every 2s"' in page

    wait_for(
        lambda: all(p.status == "ready" for p in proposal.papers.all()),
        timeout=180,
        what="both papers ready",
        interval=0.2,
    )
    live = board.get(reverse("proposal-papers", args=[proposal.pk])).content.decode()
    assert live.count("Download PDF") == 2 and "hx-trigger" not in live


def test_a_preview_request_returns_at_once_and_the_worker_renders_it(
    workers,  # noqa: F811
    proposal,
    section_factory,
):
    workers()
    section_factory(proposal=proposal, heading="Draft heading", body="Draft body.")
    chair = _signed_in(proposal.working_group.chair)
    chair.get(proposal.get_absolute_url())

    started = time.perf_counter()
    response = chair.post(reverse("proposal-preview", args=[proposal.pk]))
    elapsed = time.perf_counter() - started

    assert response.status_code == 302
    print(f"preview request: {elapsed * 1000:.0f} ms")
    preview = PositionPaper.objects.get(preview=True)
    assert preview.status in ("pending", "rendering")

    wait_for(
        lambda: PositionPaper.objects.get(pk=preview.pk).status == "ready",
        timeout=120,
        what="the preview ready",
        interval=0.2,
    )
    # the same text again: served from that render, no new row, nothing queued
    started = time.perf_counter()
    again = chair.post(reverse("proposal-preview", args=[proposal.pk]), follow=True)
    print(f"repeated unchanged preview request: {(time.perf_counter() - started) * 1000:.0f} ms")
    assert "A draft preview of this text is ready" in again.content.decode()
    assert PositionPaper.objects.filter(preview=True).count() == 1
