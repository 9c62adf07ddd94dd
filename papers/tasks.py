"""Celery tasks of the papers app: thin, take ids, safe to run twice."""

import logging
import traceback

from celery import shared_task

from papers import services

logger = logging.getLogger(__name__)

#: Retries after the first try; waits grow 10 s, 20 s, 40 s (a real worker).
MAX_RETRIES = 3
RETRY_BASE_SECONDS = 10


def retry_countdown(retries: int) -> int:
    """Exponential backoff, capped at five minutes."""
    return min(RETRY_BASE_SECONDS * 2**retries, 300)


@shared_task(
    bind=True,
    name="papers.tasks.paper_render",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=600,
    time_limit=660,
)
def paper_render(self, paper_id: int) -> str:
    """Render one paper. A second run finds it ready and stops.

    ``acks_late`` + ``reject_on_worker_lost``: a worker that dies mid-render
    leaves the message to be delivered again, and the next worker renders it.
    Any error is recorded on the paper and retried with backoff; after the
    last retry the paper ends ``failed`` with the error kept, and the task
    returns normally (the failure is data, not an exception: nothing is lost,
    and in eager mode the request that committed the approval is not broken).
    The retry backoff is written out rather than ``autoretry_for`` because
    autoretry re-raises after the last try instead of letting us record it.
    """
    try:
        return services.paper_render(paper_id=paper_id)
    except Exception as exc:
        final = self.request.retries >= self.max_retries
        error = "".join(traceback.format_exception(exc))
        services.paper_failure_record(paper_id=paper_id, error=error, final=final)
        if final:
            logger.error(
                "paper %s failed after %s tries: %s", paper_id, self.request.retries + 1, exc
            )
            return "failed"
        logger.warning("paper %s: render failed (%s), retrying", paper_id, exc)
        if self.request.is_eager:
            # Eager mode (laptop, tests) re-raises ``Retry`` to the caller when
            # ``task_eager_propagates`` is on: retry in-process instead, at once.
            retried = self.apply(args=(paper_id,), retries=self.request.retries + 1)
            return retried.get(disable_sync_subtasks=False)
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task(name="papers.tasks.papers_requeue_pending")
def papers_requeue_pending() -> list[int]:
    """Periodic safety net: queue again papers pending for more than ten minutes."""
    return services.papers_requeue_pending(older_than_seconds=600)
