"""Reads of the voting app. Nothing here shows a secret ballot's choice to anyone else."""

from voting.models import Ballot, VotingRound


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
        "receipts": [{"receipt": b.receipt, "choice": b.choice} for b in ballots],
    }
    if not voting_round.secret:
        data["ballots"] = sorted(
            (
                {"organisation": b.organisation.name, "weight": b.weight, "choice": b.choice}
                for b in ballots
            ),
            key=lambda b: b["organisation"],
        )
    return data
