"""Writes of the voting app: open a round, cast a ballot, close and count.

``round_open``, ``round_count`` and ``round_record`` run inside ``workflow.transition_run``
(the proposal row is locked); ``ballot_cast`` runs on its own and takes a
shared lock on the round row, so casts run side by side while the close,
which takes the exclusive lock, waits for them and then counts.
"""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Organisation, User
from proposals.models import Proposal, Version
from voting.models import Ballot, Choice, Eligibility, VotingRound
from voting.rules import NOT_A_REPRESENTATIVE, not_eligible, vote_closed
from voting.tally import Result

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud safely


def receipt_new() -> str:
    """An unguessable, readable receipt such as ``7KQ2-M9XD-4TFA`` (~59 bits)."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def round_open(*, proposal: Proposal, version: Version, closes_at: datetime) -> VotingRound:
    """Open a round on ``version``: freeze the procedure's rules and the weight of
    every organisation eligible now."""
    procedure = proposal.procedure
    orgs = list(Organisation.objects.eligible().values_list("pk", "weight"))
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


def round_count(*, proposal: Proposal) -> tuple[VotingRound, Result]:
    """Lock the open round (casts in flight finish first; later ones wait, then see
    it closed) and count it. Call with the proposal locked, then ``round_record``."""
    voting_round = (
        VotingRound.objects.select_for_update()
        .filter(proposal=proposal, closed_at__isnull=True)
        .get()
    )
    return voting_round, tally(voting_round=voting_round)


def round_record(*, voting_round: VotingRound, result: Result) -> VotingRound:
    """Close the round with its result, once: it never changes afterwards."""
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


_BALLOT_COLUMNS = "round_id, organisation_id, choice, weight, receipt, cast_by_id, cast_at"
_ON_CONFLICT = (
    "ON CONFLICT (round_id, organisation_id) DO UPDATE SET "
    "choice = EXCLUDED.choice, weight = EXCLUDED.weight, receipt = EXCLUDED.receipt, "
    "cast_by_id = EXCLUDED.cast_by_id, cast_at = EXCLUDED.cast_at"
)
_HISTORY_COLUMNS = "round_id, organisation_id, choice, receipt, cast_by_id, cast_at"

# PostgreSQL: the whole cast is one statement, so one round trip and its own
# transaction. ``r`` finds the round (given, or the proposal's latest), whether it
# is open and the organisation's frozen weight, under ``FOR KEY SHARE`` (the
# lightest lock that still conflicts with the close's ``FOR UPDATE``: casts run
# side by side, the close waits for them). ``b`` upserts the ballot only if the
# round is open and the organisation eligible; ``h`` keeps the cast in the history.
# The outer SELECT hands back what Python needs to explain a refusal.
# ``is_open`` and ``weight`` are ``VotingRound.objects.with_ballot_state`` in SQL
# (voting/models.py): the only other spelling of the rule; keep the two alike.
_CAST_PG = f"""
WITH r AS (
    SELECT r.id, r.closes_at, r.closed_at, e.weight,
        r.closed_at IS NULL AND r.closes_at > %(now)s AS is_open
    FROM voting_votinground r
    LEFT JOIN voting_eligibility e
        ON e.round_id = r.id AND e.organisation_id = %(organisation)s
    WHERE {{where}} ORDER BY r.opened_at DESC, r.id DESC LIMIT 1 FOR KEY SHARE OF r
), b AS (
    INSERT INTO voting_ballot ({_BALLOT_COLUMNS})
    SELECT r.id, %(organisation)s, %(choice)s, r.weight, %(receipt)s, %(user)s, %(now)s
    FROM r WHERE r.is_open AND r.weight IS NOT NULL
    {_ON_CONFLICT}
    RETURNING id, {_HISTORY_COLUMNS}
), h AS (
    INSERT INTO voting_ballotcast ({_HISTORY_COLUMNS}) SELECT {_HISTORY_COLUMNS} FROM b
)
SELECT r.id, r.closes_at, r.closed_at, r.is_open, r.weight, (SELECT id FROM b) FROM r
"""
_CAST_PG_BY_ROUND = _CAST_PG.format(where="r.id = %(target)s")
_CAST_PG_BY_PROPOSAL = _CAST_PG.format(where="r.proposal_id = %(target)s")


def _cast_sqlite(params: dict, *, by_round: bool):
    """The same cast in steps, inside one IMMEDIATE transaction (SQLite serialises
    writers, so no lock is needed)."""
    with transaction.atomic():
        row = (
            VotingRound.objects.with_ballot_state(params["organisation"], now=params["now"])
            .filter(**({"pk": params["target"]} if by_round else {"proposal_id": params["target"]}))
            .order_by("-opened_at", "-id")
            .values_list("pk", "closes_at", "closed_at", "is_open", "weight")
            .first()
        )
        if row is None:
            return None
        round_id, _closes_at, _closed_at, is_open, weight = row
        if not (is_open and weight is not None):
            return (*row, None)
        values = [params[k] for k in ("organisation", "choice")]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO voting_ballot ({_BALLOT_COLUMNS}) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s) {_ON_CONFLICT} RETURNING id",
                [round_id, *values, weight, params["receipt"], params["user"], params["now"]],
            )
            (ballot_id,) = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO voting_ballotcast ({_HISTORY_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [round_id, *values, params["receipt"], params["user"], params["now"]],
            )
        return (*row, ballot_id)


def ballot_cast(
    *,
    organisation: Organisation | None,
    user: User,
    choice: str,
    voting_round: VotingRound | None = None,
    proposal_id: int | None = None,
) -> Ballot | None:
    """Cast or change ``organisation``'s ballot in ``voting_round`` (or the latest round
    of ``proposal_id``). The last cast counts; every cast is kept with its receipt.

    403 if the user does not represent an eligible organisation; 409 once the
    round has closed by the server's clock. ``None`` if the proposal has no round.

    Plain SQL: this is the hot path of a vote, and the ORM's query building would
    cost more than the database does here. One ``INSERT … ON CONFLICT DO UPDATE``,
    so there is no read-then-write race and no retry loop (``update_or_create``
    needs two statements and a savepoint).
    """
    if choice not in Choice.values:
        raise ValueError(choice)
    if organisation is None:
        raise PermissionDenied(str(NOT_A_REPRESENTATIVE))
    by_round = voting_round is not None
    params = {
        "target": voting_round.pk if by_round else proposal_id,
        "organisation": organisation.pk,
        "choice": choice,
        "receipt": receipt_new(),
        "user": user.pk,
        "now": timezone.now(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_CAST_PG_BY_ROUND if by_round else _CAST_PG_BY_PROPOSAL, params)
            row = cursor.fetchone()
    else:
        row = _cast_sqlite(params, by_round=by_round)
    if row is None:
        return None
    round_id, closes_at, closed_at, is_open, weight, ballot_id = row
    if not is_open:
        raise vote_closed(closed_at or closes_at)
    if weight is None:
        raise not_eligible(organisation)
    return Ballot(
        pk=ballot_id,
        round_id=round_id,
        organisation=organisation,
        choice=choice,
        weight=weight,
        receipt=params["receipt"],
        cast_by=user,
        cast_at=params["now"],
    )
