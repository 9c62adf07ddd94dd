"""Reminders 48 hours before a consultation or a vote closes (SPEC §8).

Run by the beat task ``notifications.tasks.send_reminders`` (and
``manage.py send_reminders`` for cron). Each run looks at the deadlines that
fall within the next 48 hours and, for each organisation that has not yet
responded:

- consultation: the organisation has neither commented (any of its
  representatives, or a comment posted in its name) nor proposed an amendment
  since this consultation opened (a reopened consultation asks again);
- vote: the organisation is eligible in the open round and has no ballot;

claims a ``Reminder`` row, unique per (kind, proposal, organisation,
deadline), in the same transaction as the organisation's ``Notification``
rows, and only then queues the sends. A second run, at the same time or
after a crash, cannot claim it again: the insert fails on the unique
constraint (on PostgreSQL it waits for the first run's transaction, then
fails), and that organisation is skipped. A deadline moved later is a new
deadline and gets its own reminder when it comes within 48 hours.
"""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from consultations.models import Amendment, Comment
from members.models import Organisation
from notifications.models import NotificationKind, Reminder
from notifications.recipients import representatives_of
from notifications.services import notifications_enqueue, notifications_record
from proposals.models import Proposal, ProposalState
from voting.models import VotingRound

logger = logging.getLogger(__name__)

#: How long before a deadline the reminder goes out.
REMINDER_LEAD = timedelta(hours=48)
OPENING_TRANSITIONS = ("submit_for_consultation", "reopen_consultation")


def consultation_opened_at(proposal: Proposal) -> datetime | None:
    """When the current consultation opened (the latest submit or reopen)."""
    return (
        proposal.transition_log.filter(transition__in=OPENING_TRANSITIONS)
        .order_by("-id")
        .values_list("at", flat=True)
        .first()
    )


def consultation_silent_organisations(proposal: Proposal) -> QuerySet[Organisation]:
    """Organisations that may respond and have neither commented nor proposed an
    amendment in the current consultation."""
    since = consultation_opened_at(proposal)
    comments = Comment.objects.filter(proposal=proposal)
    amendments = Amendment.objects.filter(proposal=proposal)
    if since is not None:
        comments = comments.filter(created_at__gte=since)
        amendments = amendments.filter(created_at__gte=since)
    return (
        Organisation.objects.eligible()
        .exclude(
            pk__in=comments.filter(author__organisation__isnull=False).values(
                "author__organisation"
            )
        )
        .exclude(pk__in=comments.filter(organisation__isnull=False).values("organisation"))
        .exclude(pk__in=amendments.values("organisation"))
        .order_by("pk")
    )


def vote_silent_organisations(voting_round: VotingRound) -> QuerySet[Organisation]:
    """Eligible organisations of the round without a ballot."""
    return (
        Organisation.objects.filter(pk__in=voting_round.eligibilities.values("organisation_id"))
        .exclude(pk__in=voting_round.ballots.values("organisation_id"))
        .order_by("pk")
    )


def _claimed(kind: str, proposal: Proposal, deadline: datetime) -> QuerySet:
    """Organisations already reminded of this deadline (skipped before trying: the
    unique constraint is the guard against a concurrent run, not the filter)."""
    return Reminder.objects.filter(kind=kind, proposal=proposal, deadline=deadline).values(
        "organisation_id"
    )


def _claim(
    *,
    kind: str,
    proposal: Proposal,
    organisation: Organisation,
    deadline: datetime,
    voting_round: VotingRound | None = None,
) -> list[int] | None:
    """Claim the reminder of ``organisation`` and record its emails, in one
    transaction; ``None`` when it was claimed before (by an earlier run or a
    concurrent one). Returns the ids of the emails to send."""
    notification_kind = (
        NotificationKind.CONSULTATION_REMINDER
        if kind == Reminder.Kind.CONSULTATION
        else NotificationKind.VOTE_REMINDER
    )
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind, proposal=proposal, organisation=organisation, deadline=deadline
            )
            rows = notifications_record(
                kind=notification_kind,
                proposal=proposal,
                recipients=representatives_of([organisation.pk]),
                reminder=reminder,
                voting_round=voting_round,
            )
    except IntegrityError:
        return None
    if not rows:
        logger.warning(
            "%s reminder for %s: the organisation has no active representative",
            proposal.reference,
            organisation,
        )
    return [row.pk for row in reminder.notifications.filter(status="pending").order_by("pk")]


def reminders_send(*, now: datetime | None = None) -> list[str]:
    """Remind every organisation that has not responded to a deadline less than
    48 hours away; returns what this run did (``"PP-2026-001 vote Member network 3"``)."""
    now = now or timezone.now()
    horizon = now + REMINDER_LEAD
    done: list[str] = []
    to_send: list[int] = []

    consultations = Proposal.objects.filter(
        state=ProposalState.CONSULTATION,
        consultation_closes_at__gt=now,
        consultation_closes_at__lte=horizon,
    ).order_by("consultation_closes_at", "pk")
    for proposal in consultations:
        silent = consultation_silent_organisations(proposal).exclude(
            pk__in=_claimed(Reminder.Kind.CONSULTATION, proposal, proposal.consultation_closes_at)
        )
        for organisation in silent:
            ids = _claim(
                kind=Reminder.Kind.CONSULTATION,
                proposal=proposal,
                organisation=organisation,
                deadline=proposal.consultation_closes_at,
            )
            if ids is not None:
                to_send += ids
                done.append(f"{proposal.reference} consultation {organisation.name}")

    rounds = (
        VotingRound.objects.open(now=now)
        .filter(closes_at__lte=horizon, proposal__state=ProposalState.VOTING)
        .select_related("proposal")
        .order_by("closes_at", "pk")
    )
    for voting_round in rounds:
        silent = vote_silent_organisations(voting_round).exclude(
            pk__in=_claimed(Reminder.Kind.VOTE, voting_round.proposal, voting_round.closes_at)
        )
        for organisation in silent:
            ids = _claim(
                kind=Reminder.Kind.VOTE,
                proposal=voting_round.proposal,
                organisation=organisation,
                deadline=voting_round.closes_at,
                voting_round=voting_round,
            )
            if ids is not None:
                to_send += ids
                done.append(f"{voting_round.proposal.reference} vote {organisation.name}")

    notifications_enqueue(to_send)
    for line in done:
        logger.info("reminder: %s", line)
    return done
