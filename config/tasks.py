"""The durable Celery task: retried with backoff, then given up into a recorded failure.

A task that must neither be lost nor break its caller (a paper's render, an
email's send) is declared on a subclass of ``DurableTask``::

    class RenderTask(DurableTask):
        retry_policy = "paper_render"

        def on_attempt_failed(self, exc, paper_id): ...  # record the error, True to retry
        def on_give_up(self, exc, paper_id): ...  # record the failure, return the result

    @shared_task(bind=True, base=RenderTask, name="papers.tasks.paper_render")
    def paper_render(self, paper_id): ...

When the body raises, the task is tried again after ``base_delay × 2ⁿ``
seconds (capped at ``max_delay``) until it has been tried ``max_attempts``
times; then ``on_give_up`` records the failure and its return value is the
task's result: the failure is data, kept on the row and visible in the admin,
not an exception. The limits of each task live in one place,
``settings.PLENUM_TASK_RETRY``, read when a task runs.

``acks_late`` and ``reject_on_worker_lost``: a worker that dies mid-task
leaves the message to be delivered again. In eager mode (a laptop, the tests)
a retry runs at once, in the same process: Celery's own ``retry`` would raise
``Retry`` to the caller (``task_eager_propagates``), breaking the request that
committed the transition. (Written out rather than ``autoretry_for``, which
re-raises after the last try instead of letting the task record it.)
"""

import logging
import traceback
from dataclasses import dataclass

import celery
from celery.exceptions import Ignore, Reject, Retry
from django.conf import settings

logger = logging.getLogger(__name__)

#: Kept of a failure: the end of a traceback is what one needs.
ERROR_MAX_CHARS = 4000


@dataclass(frozen=True)
class RetryPolicy:
    """How often a durable task is tried, and how long it waits between tries."""

    #: Tries in all, the first included.
    max_attempts: int
    #: Seconds before the first retry; each later wait doubles it…
    base_delay: int
    #: …up to this many seconds.
    max_delay: int

    def countdown(self, retries: int) -> int:
        """Seconds to wait before retry number ``retries + 1``."""
        return min(self.base_delay * 2**retries, self.max_delay)


def retry_policy(name: str) -> RetryPolicy:
    """The limits of durable task ``name`` (a key of ``settings.PLENUM_TASK_RETRY``)."""
    return RetryPolicy(**settings.PLENUM_TASK_RETRY[name])


def failure_text(exc: BaseException) -> str:
    """What is recorded of a failure: the end of its traceback."""
    return "".join(traceback.format_exception(exc))[-ERROR_MAX_CHARS:]


class DurableTask(celery.Task):
    """A task retried with backoff and given up into a failure it records (see above)."""

    acks_late = True
    reject_on_worker_lost = True
    #: The retries are counted against ``retry_policy``; Celery's own count is not used.
    max_retries = None
    #: The key of this task's limits in ``settings.PLENUM_TASK_RETRY``.
    retry_policy: str = ""

    def policy(self) -> RetryPolicy:
        return retry_policy(self.retry_policy)

    def on_attempt_failed(self, exc: Exception, *args, **kwargs) -> bool:
        """A try failed and another may follow: record what the task wants to (the
        error, say) and say whether to retry. ``False``: the failure is final
        already (recorded by the work itself), so ``on_give_up`` runs now."""
        return True

    def on_give_up(self, exc: Exception, *args, **kwargs):
        """No more tries: record the failure for good; the return value is the task's result."""
        raise NotImplementedError(f"{type(self).__name__} must say how it gives up.")

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except (Retry, Ignore, Reject):
            raise
        except Exception as exc:
            return self._failed(exc, args, kwargs)

    def _failed(self, exc: Exception, args: tuple, kwargs: dict):
        policy = self.policy()
        retries = self.request.retries
        tries = retries + 1
        if tries >= policy.max_attempts or not self.on_attempt_failed(exc, *args, **kwargs):
            return self.on_give_up(exc, *args, **kwargs)
        logger.warning(
            "%s%r: try %s of %s failed (%s), retrying",
            self.name,
            args,
            tries,
            policy.max_attempts,
            exc,
        )
        if self.request.is_eager:
            retried = self.apply(args=args, kwargs=kwargs, retries=tries)
            return retried.get(disable_sync_subtasks=False)
        raise self.retry(
            exc=exc, countdown=policy.countdown(retries), max_retries=policy.max_attempts - 1
        ) from exc
