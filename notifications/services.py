"""Recording the emails, and sending each of them once at most (SPEC §8).

Events: after a transition commits, the workflow calls ``transition_notify``
with the id of its log row (and of its voting round), which queues
``notifications.tasks.notify_transition``. That task records one
``Notification`` row per recipient (``notifications_for_transition``; unique
per kind, transition and recipient: a second run adds nothing) and queues
``notifications.tasks.notification_send`` for each pending row. Reminders
(``notifications.reminders``) record their rows the same way.

Sending: ``notification_deliver`` moves a row from ``pending`` to ``sending``
with a conditional update before it sends, so two runs of the same task (a
redelivered message, a retry, the safety net) never both send. A failed send
goes back to ``pending`` with its error and is retried; after the last try
(``settings.PLENUM_TASK_RETRY["notification_send"]``) it ends ``failed``. A
row left ``sending`` by a worker that died is marked ``failed`` by the safety
net (``notifications_requeue``), never sent again: the email may have gone
out, and at most once is the promise.
"""

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.tasks import failure_text, retry_policy
from notifications.models import Notification
from notifications.recipients import (
    ROUND_KINDS,
    address_of,
    kinds_for_transition,
    recipients_for,
)
from notifications.rendering import email_build, email_language
from notifications.selectors import notification_status, transition_log_of
from proposals.models import Proposal
from voting.models import VotingRound

if TYPE_CHECKING:
    from workflow.models import TransitionLog

logger = logging.getLogger(__name__)

Status = Notification.Status

#: Why a row is ``skipped``.
NO_ADDRESS = "The recipient has no email address."


# --- recording ------------------------------------------------------------------------


#: Rows per INSERT when many emails are recorded at once (a vote opening, reminders).
RECORD_BATCH = 1000


def notifications_record(
    *,
    kind: str,
    proposal: Proposal,
    recipients,
    transition: "TransitionLog | None" = None,
    reminders: Mapping[int, int] | None = None,
    voting_round: VotingRound | None = None,
) -> list[Notification]:
    """Record one row per recipient who has none yet for this event (``transition``,
    a log row), or for their organisation's reminder (``reminders``: the id of the
    ``Reminder`` claimed for each organisation, by organisation id).

    Recipients without an email address get a ``skipped`` row and a warning in
    the log. For an event, rows that exist already are left alone
    (``ignore_conflicts``: a concurrent run inserting the same rows is not an
    error). Reminders are claimed in the caller's transaction, so none of their
    rows can exist yet: those rows come back with their ids.
    """
    if transition is not None:
        existing = set(
            Notification.objects.filter(kind=kind, transition=transition).values_list(
                "recipient_id", flat=True
            )
        )
    else:
        existing = set()
    rows = []
    for user in recipients:
        if user.pk in existing:
            continue
        address = address_of(user)
        row = Notification(
            kind=kind,
            proposal=proposal,
            voting_round=voting_round,
            recipient=user,
            address=address,
            language=email_language(user),
            transition=transition,
            reminder_id=reminders[user.organisation_id] if transition is None else None,
        )
        if not address:
            row.status = Status.SKIPPED
            row.error = NO_ADDRESS
            logger.warning(
                "%s %s: %s has no email address; not sent", proposal.reference, kind, user.username
            )
        rows.append(row)
    Notification.objects.bulk_create(
        rows, ignore_conflicts=transition is not None, batch_size=RECORD_BATCH
    )
    return rows


