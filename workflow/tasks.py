"""Celery tasks of the workflow app. Thin: they call a service and are safe to run twice."""

from celery import shared_task

from workflow.sweep import close_due as close_due_service


@shared_task(name="workflow.tasks.close_due")
def close_due() -> list[str]:
    """The beat task behind the deadline sweep (see ``CELERY_BEAT_SCHEDULE``)."""
    return close_due_service()
