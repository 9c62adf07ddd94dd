"""The render task: idempotent, retried with backoff, failures recorded, never lost."""

import pytest

from papers import services, tasks
from papers.models import PositionPaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_board_review, board_member, media_root, django_capture_on_commit_callbacks):
    """An approved proposal whose paper is pending (its render not yet run)."""
    from workflow.board import board_decision_record

    proposal = make_board_review()
    with django_capture_on_commit_callbacks(execute=False):
        board_decision_record(proposal=proposal, member=board_member, decision="approve")
    return proposal.papers.get()


def test_task_options_survive_a_lost_worker():
    task = tasks.paper_render
    policy = task.policy()

    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert policy.max_attempts == 4
    assert [policy.countdown(n) for n in range(4)] == [10, 20, 40, 80]
    assert policy.countdown(10) == 300


def test_a_second_run_finds_the_ready_paper_and_stops(pending):
    assert tasks.paper_render.delay(pending.pk).get() == "ready"
    first = PositionPaper.objects.get(pk=pending.pk)

    assert tasks.paper_render.delay(pending.pk).get() == "ready"

    again = PositionPaper.objects.get(pk=pending.pk)
    assert (again.attempts, again.rendered_at, again.file.name, again.sha256) == (
        1,
        first.rendered_at,
        first.file.name,
        first.sha256,
    )


def test_a_failing_render_is_retried_then_recorded_as_failed(pending, monkeypatch):
    calls = []

    def broken(paper, **kwargs):
        calls.append(paper.pk)
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(services, "paper_render_bytes", broken)

    assert tasks.paper_render.delay(pending.pk).get() == "failed"

    paper = PositionPaper.objects.get(pk=pending.pk)
    assert paper.status == "failed"
    assert "RuntimeError: pango exploded" in paper.error
    assert len(calls) == paper.attempts == 4
    assert not paper.file


def test_the_number_of_tries_comes_from_the_settings(pending, monkeypatch, settings):
    settings.PLENUM_TASK_RETRY = {
        **settings.PLENUM_TASK_RETRY,
        "paper_render": {"max_attempts": 2, "base_delay": 1, "max_delay": 1},
    }
    monkeypatch.setattr(
        services, "paper_render_bytes", lambda paper, **kw: (_ for _ in ()).throw(OSError("x"))
    )

    assert tasks.paper_render.delay(pending.pk).get() == "failed"

    paper = PositionPaper.objects.get(pk=pending.pk)
    assert (paper.status, paper.attempts) == ("failed", 2)
    assert "OSError: x" in paper.error


def test_a_transient_failure_is_retried_and_then_renders(pending, monkeypatch):
    real = services.paper_render_bytes
    calls = []

    def flaky(paper, **kwargs):
        calls.append(paper.pk)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return real(paper, **kwargs)

    monkeypatch.setattr(services, "paper_render_bytes", flaky)

    assert tasks.paper_render.delay(pending.pk).get() == "ready"

    paper = PositionPaper.objects.get(pk=pending.pk)
    assert (paper.status, paper.attempts, paper.error) == ("ready", 2, "")
    assert paper.sha256 and paper.pages


def test_a_render_lost_too_often_ends_failed(pending):
    PositionPaper.objects.filter(pk=pending.pk).update(attempts=services.MAX_ATTEMPTS)

    assert tasks.paper_render.delay(pending.pk).get() == "failed"

    paper = PositionPaper.objects.get(pk=pending.pk)
    assert paper.status == "failed" and "worker lost" in paper.error


def test_a_deleted_paper_is_skipped(pending):
    PositionPaper.objects.filter(pk=pending.pk).delete()

    assert tasks.paper_render.delay(pending.pk).get() == "missing"


def test_requesting_papers_twice_keeps_one_per_language(
    pending, django_capture_on_commit_callbacks
):
    proposal, version = pending.proposal, pending.version
    tasks.paper_render.delay(pending.pk)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        again = services.papers_request(proposal=proposal, version=version)

    assert [p.pk for p in again] == [pending.pk]
    assert queued == []  # ready: nothing to render again
    assert PositionPaper.objects.filter(proposal=proposal).count() == 1


def test_failed_paper_can_be_queued_again(pending, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(
        services, "paper_render_bytes", lambda paper, **kw: (_ for _ in ()).throw(OSError("x"))
    )
    tasks.paper_render.delay(pending.pk)
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_retry(paper=PositionPaper.objects.get(pk=pending.pk))

    paper = PositionPaper.objects.get(pk=pending.pk)
    assert paper.status == "ready" and paper.attempts == 1


def test_pending_papers_are_queued_again_by_the_safety_net(pending, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    queued = []
    monkeypatch.setattr(services, "_enqueue", queued.append)
    assert services.papers_requeue_pending(older_than_seconds=600) == []

    PositionPaper.objects.filter(pk=pending.pk).update(
        updated_at=timezone.now() - timedelta(minutes=11)
    )

    assert services.papers_requeue_pending(older_than_seconds=600) == [pending.pk]
    assert queued == [pending.pk]
