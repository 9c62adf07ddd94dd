"""Previews (SPEC §7): at most one unfinished per proposal and language, unchanged
text served from the earlier render, a render killed mid-way redone by the safety
net; the ``rendering`` status a worker sets when it starts."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from papers import services, tasks
from papers.models import PositionPaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting(proposal, section_factory, media_root):
    section_factory(proposal=proposal, heading="Draft heading", body="Draft body.")
    return proposal


@pytest.fixture
def renders(monkeypatch):
    """Counts the renders that really run (``paper_render_bytes``)."""
    calls = []
    real = services.paper_render_bytes

    def counted(paper, **kwargs):
        calls.append(paper.pk)
        return real(paper, **kwargs)

    monkeypatch.setattr(services, "paper_render_bytes", counted)
    return calls


def _preview(api, user, proposal, **body):
    return api.as_user(user).post(f"/api/v1/proposals/{proposal.pk}/preview/", body, format="json")


def test_a_second_request_while_one_is_pending_returns_that_one(
    api, drafting, renders, django_capture_on_commit_callbacks
):
    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = _preview(api, chair, drafting, language="fr")
        again = _preview(api, chair, drafting, language="fr")
        other_language = _preview(api, chair, drafting, language="en")

    assert first.status_code == again.status_code == other_language.status_code == 202
    assert again.json() == first.json() == {"id": first.json()["id"], "status": "pending"}
    assert other_language.json()["id"] != first.json()["id"]
    assert len(queued) == 2  # one render queued per language, none for the repeat
    assert PositionPaper.objects.filter(preview=True, language="fr").count() == 1


def test_a_preview_being_rendered_is_returned_too(
    api, drafting, django_capture_on_commit_callbacks
):
    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=False):
        first = _preview(api, chair, drafting)
    PositionPaper.objects.filter(pk=first.json()["id"]).update(status="rendering")

    again = _preview(api, chair, drafting)

    assert again.status_code == 202
    assert again.json() == {"id": first.json()["id"], "status": "rendering"}


def test_the_database_refuses_a_second_unfinished_preview(drafting):
    PositionPaper.objects.create(proposal=drafting, language="en", preview=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        PositionPaper.objects.create(
            proposal=drafting, language="en", preview=True, status="rendering"
        )
    # finished ones may be many
    PositionPaper.objects.create(proposal=drafting, language="en", preview=True, status="ready")
    PositionPaper.objects.create(proposal=drafting, language="en", preview=True, status="failed")


def test_unchanged_text_is_served_from_the_earlier_render_without_rendering_again(
    api, drafting, renders, django_capture_on_commit_callbacks
):
    """Its speed (< 50 ms) is a row of ``make bench`` (bench_papers), not a timed assert."""
    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=True):
        first = _preview(api, chair, drafting)
    assert first.json()["status"] == "pending"
    assert PositionPaper.objects.get(pk=first.json()["id"]).status == "ready"
    assert len(renders) == 1

    for _ in range(8):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            again = _preview(api, chair, drafting)
        assert again.status_code == 202
        assert again.json() == {"id": first.json()["id"], "status": "ready"}
        assert queued == []

    assert len(renders) == 1  # never rendered again


def test_changed_text_is_rendered_again(api, drafting, renders, django_capture_on_commit_callbacks):
    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=True):
        first = _preview(api, chair, drafting)
    section = drafting.sections.get()
    section.body = "Draft body, revised."
    section.save()

    with django_capture_on_commit_callbacks(execute=True):
        second = _preview(api, chair, drafting)

    assert second.json()["id"] != first.json()["id"]
    assert len(renders) == 2
    assert PositionPaper.objects.get(pk=second.json()["id"]).status == "ready"


def test_a_failed_preview_of_unchanged_text_is_rendered_again(
    api, drafting, django_capture_on_commit_callbacks
):
    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=False):
        first = _preview(api, chair, drafting)
    PositionPaper.objects.filter(pk=first.json()["id"]).update(status="failed", error="x")

    with django_capture_on_commit_callbacks(execute=True):
        second = _preview(api, chair, drafting)

    assert second.json()["id"] != first.json()["id"]
    assert PositionPaper.objects.get(pk=second.json()["id"]).status == "ready"


def test_the_worker_marks_the_paper_rendering_while_it_renders(
    drafting, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    real = services.paper_render_bytes

    def watching(paper, **kwargs):
        seen.append(PositionPaper.objects.get(pk=paper.pk).status)
        return real(paper, **kwargs)

    monkeypatch.setattr(services, "paper_render_bytes", watching)
    with django_capture_on_commit_callbacks(execute=False):
        paper = services.paper_preview_request(proposal=drafting, user=drafting.working_group.chair)
    assert paper.status == "pending"

    assert tasks.paper_render.delay(paper.pk).get() == "ready"

    assert seen == ["rendering"]
    paper.refresh_from_db()
    assert (paper.status, paper.attempts) == ("ready", 1)


def test_a_failed_try_waits_pending_for_its_retry(drafting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        paper = services.paper_preview_request(proposal=drafting, user=drafting.working_group.chair)
    services._start(paper.pk)

    services.paper_failure_record(paper_id=paper.pk, error="boom", final=False)

    paper.refresh_from_db()
    assert (paper.status, paper.error) == ("pending", "boom")


def test_a_render_killed_mid_way_is_redone_by_the_safety_net(
    drafting, django_capture_on_commit_callbacks
):
    """A worker killed mid-render leaves the paper ``rendering``, its message gone
    (the filesystem broker of ``make run`` has no acknowledgements)."""
    with django_capture_on_commit_callbacks(execute=False):
        paper = services.paper_preview_request(proposal=drafting, user=drafting.working_group.chair)
    assert services._start(paper.pk) is not None  # the killed worker's start
    paper.refresh_from_db()
    assert paper.status == "rendering"

    # too recent: it may still be rendering
    assert services.papers_requeue_pending() == []
    PositionPaper.objects.filter(pk=paper.pk).update(
        started_at=timezone.now() - timedelta(seconds=services.STALE_RENDERING_SECONDS + 1)
    )

    assert tasks.papers_requeue_pending.delay().get() == [paper.pk]

    paper.refresh_from_db()
    assert (paper.status, paper.attempts) == ("ready", 2)
    assert paper.file and paper.pages >= 1


def test_a_pending_paper_whose_message_was_lost_is_redone_by_the_safety_net(
    drafting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        paper = services.paper_preview_request(proposal=drafting, user=drafting.working_group.chair)
    PositionPaper.objects.filter(pk=paper.pk).update(
        updated_at=timezone.now() - timedelta(minutes=11)
    )

    assert services.papers_requeue_pending() == [paper.pk]

    paper.refresh_from_db()
    assert paper.status == "ready"


def test_the_safety_net_runs_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["papers-requeue"]
    assert entry == {"task": "papers.tasks.papers_requeue_pending", "schedule": 600.0}


def test_error_summary_is_the_last_line_of_the_traceback():
    paper = PositionPaper(error="Traceback (most recent call last):\n  File x\nOSError: full\n")
    assert paper.error_summary == "OSError: full"


def test_the_api_shows_a_failure_to_the_working_group_in_one_line(
    api, drafting, representative_factory, django_capture_on_commit_callbacks
):
    from workflow.services import transition_run

    chair = drafting.working_group.chair
    with django_capture_on_commit_callbacks(execute=False):
        paper = services.paper_preview_request(proposal=drafting, user=chair)
    PositionPaper.objects.filter(pk=paper.pk).update(
        status="failed", error="Traceback (most recent call last):\n  File x\nOSError: full"
    )
    transition_run(proposal=drafting, name="submit_for_consultation", actor=chair, note="")
    url = f"/api/v1/proposals/{drafting.pk}/papers/"

    listed = api.as_user(chair).get(url).json()
    assert [(p["status"], p["error"]) for p in listed] == [("failed", "OSError: full")]
    # a participant sees no preview at all; were one listed, it would carry no error
    assert api.as_user(representative_factory()).get(url).json() == []


def test_a_failed_official_paper_carries_no_error_for_a_participant(
    api, make_board_review, board_member, representative_factory, django_capture_on_commit_callbacks
):
    from workflow.board import board_decision_record

    proposal = make_board_review()
    with django_capture_on_commit_callbacks(execute=False):
        board_decision_record(proposal=proposal, member=board_member, decision="approve")
    proposal.papers.update(status="failed", error="Traceback\nOSError: full")
    url = f"/api/v1/proposals/{proposal.pk}/papers/"

    member = api.as_user(representative_factory()).get(url).json()
    chair = api.as_user(proposal.working_group.chair).get(url).json()

    assert [(p["status"], p["error"]) for p in member] == [("failed", "")]
    assert [(p["status"], p["error"]) for p in chair] == [("failed", "OSError: full")]
