"""Celery tasks of the notifications app. Thin: they call a service and are safe to run twice."""

import logging

from celery import shared_task

from config.tasks import DurableTask
from notifications import services
from notifications.models import Notification
from notifications.reminders import reminders_send
from notifications.selectors import notification_status

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.tasks.notify_transition",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=5,
)
def notify_transition(log_id: int, round_id: int | None = None) -> int:
    """Record the emails of one transition and queue a send for each; returns
    how many were queued. A second run records nothing new."""
    ids = services.notifications_for_transition(log_id=log_id, round_id=round_id)
    services.notifications_enqueue(ids)
    return len(ids)


class SendTask(DurableTask):
    """An email's send, retried with backoff (``settings.PLENUM_TASK_RETRY
    ["notification_send"]``). The row records each failure itself and ends
    ``failed`` after its last try: then the task stops retrying and returns the
    row's status."""

    retry_policy = "notification_send"

    def on_attempt_failed(self, exc: Exception, notification_id: int) -> bool:
        return notification_status(notification_id=notification_id) == Notification.Status.PENDING

    def on_give_up(self, exc: Exception, notification_id: int) -> str:
        status = notification_status(notification_id=notification_id)
        if status == Notification.Status.PENDING:
            # the row has tries left, the task none (it failed before the claim): the
            # safety net queues it again later
            logger.error(
                "notification %s: giving up after %s tries (%s); it stays pending",
                notification_id,
                self.request.retries + 1,
                exc,
            )
        else:
            logger.error("notification %s failed for good: %s", notification_id, exc)
        return status or "missing"


@shared_task(bind=True, base=SendTask, name="notifications.tasks.notification_send")
def notification_send(self, notification_id: int) -> str:
    """Send one recorded email; a second run finds it sent and stops.

    A failed send is recorded on the row (``pending`` again, error kept) and
    retried; once the row has used its tries it is ``failed`` and the task
    returns normally: the failure is data, visible in the admin, and in eager
    mode the request that committed the transition is not broken.
    """
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.tasks.send_reminders")
def send_reminders() -> list[str]:
    """The beat task behind the 48-hour reminders (see ``CELERY_BEAT_SCHEDULE``)."""
    return reminders_send()


@shared_task(name="notifications.tasks.notifications_requeue")
def notifications_requeue() -> dict:
    """Beat safety net: queue sends left pending, fail sends a lost worker left hanging."""
    return services.notifications_requeue()