def notifications_for_transition(*, log_id: int, round_id: int | None = None) -> list[int]:
    """Record the emails of one transition; return the ids of those still to send.

    ``round_id``: the voting round the transition opened or closed, named by
    the emails about a vote. Safe to run twice: the second run records nothing
    new and returns the rows not yet sent (sending them again is refused by
    ``notification_deliver``).
    """
    log = transition_log_of(log_id=log_id)
    if log is None:
        logger.warning("notifications: no transition log row %s", log_id)
        return []
    kinds = kinds_for_transition(log.transition)
    voting_round = None
    if round_id is not None and any(kind in ROUND_KINDS for kind in kinds):
        voting_round = VotingRound.objects.filter(pk=round_id, proposal=log.proposal).first()
    for kind in kinds:
        kind_round = voting_round if kind in ROUND_KINDS else None
        recipients = recipients_for(
            kind, target=log.target, voting_round=kind_round, proposal=log.proposal
        )
        with transaction.atomic():
            notifications_record(
                kind=kind,
                proposal=log.proposal,
                recipients=recipients,
                transition=log,
                voting_round=kind_round,
            )
    return list(
        Notification.objects.filter(transition=log, status=Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- queueing -----------------------------------------------------------------------------


def transition_notify(*, log_id: int, round_id: int | None) -> None:
    """Queue the emails of the transition logged as ``log_id``: call it once the
    transition has committed, for any transition (one that sends no email costs
    the task one query).

    ``round_id``: the voting round it opened or closed, if any. Never raises:
    the transition stands whatever happens to its emails. A broker that is down
    is logged, and the emails are recorded here instead (``pending``: the rows
    ``notifications_requeue`` sends once the broker is back), since nothing
    else would record them later.
    """
    from notifications.tasks import notify_transition

    try:
        notify_transition.delay(log_id, round_id)
    except Exception:
        logger.exception(
            "transition log %s: could not queue its emails; recording them here", log_id
        )
        try:
            notifications_enqueue(notifications_for_transition(log_id=log_id, round_id=round_id))
        except Exception:
            logger.exception("transition log %s: its emails could not be recorded", log_id)


def notifications_enqueue(ids: list[int]) -> None:
    """Queue a send task per row. A broker that is down is logged, not raised:
    the rows stay ``pending`` and ``notifications_requeue`` queues them later."""
    from notifications.tasks import notification_send

    for pk in ids:
        try:
            notification_send.delay(pk)
        except Exception:
            logger.exception("notification %s: could not queue the send; it stays pending", pk)


def transition_emails_queue(*, log_id: int, round_id: int | None = None) -> int:
    """Record the emails of one transition and queue a send for each; returns how many
    were queued. A second run records nothing new (the rows are unique)."""
    ids = notifications_for_transition(log_id=log_id, round_id=round_id)
    notifications_enqueue(ids)
    return len(ids)


# --- sending ------------------------------------------------------------------------


def notification_deliver(*, notification_id: int) -> str:
    """Send one recorded email, unless it was sent (or is being sent) already.

    Returns the row's status afterwards (``sent``, ``skipped``…). A send that
    fails puts the row back to ``pending`` (or ``failed`` once it has used its
    tries) with the error, then raises for the task to retry.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=Status.PENDING).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return notification_status(notification_id=notification_id) or "missing"
    notification = Notification.objects.select_related(
        "recipient", "recipient__organisation", "proposal", "proposal__working_group"
    ).get(pk=notification_id)
    address = address_of(notification.recipient)
    if not address:
        logger.warning(
            "%s %s: %s has no email address; not sent",
            notification.proposal.reference,
            notification.kind,
            notification.recipient.username,
        )
        _finish(notification_id, status=Status.SKIPPED, error=NO_ADDRESS)
        return Status.SKIPPED
    try:
        message = email_build(notification, address=address)
        message.send(fail_silently=False)
    except Exception as exc:
        attempts = Notification.objects.get(pk=notification_id).attempts
        final = attempts >= retry_policy("notification_send").max_attempts
        _finish(
            notification_id,
            status=Status.FAILED if final else Status.PENDING,
            error=failure_text(exc),
        )
        raise
    _finish(
        notification_id,
        status=Status.SENT,
        subject=message.subject[:300],
        address=address,
        language=email_language(notification.recipient),
        sent_at=timezone.now(),
    )
    return Status.SENT


def _finish(notification_id: int, *, status: str, **fields) -> None:
    Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(
        status=status, updated_at=timezone.now(), **fields
    )


# --- the safety net and the secretariat's retry ---------------------------------------------


def notifications_requeue(*, now: datetime | None = None) -> dict:
    """The safety net, run by beat: queue again rows pending for over ten
    minutes (their task was never queued, or lost); mark ``failed`` rows left
    ``sending`` for over an hour (the worker died mid-send: the email may have
    gone, so it is not sent again)."""
    now = now or timezone.now()
    stale_pending = list(
        Notification.objects.filter(
            status=Status.PENDING, updated_at__lt=now - timedelta(minutes=10)
        ).values_list("pk", flat=True)
    )
    lost = Notification.objects.filter(
        status=Status.SENDING, updated_at__lt=now - timedelta(hours=1)
    ).update(
        status=Status.FAILED,
        updated_at=now,
        error="The send was interrupted (worker lost); it may or may not have been delivered.",
    )
    if lost:
        logger.error("notifications: %s send(s) interrupted, marked failed", lost)
    notifications_enqueue(stale_pending)
    return {"requeued": len(stale_pending), "interrupted": lost}


def notifications_retry(*, ids: list[int]) -> list[int]:
    """Send failed emails again (the secretariat's decision, from the admin): back to
    ``pending`` with a fresh count of attempts, and queued. Others are left alone."""
    with transaction.atomic():
        retry = list(
            Notification.objects.select_for_update()
            .filter(pk__in=ids, status=Status.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=retry).update(
            status=Status.PENDING, attempts=0, updated_at=timezone.now()
        )
        transaction.on_commit(lambda: notifications_enqueue(retry))
    return retry
