"""Celery tasks of the notifications app. Thin: they call a service and are safe to run twice."""

import logging

from celery import shared_task

from config.tasks import DurableTask
from notifications import services
from notifications.models import Notification
from notifications.reminders import reminders_send
from notifications.selectors import notification_status

logger = logging.getLogger(__name__)


class NotifyTask(DurableTask):
    """Recording a transition's emails, retried with backoff (``settings.PLENUM_TASK_RETRY
    ["notify_transition"]``); a second run records nothing new."""

    retry_policy = "notify_transition"

    def on_give_up(self, exc: Exception, log_id: int, round_id: int | None = None) -> int:
        logger.error(
            "transition log %s: its emails could not be recorded after %s tries: %s",
            log_id,
            self.request.retries + 1,
            exc,
        )
        return 0


@shared_task(bind=True, base=NotifyTask, name="notifications.tasks.notify_transition")
def notify_transition(self, log_id: int, round_id: int | None = None) -> int:
    """Record the emails of one transition and queue a send for each."""
    return services.transition_emails_queue(log_id=log_id, round_id=round_id)


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


# The names the two tasks had in the workflow app, so that messages queued before the
# move still run after a deploy. Remove them one release later.
@shared_task(bind=True, base=NotifyTask, name="workflow.tasks.notify_transition")
def workflow_notify_transition(self, log_id: int, round_id: int | None = None) -> int:
    return services.transition_emails_queue(log_id=log_id, round_id=round_id)


@shared_task(bind=True, base=SendTask, name="workflow.tasks.notification_send")
def workflow_notification_send(self, notification_id: int) -> str:
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.tasks.send_reminders")
def send_reminders() -> list[str]:
    """The beat task behind the 48-hour reminders (see ``CELERY_BEAT_SCHEDULE``)."""
    return reminders_send()


@shared_task(name="notifications.tasks.notifications_requeue")
def notifications_requeue() -> dict:
    """Beat safety net: queue sends left pending, fail sends a lost worker left hanging."""
    return services.notifications_requeue()
