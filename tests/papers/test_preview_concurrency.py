"""Four preview requests at the same moment make one preview (SPEC §7): the
proposal's lock decides, the ``paper_one_unfinished_preview`` constraint behind
it (real threads against PostgreSQL; SQLite serialises writers)."""

import time

import pytest
from django.db import connection

from papers import services
from papers.models import PositionPaper
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks"),
]


def test_four_preview_requests_at_once_make_one_preview(monkeypatch, proposal, section_factory):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    real = services._working_text
    queued = []

    def slow(p):
        time.sleep(0.2)  # every request is in flight at once
        return real(p)

    monkeypatch.setattr(services, "_working_text", slow)
    monkeypatch.setattr(services, "_enqueue", queued.append)

    results = in_threads(
        4, lambda i: services.paper_preview_request(proposal=proposal, user=chair).pk
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    preview = PositionPaper.objects.get(preview=True)
    assert results == [preview.pk] * 4
    assert queued == [preview.pk]


def test_without_the_lock_the_constraint_still_makes_one_preview(
    monkeypatch, proposal, section_factory
):
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    real = services._working_text
    queued = []

    def slow(p):
        time.sleep(0.2)
        return real(p)

    monkeypatch.setattr(services, "_working_text", slow)
    monkeypatch.setattr(services, "_enqueue", queued.append)
    monkeypatch.setattr(services, "proposal_lock", lambda **kwargs: None)

    results = in_threads(
        4, lambda i: services.paper_preview_request(proposal=proposal, user=chair).pk
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    preview = PositionPaper.objects.get(preview=True)
    assert results == [preview.pk] * 4
    assert queued == [preview.pk]
