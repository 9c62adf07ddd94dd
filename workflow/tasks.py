"""Celery tasks of the workflow app. Thin: they call a service and are safe to run twice."""

import logging

from celery import shared_task

from workflow import notifications
from workflow.reminders import reminders_send
from workflow.sweep import close_due as close_due_service

logger = logging.getLogger(__name__)


@shared_task(name="workflow.tasks.close_due")
def close_due() -> list[str]:
    """The beat task behind the deadline sweep (see ``CELERY_BEAT_SCHEDULE``)."""
    return close_due_service()


# --- notifications (SPEC §8) -----------------------------------------------------------

#: Retries of a failed send, waits 30 s, 60 s, 120 s, 240 s (a real worker). The
#: row's ``attempts`` decides when to give up (``notifications.MAX_ATTEMPTS``).
SEND_RETRY_BASE_SECONDS = 30


def send_retry_countdown(retries: int) -> int:
    """Exponential backoff, capped at ten minutes."""
    return min(SEND_RETRY_BASE_SECONDS * 2**retries, 600)


@shared_task(
    name="workflow.tasks.notify_transition",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=5,
)
def notify_transition(log_id: int, round_id: int | None = None) -> int:
    """Record the emails of one transition and queue a send for each; returns
    how many were queued. A second run records nothing new."""
    ids = notifications.notifications_for_transition(log_id=log_id, round_id=round_id)
    notifications.notifications_enqueue(ids)
    return len(ids)


@shared_task(
    bind=True,
    name="workflow.tasks.notification_send",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=10,
)
def notification_send(self, notification_id: int) -> str:
    """Send one recorded email; a second run finds it sent and stops.

    A failed send is recorded on the row (``pending`` again, error kept) and
    retried with backoff; once the row has used ``MAX_ATTEMPTS`` it is
    ``failed`` and the task returns normally: the failure is data, visible in
    the admin, and in eager mode the request that committed the transition is
    not broken. (Written out rather than ``autoretry_for``, which re-raises
    after the last try, and in eager mode raises ``Retry`` to the caller.)
    """
    try:
        return notifications.notification_send(notification_id=notification_id)
    except Exception as exc:
        status = notifications.notification_status(notification_id=notification_id)
        if status != "pending":
            logger.error("notification %s failed for good: %s", notification_id, exc)
            return status or "missing"
        if self.request.retries >= self.max_retries:
            logger.error(
                "notification %s: giving up after %s tries: %s",
                notification_id,
                self.request.retries + 1,
                exc,
            )
            raise
        logger.warning("notification %s: send failed (%s), retrying", notification_id, exc)
        if self.request.is_eager:
            retried = self.apply(args=(notification_id,), retries=self.request.retries + 1)
            return retried.get(disable_sync_subtasks=False)
        raise self.retry(exc=exc, countdown=send_retry_countdown(self.request.retries)) from exc


@shared_task(name="workflow.tasks.send_reminders")
def send_reminders() -> list[str]:
    """The beat task behind the 48-hour reminders (see ``CELERY_BEAT_SCHEDULE``)."""
    return reminders_send()


@shared_task(name="workflow.tasks.notifications_requeue")
def notifications_requeue() -> dict:
    """Beat safety net: queue sends left pending, fail sends a lost worker left hanging."""
    return notifications.notifications_requeue()
