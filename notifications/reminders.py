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
rows, and only then queues the sends. The claims of one deadline go up to
``CLAIM_BATCH`` organisations a transaction: one ``INSERT … ON CONFLICT DO
NOTHING RETURNING`` of their reminders, then one insert of the emails of the
organisations it returned. A second run, at the same time or after a crash,
cannot claim a reminder again: its insert skips the row on the unique
constraint (on PostgreSQL it waits for the first run's transaction, then
skips it), and that organisation is not emailed by it. A deadline moved later is a new
deadline and gets its own reminder when it comes within 48 hours.
"""

import logging
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from consultations.models import Amendment, Comment
from members.models import Organisation
from notifications.models import Notification, NotificationKind, Reminder
from notifications.recipients import representatives_of
from notifications.services import notifications_enqueue, notifications_record
from proposals.models import Proposal, ProposalState
from voting.models import VotingRound

logger = logging.getLogger(__name__)

#: How long before a deadline the reminder goes out.
REMINDER_LEAD = timedelta(hours=48)
OPENING_TRANSITIONS = ("submit_for_consultation", "reopen_consultation")
#: Organisations claimed per transaction (the statement has one parameter each).
CLAIM_BATCH = 1000


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
    *, kind: str, proposal: Proposal, deadline: datetime, organisation_ids: list[int]
) -> dict[int, int]:
    """Insert the ``Reminder`` rows of these organisations that no run holds yet, in
    one statement; returns ``{organisation id: reminder id}`` of those this call
    inserted. Call inside the batch's transaction.

    ``ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite ≥ 3.35) answers which
    rows this statement inserted, which ``bulk_create(ignore_conflicts=True)``
    cannot. On PostgreSQL a row a concurrent run inserted and has not committed
    makes this one wait for that run's commit, then skip the row. Rows go in
    organisation order, so two runs claiming the same deadline take the unique
    index's entries in the same order and never deadlock.
    """
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(organisation_ids))
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} "
        "(kind, proposal_id, organisation_id, deadline, created_at) "
        f"SELECT %s, %s, o.id, %s, %s FROM {quote(Organisation._meta.db_table)} o "
        f"WHERE o.id IN ({placeholders}) ORDER BY o.id "
        "ON CONFLICT DO NOTHING RETURNING organisation_id, id"
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [kind, proposal.pk, adapt(deadline), adapt(timezone.now()), *organisation_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _remind(
    *,
    kind: str,
    proposal: Proposal,
    deadline: datetime,
    silent: QuerySet[Organisation],
    voting_round: VotingRound | None = None,
) -> list[str]:
    """Remind the ``silent`` organisations of one deadline, ``CLAIM_BATCH`` of them
    per transaction: their ``Reminder`` rows (``_claim``), then the emails of the
    representatives of exactly those claimed, committed together; then the sends
    are queued. Returns what was done, one line per organisation."""
    notification_kind = (
        NotificationKind.CONSULTATION_REMINDER
        if kind == Reminder.Kind.CONSULTATION
        else NotificationKind.VOTE_REMINDER
    )
    candidates = list(
        silent.exclude(pk__in=_claimed(kind, proposal, deadline)).values_list("pk", "name")
    )
    names = dict(candidates)
    done: list[str] = []
    for start in range(0, len(candidates), CLAIM_BATCH):
        batch = [pk for pk, _name in candidates[start : start + CLAIM_BATCH]]
        # durable: the sends below are queued only once the claim has committed
        with transaction.atomic(durable=True):
            claimed = _claim(
                kind=kind, proposal=proposal, deadline=deadline, organisation_ids=batch
            )
            rows = (
                notifications_record(
                    kind=notification_kind,
                    proposal=proposal,
                    recipients=representatives_of(list(claimed)),
                    reminders=claimed,
                    voting_round=voting_round,
                )
                if claimed
                else []
            )
        notifications_enqueue([row.pk for row in rows if row.status == Notification.Status.PENDING])
        reached = {row.recipient.organisation_id for row in rows}
        for pk in sorted(claimed):
            if pk not in reached:
                logger.warning(
                    "%s reminder for %s: the organisation has no active representative",
                    proposal.reference,
                    names[pk],
                )
            done.append(f"{proposal.reference} {kind} {names[pk]}")
    return done


def reminders_send(*, now: datetime | None = None) -> list[str]:
    """Remind every organisation that has not responded to a deadline less than
    48 hours away; returns what this run did (``"PP-2026-001 vote Member network 3"``).

    Not inside a transaction (each batch commits on its own before its emails are
    queued: ``transaction.atomic(durable=True)`` refuses an outer one)."""
    now = now or timezone.now()
    horizon = now + REMINDER_LEAD
    done: list[str] = []

    consultations = Proposal.objects.filter(
        state=ProposalState.CONSULTATION,
        consultation_closes_at__gt=now,
        consultation_closes_at__lte=horizon,
    ).order_by("consultation_closes_at", "pk")
    for proposal in consultations:
        done += _remind(
            kind=Reminder.Kind.CONSULTATION,
            proposal=proposal,
            deadline=proposal.consultation_closes_at,
            silent=consultation_silent_organisations(proposal),
        )

    rounds = (
        VotingRound.objects.open(now=now)
        .filter(closes_at__lte=horizon, proposal__state=ProposalState.VOTING)
        .select_related("proposal")
        .order_by("closes_at", "pk")
    )
    for voting_round in rounds:
        done += _remind(
            kind=Reminder.Kind.VOTE,
            proposal=voting_round.proposal,
            deadline=voting_round.closes_at,
            silent=vote_silent_organisations(voting_round),
            voting_round=voting_round,
        )

    for line in done:
        logger.info("reminder: %s", line)
    return done
