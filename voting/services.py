"""Writes of the voting app: open a round, cast a ballot, close and count.

``round_open``, ``round_count`` and ``round_record`` run inside ``workflow.transition_run``
(the proposal row is locked); ``ballot_cast`` runs on its own and takes a
shared lock on the round row, so casts run side by side while the close,
which takes the exclusive lock, waits for them and then counts.
"""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Organisation, User
from members.rules import rules_enforce
from proposals.models import Proposal, Version
from proposals.services import proposal_lock
from voting.models import SPLIT, Ballot, Choice, Eligibility, Mandate, VotingRound
from voting.rules import NOT_A_REPRESENTATIVE, no_mandate, not_eligible, proxy_rules, vote_closed
from voting.tally import Result

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud safely


def receipt_new() -> str:
    """An unguessable, readable receipt such as ``7KQ2-M9XD-4TFA`` (~59 bits)."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def round_open(*, proposal: Proposal, version: Version, closes_at: datetime) -> VotingRound:
    """Open a round on ``version``: freeze the procedure's rules and the weight of
    every organisation eligible now (one read of the eligible organisations, then
    their rows in batches: no model instance per organisation beyond the insert's)."""
    procedure = proposal.procedure
    orgs = list(Organisation.objects.eligible().order_by("pk").values_list("pk", "weight"))
    voting_round = VotingRound.objects.create(
        proposal=proposal,
        version=version,
        closes_at=closes_at,
        quorum_percent=procedure.quorum_percent,
        majority=procedure.majority,
        secret=procedure.secret_ballot,
        eligible_weight=sum(weight for _pk, weight in orgs),
        proxies_allowed=procedure.proxies_allowed,
        max_mandates_per_proxy=procedure.max_mandates_per_proxy,
        split_allowed=procedure.split_ballots_allowed,
    )
    Eligibility.objects.bulk_create(
        (Eligibility(round=voting_round, organisation_id=pk, weight=weight) for pk, weight in orgs),
        batch_size=1000,
    )
    return voting_round


def tally(*, voting_round: VotingRound) -> Result:
    """Count a round from its ballots: one aggregate query (a split ballot adds its parts)."""
    weights = Ballot.objects.filter(round=voting_round).aggregate(
        **{
            choice: Coalesce(
                Sum(
                    Case(
                        When(choice=choice, then=F("weight")),
                        When(choice=SPLIT, then=F(f"split_{choice}")),
                        default=Value(0),
                    )
                ),
                0,
            )
            for choice in Choice.values
        }
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
        VotingRound.objects.select_for_update().unclosed().filter(proposal=proposal).get()
    )
    return voting_round, tally(voting_round=voting_round)


def round_record(*, voting_round: VotingRound, result: Result) -> VotingRound:
    """Close the round with its result, once: it never changes afterwards."""
    VotingRound.objects.unclosed().filter(pk=voting_round.pk).update(
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


_BALLOT_COLUMNS = (
    "round_id, organisation_id, choice, split_yes, split_no, split_abstain, weight, receipt, "
    "by_proxy_id, cast_by_id, cast_at"
)
_ON_CONFLICT = (
    "ON CONFLICT (round_id, organisation_id) DO UPDATE SET "
    "choice = EXCLUDED.choice, split_yes = EXCLUDED.split_yes, split_no = EXCLUDED.split_no, "
    "split_abstain = EXCLUDED.split_abstain, weight = EXCLUDED.weight, "
    "receipt = EXCLUDED.receipt, by_proxy_id = EXCLUDED.by_proxy_id, "
    "cast_by_id = EXCLUDED.cast_by_id, cast_at = EXCLUDED.cast_at"
)
_HISTORY_COLUMNS = (
    "round_id, organisation_id, choice, split_yes, split_no, split_abstain, receipt, "
    "by_proxy_id, cast_by_id, cast_at"
)
#: The split's sum check, in SQL (``_accepts`` is the same in Python).
_SPLIT_OK = (
    "(%(choice)s <> 'split' OR (r.split_allowed AND "
    "%(split_yes)s::int + %(split_no)s::int + %(split_abstain)s::int = r.weight))"
)

# PostgreSQL: the whole cast is one statement, so one round trip and its own
# transaction. ``r`` finds the round (given, or the proposal's latest), whether it
# is open, its frozen proxy and split rules and the organisation's frozen weight,
# under ``FOR KEY SHARE`` (the lightest lock that still conflicts with the close's
# ``FOR UPDATE``: casts run side by side, the close waits for them). ``ok`` keeps it
# only if the cast is accepted (open, eligible, a split adding up to the weight,
# proxies allowed for a proxy's cast). ``m`` is the mandate: the mandator's own cast
# revokes its active mandate; a proxy's cast marks it used, and finds none if it is
# revoked. ``b`` upserts the ballot only after ``m`` has run (so both casts lock the
# mandate row before the ballot row: the mandator and its proxy casting at once
# queue, never deadlock, and the later one's ballot counts, the mandator's own if it
# came second; a proxy arriving after the mandator's cast finds the mandate revoked).
# ``h`` keeps the cast in the history. The outer SELECT hands back what Python needs
# to explain a refusal. ``is_open`` and ``weight`` are
# ``VotingRound.objects.with_ballot_state`` in SQL (voting/models.py): the only other
# spelling of the rule; keep the two alike.
_CAST_PG = f"""
WITH r AS (
    SELECT r.id, r.proposal_id, r.closes_at, r.closed_at, e.weight,
        r.split_allowed, r.proxies_allowed,
        r.closed_at IS NULL AND r.closes_at > %(now)s AS is_open
    FROM voting_votinground r
    LEFT JOIN voting_eligibility e
        ON e.round_id = r.id AND e.organisation_id = %(organisation)s
    WHERE {{where}} ORDER BY r.opened_at DESC, r.id DESC LIMIT 1 FOR KEY SHARE OF r
), ok AS (
    SELECT r.id, r.proposal_id, r.weight FROM r
    WHERE r.is_open AND r.weight IS NOT NULL AND {_SPLIT_OK} {{proxy_ok}}
), {{mandate}}, b AS (
    INSERT INTO voting_ballot ({_BALLOT_COLUMNS})
    SELECT ok.id, %(organisation)s, %(choice)s, %(split_yes)s::smallint,
        %(split_no)s::smallint, %(split_abstain)s::smallint, ok.weight, %(receipt)s,
        {{by_proxy}}, %(user)s, %(now)s
    FROM ok WHERE (SELECT count(*) FROM m) >= {{mandates_needed}}
    {_ON_CONFLICT}
    RETURNING id, {_HISTORY_COLUMNS}
), h AS (
    INSERT INTO voting_ballotcast ({_HISTORY_COLUMNS}) SELECT {_HISTORY_COLUMNS} FROM b
)
SELECT r.id, r.closes_at, r.closed_at, r.is_open, r.weight, r.split_allowed,
    r.proxies_allowed, (SELECT count(*) FROM m), (SELECT id FROM b),
    (SELECT name FROM members_organisation WHERE id = %(organisation)s) FROM r
"""
_MANDATE_OF = (
    "WHERE proposal_id = (SELECT proposal_id FROM ok) AND mandator_id = %(organisation)s "
    "AND revoked_at IS NULL"
)
_OWN = {
    "proxy_ok": "",
    # The mandator's own cast revokes its active mandate.
    "mandate": "m AS (UPDATE voting_mandate SET revoked_at = %(now)s, revoked_by_id = %(user)s "
    f"{_MANDATE_OF} RETURNING id)",
    "by_proxy": "NULL::bigint",
    "mandates_needed": "0",
}
_AS_PROXY = {
    "proxy_ok": "AND r.proxies_allowed",
    # The proxy's cast locks the active mandate (a revocation waits, or makes it
    # find none) and marks it used the first time; later casts write no mandate row.
    "mandate": f"m AS (SELECT id, used_at FROM voting_mandate {_MANDATE_OF} "
    "AND proxy_id = %(proxy)s FOR NO KEY UPDATE), "
    "mu AS (UPDATE voting_mandate SET used_at = %(now)s "
    "WHERE id IN (SELECT id FROM m WHERE used_at IS NULL))",
    "by_proxy": "%(proxy)s",
    "mandates_needed": "1",
}
_WHERE = {True: "r.id = %(target)s", False: "r.proposal_id = %(target)s"}
_CAST_PG_SQL = {
    (by_round, as_proxy): _CAST_PG.format(
        where=_WHERE[by_round], **(_AS_PROXY if as_proxy else _OWN)
    )
    for by_round in (True, False)
    for as_proxy in (True, False)
}


def _accepts(params: dict, *, is_open, weight, split_allowed, proxies_allowed) -> bool:
    """``ok`` of ``_CAST_PG`` in Python."""
    if not (is_open and weight is not None):
        return False
    if params["proxy"] is not None and not proxies_allowed:
        return False
    if params["choice"] == SPLIT:
        parts = params["split_yes"] + params["split_no"] + params["split_abstain"]
        return bool(split_allowed) and parts == weight
    return True


def _cast_sqlite(params: dict, *, by_round: bool):
    """The same cast in steps, inside one IMMEDIATE transaction (SQLite serialises
    writers, so no lock is needed)."""
    with transaction.atomic():
        row = (
            VotingRound.objects.with_ballot_state(params["organisation"], now=params["now"])
            .filter(**({"pk": params["target"]} if by_round else {"proposal_id": params["target"]}))
            .order_by("-opened_at", "-id")
            .values_list(
                "pk",
                "proposal_id",
                "closes_at",
                "closed_at",
                "is_open",
                "weight",
                "split_allowed",
                "proxies_allowed",
            )
            .first()
        )
        if row is None:
            return None
        round_id, proposal_id, closes_at, closed_at, is_open, weight, split_ok, proxy_ok = row
        out = (round_id, closes_at, closed_at, is_open, weight, split_ok, proxy_ok)
        name = (
            Organisation.objects.filter(pk=params["organisation"])
            .values_list("name", flat=True)
            .first()
        )
        if not _accepts(
            params,
            is_open=is_open,
            weight=weight,
            split_allowed=split_ok,
            proxies_allowed=proxy_ok,
        ):
            return (*out, 0, None, name)
        mandates = Mandate.objects.active().filter(
            proposal_id=proposal_id, mandator_id=params["organisation"]
        )
        if params["proxy"] is None:
            used = mandates.update(revoked_at=params["now"], revoked_by_id=params["user"])
        else:
            used = mandates.filter(proxy_id=params["proxy"]).update(
                used_at=Coalesce(F("used_at"), Value(params["now"]))
            )
            if not used:
                return (*out, 0, None, name)
        values = [params[k] for k in _CAST_VALUES]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO voting_ballot ({_BALLOT_COLUMNS}) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) {_ON_CONFLICT} RETURNING id",
                [round_id, *values[:5], weight, *values[5:]],
            )
            (ballot_id,) = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO voting_ballotcast ({_HISTORY_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [round_id, *values],
            )
        return (*out, used, ballot_id, name)


_CAST_VALUES = (
    "organisation",
    "choice",
    "split_yes",
    "split_no",
    "split_abstain",
    "receipt",
    "proxy",
    "user",
    "now",
)


def split_refused(message: str) -> ValidationError:
    return ValidationError({"split": ValidationError(message, code="split")})


def ballot_cast(
    *,
    organisation: Organisation | None,
    user: User,
    choice: str | None = None,
    split: dict | None = None,
    proxy: Organisation | None = None,
    voting_round: VotingRound | None = None,
    proposal_id: int | None = None,
) -> Ballot | None:
    """Cast or change ``organisation``'s ballot in ``voting_round`` (or the latest round
    of ``proposal_id``). The last cast counts; every cast is kept with its receipt.

    ``choice`` (yes/no/abstain) or ``split`` (``{yes, no, abstain}``, whole numbers
    adding up to the frozen weight, where the round allows splits: else 400).
    ``proxy``: the organisation casting under a mandate from ``organisation`` (403
    without an active one; ``organisation`` may then be ``Organisation(pk=…)``, its
    name comes back with the cast); without it, the organisation's own cast revokes its
    mandate, and a proxy's earlier cast stays in the history but no longer counts.

    403 if the user does not represent an eligible organisation; 409 once the
    round has closed by the server's clock. ``None`` if the proposal has no round.

    Plain SQL: this is the hot path of a vote, and the ORM's query building would
    cost more than the database does here. One ``INSERT … ON CONFLICT DO UPDATE``,
    so there is no read-then-write race and no retry loop (``update_or_create``
    needs two statements and a savepoint).
    """
    if organisation is None:
        raise PermissionDenied(str(NOT_A_REPRESENTATIVE))
    if split is not None:
        parts = [split.get(key) for key in Choice.values]
        if not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in parts):
            raise split_refused(_("Each part of a split is a whole number, 0 or more."))
        choice = SPLIT
    elif choice not in Choice.values:
        raise ValueError(choice)
    else:
        parts = [None, None, None]
    by_round = voting_round is not None
    params = {
        "target": voting_round.pk if by_round else proposal_id,
        "organisation": organisation.pk,
        "choice": choice,
        "split_yes": parts[0],
        "split_no": parts[1],
        "split_abstain": parts[2],
        "receipt": receipt_new(),
        "proxy": proxy.pk if proxy is not None else None,
        "user": user.pk,
        "now": timezone.now(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_CAST_PG_SQL[by_round, proxy is not None], params)
            row = cursor.fetchone()
    else:
        row = _cast_sqlite(params, by_round=by_round)
    if row is None:
        return None
    round_id, closes_at, closed_at, is_open, weight, split_allowed, proxies, used, ballot_id = row[
        :9
    ]
    if not organisation.name:  # given by id only (a proxy's cast through the API)
        organisation.name = row[9] or str(organisation.pk)
    if not is_open:
        raise vote_closed(closed_at or closes_at)
    if weight is None:
        raise no_mandate(organisation.name) if proxy is not None else not_eligible(organisation)
    if choice == SPLIT and not split_allowed:
        raise split_refused(_("Split ballots are not allowed in this vote."))
    if choice == SPLIT and sum(parts) != weight:
        raise split_refused(
            ngettext(
                "The parts of the split must add up to the weight, %(weight)s vote.",
                "The parts of the split must add up to the weight, %(weight)s votes.",
                weight,
            )
            % {"weight": weight}
        )
    if proxy is not None and not (proxies and used):
        raise no_mandate(organisation.name)
    if ballot_id is None:  # every refusal is explained above
        raise RuntimeError("The ballot was neither cast nor refused.")
    return Ballot(
        pk=ballot_id,
        round_id=round_id,
        organisation=organisation,
        choice=choice,
        split_yes=parts[0],
        split_no=parts[1],
        split_abstain=parts[2],
        weight=weight,
        receipt=params["receipt"],
        by_proxy=proxy,
        cast_by=user,
        cast_at=params["now"],
    )


# --- mandates -------------------------------------------------------------------


def _mandate_refused(message: str, code: str) -> ValidationError:
    return ValidationError({"proxy": ValidationError(message, code=code)})


def mandate_give(*, proposal_id: int, user: User, proxy_id) -> Mandate:
    """``user``'s organisation mandates ``proxy_id`` to vote for it on the proposal.

    Under the proposal's row lock, so two mandates given at once are judged one
    after the other (the maximum per proxy, one per mandator, no chains). 403/409
    by ``voting.give_mandate``; 400 naming the rule a proxy breaks.
    """
    with transaction.atomic():
        proposal = proposal_lock(pk=proposal_id)
        if proposal is None:
            raise Http404
        rules_enforce("voting.give_mandate", user, proposal)
        mandator = user.organisation
        proxy = Organisation.objects.eligible().filter(pk=proxy_id).first()
        active = Mandate.objects.active().filter(proposal=proposal)
        _allowed, maximum = proxy_rules(proposal)
        if proxy_id == mandator.pk:
            raise _mandate_refused(
                _("An organisation cannot mandate itself."), "mandate_to_oneself"
            )
        if proxy is None:
            raise _mandate_refused(
                _("The proxy must be an eligible organisation (active, with a representative)."),
                "proxy_not_eligible",
            )
        if active.filter(mandator=mandator).exists():
            raise _mandate_refused(
                _("Your organisation has already mandated an organisation; revoke it first."),
                "one_mandate_per_mandator",
            )
        if active.filter(proxy=mandator).exists():
            raise _mandate_refused(
                _(
                    "Mandates do not chain: your organisation holds a mandate itself, so it "
                    "cannot give one."
                ),
                "no_chain",
            )
        if active.filter(mandator=proxy).exists():
            raise _mandate_refused(
                _(
                    "Mandates do not chain: %(org)s has mandated another organisation to "
                    "vote for it."
                )
                % {"org": proxy.name},
                "no_chain",
            )
        if active.filter(proxy=proxy).count() >= maximum:
            raise _mandate_refused(
                ngettext(
                    "%(org)s already votes for %(max)s other organisation, the most this "
                    "procedure allows.",
                    "%(org)s already votes for %(max)s other organisations, the most this "
                    "procedure allows.",
                    maximum,
                )
                % {"org": proxy.name, "max": maximum},
                "max_mandates_per_proxy",
            )
        return Mandate.objects.create(
            proposal=proposal, mandator=mandator, proxy=proxy, given_by=user
        )


def mandate_revoke(*, mandate: Mandate, user: User) -> Mandate:
    """Revoke ``mandate`` until the proxy has used it (409 after). Under the mandate's
    row lock: the proxy's cast, which marks it used, takes the same lock."""
    with transaction.atomic():
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        rules_enforce("voting.revoke_mandate", user, locked)
        locked.revoked_at = timezone.now()
        locked.revoked_by = user
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked
