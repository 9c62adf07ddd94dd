"""Writes of the voting app: open a round, cast a ballot, close and count.

``round_open`` and ``round_close`` run inside ``workflow.transition_run``
(the proposal row is locked); ``ballot_cast`` runs on its own and takes a
shared lock on the round row, so casts run side by side while the close,
which takes the exclusive lock, waits for them and then counts.
"""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from config.api import Conflict
from members.models import Organisation, User
from proposals.models import Proposal, Version
from voting.models import Ballot, Choice, Eligibility, VotingRound
from voting.tally import Result

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud safely


def receipt_new() -> str:
    """An unguessable, readable receipt such as ``7KQ2-M9XD-4TFA`` (~59 bits)."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def eligible_organisations():
    """Active organisations with at least one active representative."""
    return Organisation.objects.filter(active=True, representatives__is_active=True).distinct()


def round_open(*, proposal: Proposal, version: Version, closes_at: datetime) -> VotingRound:
    procedure = proposal.procedure
    orgs = list(eligible_organisations().values_list("pk", "weight"))
    voting_round = VotingRound.objects.create(
        proposal=proposal,
        version=version,
        closes_at=closes_at,
        quorum_percent=procedure.quorum_percent,
        majority=procedure.majority,
        secret=procedure.secret_ballot,
        eligible_weight=sum(weight for _pk, weight in orgs),
    )
    Eligibility.objects.bulk_create(
        Eligibility(round=voting_round, organisation_id=pk, weight=weight) for pk, weight in orgs
    )
    return voting_round


def round_current(*, proposal: Proposal) -> VotingRound | None:
    """The latest round of the proposal (open or closed)."""
    return proposal.voting_rounds.order_by("-opened_at", "-id").first()


def tally(*, voting_round: VotingRound) -> Result:
    """Count a round from its ballots: one aggregate query."""
    weights = Ballot.objects.filter(round=voting_round).aggregate(
        **{choice: Coalesce(Sum("weight", filter=Q(choice=choice)), 0) for choice in Choice.values}
    )
    return Result(
        yes=weights["yes"],
        no=weights["no"],
        abstain=weights["abstain"],
        eligible_weight=voting_round.eligible_weight,
        quorum_percent=voting_round.quorum_percent,
        majority=voting_round.majority,
    )


def round_close(*, proposal: Proposal) -> VotingRound:
    """Close the open round: count once, store the result. Call with the proposal locked."""
    voting_round = (
        VotingRound.objects.select_for_update()
        .filter(proposal=proposal, closed_at__isnull=True)
        .get()
    )
    result = tally(voting_round=voting_round)
    VotingRound.objects.filter(pk=voting_round.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(),
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        turnout_percent=result.turnout_percent,
        quorum_met=result.quorum_met,
        passed=result.passed,
    )
    voting_round.refresh_from_db()
    return voting_round


def _lock_round_shared(*, organisation_id: int, round_id=None, proposal_id=None):
    """``(round_id, closes_at, closed_at, weight)`` of the round (given, or the
    proposal's latest), with the organisation's frozen weight (``None``: not
    eligible), read under a shared lock on the round row (PostgreSQL ``FOR KEY SHARE``,
    the lightest lock that still conflicts with the close's ``FOR UPDATE``):
    casts run side by side, the close (``FOR UPDATE``) waits for them. ``None`` if
    there is no such round.

    Django has no ``select_for_share``; SQLite needs none (its IMMEDIATE
    transactions already serialise writers).
    """
    if connection.vendor != "postgresql":
        rounds = VotingRound.objects.filter(
            **({"pk": round_id} if round_id else {"proposal_id": proposal_id})
        ).order_by("-opened_at", "-id")
        row = rounds.values_list("pk", "closes_at", "closed_at").first()
        if row is None:
            return None
        weight = (
            Eligibility.objects.filter(round_id=row[0], organisation_id=organisation_id)
            .values_list("weight", flat=True)
            .first()
        )
        return (*row, weight)
    where = "r.id = %s" if round_id else "r.proposal_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.closes_at, r.closed_at, e.weight FROM voting_votinground r "
            "LEFT JOIN voting_eligibility e ON e.round_id = r.id AND e.organisation_id = %s "
            f"WHERE {where} ORDER BY r.opened_at DESC, r.id DESC LIMIT 1 FOR KEY SHARE OF r",
            [organisation_id, round_id or proposal_id],
        )
        return cursor.fetchone()


def ballot_cast(
    *,
    organisation: Organisation | None,
    user: User,
    choice: str,
    voting_round: VotingRound | None = None,
    proposal_id: int | None = None,
) -> Ballot | None:
    """Cast or change ``organisation``'s ballot in ``voting_round`` (or the latest round
    of ``proposal_id``). The last cast counts; every cast is kept.

    403 if the user does not represent an eligible organisation; 409 once the
    round has closed by the server's clock. ``None`` if the proposal has no round.
    """
    if choice not in Choice.values:
        raise ValueError(choice)
    if organisation is None:
        raise PermissionDenied(_("Only representatives of member organisations vote."))
    with transaction.atomic():
        row = _lock_round_shared(
            organisation_id=organisation.pk,
            round_id=voting_round.pk if voting_round else None,
            proposal_id=proposal_id,
        )
        if row is None:
            return None
        round_id, closes_at, closed_at, weight = row
        now = timezone.now()
        if closed_at is not None or closes_at <= now:
            raise Conflict(
                _("The vote closed at %(time)s; ballots are no longer accepted.")
                % {
                    "time": timezone.localtime(closed_at or closes_at).strftime("%Y-%m-%d %H:%M %Z")
                },
                "vote_closed",
                failed_guards=["vote_open"],
            )
        if weight is None:
            raise PermissionDenied(
                _("%(org)s is not eligible in this vote.") % {"org": organisation.name}
            )
        receipt = receipt_new()
        ballot_id = _upsert(round_id, organisation.pk, choice, weight, receipt, user.pk, now)
    return Ballot(
        pk=ballot_id,
        round_id=round_id,
        organisation=organisation,
        choice=choice,
        weight=weight,
        receipt=receipt,
        cast_by=user,
        cast_at=now,
    )


_UPSERT = (
    "INSERT INTO voting_ballot "
    "(round_id, organisation_id, choice, weight, receipt, cast_by_id, cast_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (round_id, organisation_id) DO UPDATE SET "
    "choice = EXCLUDED.choice, weight = EXCLUDED.weight, receipt = EXCLUDED.receipt, "
    "cast_by_id = EXCLUDED.cast_by_id, cast_at = EXCLUDED.cast_at RETURNING id"
)
_UPSERT_WITH_HISTORY = (
    f"WITH ballot AS ({_UPSERT} , round_id, organisation_id, choice, receipt, cast_by_id, "
    "cast_at) INSERT INTO voting_ballotcast "
    "(round_id, organisation_id, choice, receipt, cast_by_id, cast_at) "
    "SELECT round_id, organisation_id, choice, receipt, cast_by_id, cast_at FROM ballot "
    "RETURNING (SELECT id FROM ballot)"
)
_HISTORY = (
    "INSERT INTO voting_ballotcast "
    "(round_id, organisation_id, choice, receipt, cast_by_id, cast_at) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)


def _upsert(round_id, organisation_id, choice, weight, receipt, user_id, now) -> int:
    """The ballot as one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL and
    SQLite ≥ 3.35), and its history row. Call inside the transaction.

    One statement per row, so there is no read-then-write race and no retry loop
    (``update_or_create`` needs two statements and a savepoint). Plain SQL: this is
    the hot path of a vote, and the ORM's query building would cost more than the
    database does here. On PostgreSQL both rows go in one statement (a data-modifying
    ``WITH``), one round trip fewer.
    """
    params = [round_id, organisation_id, choice, weight, receipt, user_id, now]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_UPSERT_WITH_HISTORY, params)
            (ballot_id,) = cursor.fetchone()
            return ballot_id
        cursor.execute(_UPSERT, params)
        (ballot_id,) = cursor.fetchone()
        cursor.execute(_HISTORY, [round_id, organisation_id, choice, receipt, user_id, now])
    return ballot_id


def ballot_counts(*, voting_round: VotingRound) -> dict:
    """While a vote is open: how many may vote and how many have (no choices)."""
    return {
        "eligible_count": voting_round.eligibilities.count(),
        "voted_count": voting_round.ballots.aggregate(n=Count("id"))["n"],
    }
