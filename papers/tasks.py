"""Celery tasks of the papers app: thin, take ids, safe to run twice."""

import logging

from celery import shared_task

from config.tasks import DurableTask, failure_text
from papers import services

logger = logging.getLogger(__name__)


class RenderTask(DurableTask):
    """A render is retried with backoff (``settings.PLENUM_TASK_RETRY["paper_render"]``);
    each error is kept on the paper, and after the last try the paper ends ``failed``."""

    retry_policy = "paper_render"

    def on_attempt_failed(self, exc: Exception, paper_id: int) -> bool:
        services.paper_failure_record(paper_id=paper_id, error=failure_text(exc), final=False)
        return True

    def on_give_up(self, exc: Exception, paper_id: int) -> str:
        services.paper_failure_record(paper_id=paper_id, error=failure_text(exc), final=True)
        logger.error("paper %s failed after %s tries: %s", paper_id, self.request.retries + 1, exc)
        return "failed"


@shared_task(
    bind=True,
    base=RenderTask,
    name="papers.tasks.paper_render",
    soft_time_limit=600,
    time_limit=660,
)
def paper_render(self, paper_id: int) -> str:
    """Render one paper. A second run finds it ready and stops.

    A worker that dies mid-render leaves the message to be delivered again,
    and the next worker renders it (``DurableTask``). An error is recorded on
    the paper and retried; after the last try the paper ends ``failed`` with
    the error kept, and the task returns normally (in eager mode the request
    that committed the approval is not broken).
    """
    return services.paper_render(paper_id=paper_id)


@shared_task(name="papers.tasks.papers_requeue_pending")
def papers_requeue_pending() -> list[int]:
    """Periodic safety net: queue again papers pending for more than ten minutes."""
    return services.papers_requeue_pending(older_than_seconds=600)
