"""Reads of the notifications app."""

from typing import TYPE_CHECKING

from notifications.models import Notification

if TYPE_CHECKING:
    from workflow.models import TransitionLog


def notification_status(*, notification_id: int) -> str | None:
    """The row's status now (``None``: no such row)."""
    return Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()


def transition_log_of(*, log_id: int) -> "TransitionLog | None":
    """The transition-log row ``log_id``, with its proposal.

    Reached through ``Notification.transition``: the workflow calls this app,
    so this app imports no workflow code.
    """
    log_model = Notification._meta.get_field("transition").related_model
    return log_model.objects.select_related("proposal").filter(pk=log_id).first()
