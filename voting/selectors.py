"""Reads of the voting app. Nothing here shows a secret ballot's choice to anyone else."""

from django.db.models import Q

from members.rules import is_secretariat
from voting.models import Ballot, Mandate, VotingRound


def round_latest(*, proposal_id: int, organisation=None) -> VotingRound | None:
    """The proposal's latest round, with ``is_open`` and ``organisation``'s ``weight``
    in it (``None`` if not eligible); see ``VotingRound.objects.with_ballot_state``."""
    return (
        VotingRound.objects.with_ballot_state(organisation)
        .filter(proposal_id=proposal_id)
        .order_by("-opened_at", "-id")
        .first()
    )


def ballot_of(*, voting_round: VotingRound, organisation) -> Ballot | None:
    if organisation is None:
        return None
    return Ballot.objects.filter(round=voting_round, organisation=organisation).first()


def results_public(*, voting_round: VotingRound) -> dict:
    """What everyone may see. Open: counts only. Closed: totals, receipts, and for
    open ballots each organisation's choice."""
    if not voting_round.is_closed:
        return {
            "status": "open",
            "closes_at": voting_round.closes_at,
            "eligible_count": voting_round.eligibilities.count(),
            "voted_count": voting_round.ballots.count(),
        }
    ballots = voting_round.ballots.select_related("organisation").order_by("receipt")
    data = {
        "status": "closed",
        "version": voting_round.version.number,
        "closed_at": voting_round.closed_at,
        "yes": voting_round.yes,
        "no": voting_round.no,
        "abstain": voting_round.abstain,
        "eligible_weight": voting_round.eligible_weight,
        "turnout_percent": voting_round.turnout_percent,
        "quorum_percent": voting_round.quorum_percent,
        "quorum_met": voting_round.quorum_met,
        "majority": voting_round.majority,
        "passed": voting_round.passed,
        "secret": voting_round.secret,
        "receipts": [_with_split({"receipt": b.receipt, "choice": b.choice}, b) for b in ballots],
    }
    if not voting_round.secret:  # never who cast by proxy in a secret ballot
        data["ballots"] = sorted(
            (
                _with_split(
                    {
                        "organisation": b.organisation.name,
                        "weight": b.weight,
                        "choice": b.choice,
                        "by_proxy": b.by_proxy.name if b.by_proxy else None,
                    },
                    b,
                )
                for b in ballots
            ),
            key=lambda b: b["organisation"],
        )
    return data


def _with_split(item: dict, ballot: Ballot) -> dict:
    if ballot.split is not None:
        item["split"] = ballot.split
    return item


def ballot_for(*, voting_round: VotingRound, organisation, viewer_organisation) -> Ballot | None:
    """``organisation``'s ballot as ``viewer_organisation`` may see it: its own, or one
    it cast as proxy (never the mandator's own cast, which may be secret)."""
    if organisation is None or viewer_organisation is None:
        return None
    ballot = (
        Ballot.objects.filter(round=voting_round, organisation=organisation)
        .select_related("organisation", "by_proxy", "cast_by")
        .first()
    )
    if ballot is None or organisation.pk == viewer_organisation.pk:
        return ballot
    return ballot if ballot.by_proxy_id == viewer_organisation.pk else None


def mandates_visible(*, proposal_id: int, user):
    """The proposal's mandates the user may see: the secretariat all of them, a
    representative those its organisation gave or holds, anyone else none."""
    return mandates_visible_all(user=user).filter(proposal_id=proposal_id)


def mandates_visible_all(*, user):
    mandates = Mandate.objects.select_related("mandator", "proxy", "proposal__procedure")
    if is_secretariat(user):
        return mandates
    if not user.organisation_id:
        return mandates.none()
    return mandates.filter(Q(mandator_id=user.organisation_id) | Q(proxy_id=user.organisation_id))


def mandate_visible(*, mandate_id: int, user) -> Mandate | None:
    return mandates_visible_all(user=user).filter(pk=mandate_id).first()


def mandates_held(*, proposal_id: int, organisation) -> list[Mandate]:
    """Active mandates ``organisation`` holds on the proposal, by mandator name."""
    if organisation is None:
        return []
    return list(
        Mandate.objects.active()
        .filter(proposal_id=proposal_id, proxy=organisation)
        .select_related("mandator")
        .order_by("mandator__name")
    )


def mandate_given(*, proposal_id: int, organisation) -> Mandate | None:
    """``organisation``'s active mandate on the proposal, if any."""
    if organisation is None:
        return None
    return (
        Mandate.objects.active()
        .filter(proposal_id=proposal_id, mandator=organisation)
        .select_related("proxy")
        .first()
    )


def is_secret(proposal) -> bool:
    """Whether the proposal's vote is (or was, or will be) secret: then no one but the
    two organisations learns whether a proxy cast."""
    return proposal.procedure.secret_ballot or proposal.voting_rounds.filter(secret=True).exists()
