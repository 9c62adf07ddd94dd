"""Emails (SPEC §8): who gets which one, and sending each exactly once at most.

Events: a transition's after-commit hook (``AFTER_COMMIT`` in
``workflow.effects``) queues ``workflow.tasks.notify_transition`` with the id
of its transition-log row. That task records one ``Notification`` row per
recipient (unique per kind, transition and recipient: a second run adds
nothing) and queues ``workflow.tasks.notification_send`` for each pending row.

- ``submit_for_consultation``, ``reopen_consultation``: consultation opened,
  to every active representative;
- ``open_vote``: vote opened, to the representatives of the round's eligible
  organisations;
- ``close_vote``: vote result, to every active representative; and when it
  lands in ``board_review``, board review requested, to the board;
- ``publish``: paper published (with the public links), to every active
  representative.

Reminders (``workflow.reminders``) record their rows the same way.

Sending: ``notification_send`` moves a row from ``pending`` to ``sending``
with a conditional update before it sends, so two runs of the same task (a
redelivered message, a retry, the safety net) never both send. A failed send
goes back to ``pending`` with its error and is retried; after
``MAX_ATTEMPTS`` it ends ``failed``. A row left ``sending`` by a worker that
died is marked ``failed`` by the safety net, never sent again: the email may
have gone out, and at most once is the promise.

"Active representative": an active user linked to an active organisation.
Each email is in the recipient's language (``en`` or ``fr``; anything else
falls back to English), with dates in the recipient's time zone.
"""

import logging
import re
import traceback
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from members.models import User
from papers.models import PositionPaper
from proposals.models import Proposal, ProposalState
from proposals.transitions import transition_get
from voting.models import VotingRound
from voting.selectors import results_public, round_latest
from workflow.models import Notification, NotificationKind, TransitionLog

logger = logging.getLogger(__name__)

Kind = NotificationKind
Status = Notification.Status

#: Languages the emails are written in; any other falls back to the first.
EMAIL_LANGUAGES = ("en", "fr")
#: A send that failed this many times is given up and marked ``failed``.
MAX_ATTEMPTS = 5
#: Kept in ``error``: the end of a traceback is what one needs.
ERROR_MAX_CHARS = 4000
#: How a date reads in each language (Django date format; names are translated).
DATETIME_FORMATS = {"en": "l j F Y, H:i", "fr": "l j F Y à H:i"}


#: Transitions that send emails. ``close_vote`` adds the board's email when it
#: lands in ``board_review``.
def kinds_for_transition(name: str) -> tuple[str, ...]:
    """The emails a transition sends: its declaration's ``emails``."""
    spec = transition_get(name)
    return spec.emails if spec else ()


#: Transitions whose emails name a voting round.
ROUND_TRANSITIONS = ("open_vote", "close_vote")


# --- who ---------------------------------------------------------------------------


def active_representatives() -> QuerySet[User]:
    """Every active user who represents an active organisation."""
    return User.objects.filter(
        is_active=True, organisation__isnull=False, organisation__active=True
    ).order_by("pk")


def representatives_of(organisation_ids) -> QuerySet[User]:
    """The active representatives of these organisations."""
    return User.objects.filter(is_active=True, organisation_id__in=organisation_ids).order_by("pk")


def board_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True, board_membership__isnull=False).order_by("pk")


def recipients_for(kind: str, *, log: TransitionLog, voting_round: VotingRound | None):
    """Who gets ``kind`` for the transition ``log`` (empty when it does not apply)."""
    if kind in (Kind.CONSULTATION_OPENED, Kind.VOTE_RESULT, Kind.PAPER_PUBLISHED):
        return active_representatives()
    if kind == Kind.VOTE_OPENED:
        if voting_round is None:
            return User.objects.none()
        return representatives_of(voting_round.eligibilities.values("organisation_id"))
    if kind == Kind.BOARD_REVIEW:
        if log.target != ProposalState.BOARD_REVIEW:
            return User.objects.none()
        return board_members()
    raise ValueError(f"{kind} is not an event email")


# --- recording ------------------------------------------------------------------------


def _address(user: User) -> str:
    return (user.email or "").strip()


def notifications_record(
    *,
    kind: str,
    proposal: Proposal,
    recipients,
    transition: TransitionLog | None = None,
    reminder=None,
    voting_round: VotingRound | None = None,
) -> list[Notification]:
    """Record one row per recipient who has none yet for this event or reminder.

    Recipients without an email address get a ``skipped`` row and a warning in
    the log. Rows that exist already are left alone (``ignore_conflicts``: a
    concurrent run inserting the same rows is not an error).
    """
    occasion = {"transition": transition} if transition is not None else {"reminder": reminder}
    existing = set(
        Notification.objects.filter(kind=kind, **occasion).values_list("recipient_id", flat=True)
    )
    rows = []
    for user in recipients:
        if user.pk in existing:
            continue
        address = _address(user)
        row = Notification(
            kind=kind,
            proposal=proposal,
            voting_round=voting_round,
            recipient=user,
            address=address,
            language=email_language(user),
            **occasion,
        )
        if not address:
            row.status = Status.SKIPPED
            row.error = "The recipient has no email address."
            logger.warning(
                "%s %s: %s has no email address; not sent", proposal.reference, kind, user.username
            )
        rows.append(row)
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def notifications_for_transition(*, log_id: int, round_id: int | None = None) -> list[int]:
    """Record the emails of one transition; return the ids of those still to send.

    Safe to run twice: the second run records nothing new and returns the rows
    not yet sent (sending them again is refused by ``notification_send``).
    """
    log = TransitionLog.objects.select_related("proposal").filter(pk=log_id).first()
    if log is None:
        logger.warning("notifications: no transition log row %s", log_id)
        return []
    kinds = kinds_for_transition(log.transition)
    voting_round = None
    if log.transition in ROUND_TRANSITIONS and round_id is not None:
        voting_round = VotingRound.objects.filter(pk=round_id, proposal=log.proposal).first()
    for kind in kinds:
        recipients = recipients_for(kind, log=log, voting_round=voting_round)
        with transaction.atomic():
            notifications_record(
                kind=kind,
                proposal=log.proposal,
                recipients=recipients,
                transition=log,
                voting_round=voting_round,
            )
    return list(
        Notification.objects.filter(transition=log, status=Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notifications_enqueue(ids: list[int]) -> None:
    """Queue a send task per row. A broker that is down is logged, not raised:
    the rows stay ``pending`` and ``notifications_requeue`` queues them later."""
    from workflow.tasks import notification_send as notification_send_task

    for pk in ids:
        try:
            notification_send_task.delay(pk)
        except Exception:
            logger.exception("notification %s: could not queue the send; it stays pending", pk)


def transition_notify(*, log_id: int, round_id: int | None) -> None:
    """Queue the emails of a transition that has just committed. Never raises:
    the transition has committed, whatever happens to its emails."""
    from workflow.tasks import notify_transition

    try:
        notify_transition.delay(log_id, round_id)
    except Exception:
        logger.exception("transition log %s: could not queue its emails", log_id)


# --- sending ------------------------------------------------------------------------


def notification_send(*, notification_id: int) -> str:
    """Send one recorded email, unless it was sent (or is being sent) already.

    Returns the row's status afterwards (``sent``, ``skipped``…); a send that
    fails puts the row back to ``pending`` (or ``failed`` after
    ``MAX_ATTEMPTS``) with the error, then raises for the task to retry.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=Status.PENDING).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        status = (
            Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()
        )
        return status or "missing"
    notification = Notification.objects.select_related(
        "recipient", "recipient__organisation", "proposal", "proposal__working_group"
    ).get(pk=notification_id)
    address = _address(notification.recipient)
    if not address:
        logger.warning(
            "%s %s: %s has no email address; not sent",
            notification.proposal.reference,
            notification.kind,
            notification.recipient.username,
        )
        _finish(notification_id, status=Status.SKIPPED, error="The recipient has no email address.")
        return Status.SKIPPED
    try:
        message = email_build(notification, address=address)
        message.send(fail_silently=False)
    except Exception as exc:
        attempts = Notification.objects.get(pk=notification_id).attempts
        final = attempts >= MAX_ATTEMPTS
        _finish(
            notification_id,
            status=Status.FAILED if final else Status.PENDING,
            error="".join(traceback.format_exception(exc))[-ERROR_MAX_CHARS:],
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


def notification_status(*, notification_id: int) -> str | None:
    return Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()


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


# --- building the email ------------------------------------------------------------------


def email_language(user: User) -> str:
    language = (user.language or "").lower()
    return language if language in EMAIL_LANGUAGES else EMAIL_LANGUAGES[0]


def user_timezone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def absolute(path: str) -> str:
    return settings.PLENUM_BASE_URL.rstrip("/") + path


@dataclass
class Moment:
    """A date as the recipient reads it."""

    language: str
    tz: zoneinfo.ZoneInfo

    def __call__(self, value: datetime | None) -> str:
        if value is None:
            return ""
        local = timezone.localtime(value, self.tz)
        with translation.override(self.language):
            text = formats.date_format(local, DATETIME_FORMATS[self.language])
        return f"{text} ({self.tz.key})"

    def number(self, value, decimals: int = 2) -> str:
        if value is None:
            return ""
        with translation.override(self.language):
            return formats.number_format(value, decimals, use_l10n=True)


def _round_of(notification: Notification) -> VotingRound | None:
    if notification.voting_round_id:
        return notification.voting_round
    return round_latest(proposal_id=notification.proposal_id)


def _results(voting_round: VotingRound, moment: Moment) -> dict:
    """The published result (``voting.selectors.results_public`` decides what a secret
    ballot may show), with dates and numbers as the recipient reads them."""
    data = results_public(voting_round=voting_round)
    return {
        **data,
        "closed_at": moment(data["closed_at"]),
        "turnout": moment.number(data["turnout_percent"], 1),
        "ballots": data.get("ballots", []),
    }


def _published_papers(proposal: Proposal) -> list[dict]:
    names = dict(settings.PAPER_LANGUAGES)
    adopted = proposal.versions.filter(reason="adopted").order_by("-number").first()
    papers = PositionPaper.objects.filter(
        proposal=proposal, version=adopted, preview=False, status=PositionPaper.Status.READY
    ).order_by("language")
    return [
        {
            "language": names.get(paper.language, paper.language),
            "code": paper.language,
            "link": absolute(reverse("paper-public", args=[proposal.reference, paper.language])),
            "pages": paper.pages,
        }
        for paper in papers
    ]


def email_context(notification: Notification) -> dict:
    """Everything the templates of ``notification.kind`` show, in the recipient's
    language and time zone."""
    user = notification.recipient
    proposal = notification.proposal
    language = email_language(user)
    moment = Moment(language=language, tz=user_timezone(user))
    context = {
        "kind": notification.kind,
        "name": user.display_name,
        "organisation": user.organisation.name if user.organisation_id else "",
        "reference": proposal.reference,
        "title": proposal.title,
        "summary": proposal.summary,
        "working_group": proposal.working_group.name,
        "proposal_link": absolute(proposal.get_absolute_url()),
        "link": absolute(proposal.get_absolute_url()),
        "network": settings.PLENUM_NETWORK_NAME,
        "profile_link": absolute(reverse("profile")),
        "deadline": "",
    }
    kind = notification.kind
    if kind == Kind.CONSULTATION_OPENED:
        context["deadline"] = moment(proposal.consultation_closes_at)
    elif kind == Kind.CONSULTATION_REMINDER:
        context["deadline"] = moment(notification.reminder.deadline)
    elif kind in (Kind.VOTE_OPENED, Kind.VOTE_REMINDER):
        voting_round = _round_of(notification)
        deadline = (
            notification.reminder.deadline
            if kind == Kind.VOTE_REMINDER
            else voting_round and voting_round.closes_at
        )
        context["deadline"] = moment(deadline)
        context["version"] = voting_round.version.number if voting_round else ""
        context["link"] = absolute(reverse("vote", args=[proposal.pk]))
    elif kind in (Kind.VOTE_RESULT, Kind.BOARD_REVIEW):
        voting_round = _round_of(notification)
        context["result"] = _results(voting_round, moment)
        if kind == Kind.BOARD_REVIEW:
            context["link"] = absolute(reverse("board"))
            context["approvals_required"] = proposal.procedure.board_approvals_required
        else:
            context["link"] = absolute(reverse("vote", args=[proposal.pk]))
    elif kind == Kind.PAPER_PUBLISHED:
        published_at = notification.transition.at if notification.transition_id else None
        context["published_at"] = moment(published_at)
        context["papers"] = _published_papers(proposal)
        context["register_link"] = absolute(reverse("papers-register"))
    return context


_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))


def email_render(notification: Notification) -> tuple[str, str, str]:
    """``(subject, plain text, html)`` of ``notification`` for its recipient.

    Templates: ``emails/<language>/<kind>.txt`` (its first line is the
    subject) and ``emails/<language>/<kind>.html``.
    """
    language = email_language(notification.recipient)
    context = email_context(notification)
    with translation.override(language):
        text = _tidy(render_to_string(f"emails/{language}/{notification.kind}.txt", context))
        subject, _sep, body = text.partition("\n")
        subject = " ".join(subject.split())
        html = render_to_string(
            f"emails/{language}/{notification.kind}.html", {**context, "subject": subject}
        )
    return subject, body.strip() + "\n", html


def email_build(notification: Notification, *, address: str) -> EmailMultiAlternatives:
    subject, text, html = email_render(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={
            "X-Plenum-Notification": str(notification.pk),
            "Content-Language": email_language(notification.recipient),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


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
