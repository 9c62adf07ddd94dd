"""What happens around each transition, wired in one place.

- ``prepare``: computed inside the transaction *before* the transition runs,
  passed to the transition method (the voting deadline, the tally that
  decides ``close_vote``'s target).
- ``apply``: inside the transaction, after the state changed (version
  snapshots, voting rounds, pending papers).
- ``after_commit``: queued with ``transaction.on_commit`` (emails, renders):
  they never run for a transition that rolled back.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from proposals.models import Proposal, Version
from proposals.services import version_snapshot
from workflow.notifications import transition_hook as notify

Hook = Callable[..., None]


# --- prepare ------------------------------------------------------------------


def _prepare_open_vote(proposal: Proposal, actor) -> dict:
    closes_at = timezone.now() + timedelta(days=proposal.procedure.voting_days)
    if proposal.voting_closes_at and proposal.voting_closes_at > closes_at:
        closes_at = proposal.voting_closes_at
    return {"closes_at": closes_at}


def _prepare_close_vote(proposal: Proposal, actor) -> dict:
    from voting.services import round_close

    return {"passed": round_close(proposal=proposal).passed}


PREPARE: dict[str, Callable[[Proposal, object], dict]] = {
    "open_vote": _prepare_open_vote,
    "close_vote": _prepare_close_vote,
}


def prepare(name: str, proposal: Proposal, actor) -> dict:
    hook = PREPARE.get(name)
    return hook(proposal, actor) if hook else {}


# --- apply (in the transaction) -------------------------------------------------


def _snapshot_consultation(proposal: Proposal, actor, **_) -> None:
    version_snapshot(proposal=proposal, reason=Version.Reason.CONSULTATION)


def _open_round(proposal: Proposal, actor, **_) -> None:
    from voting.services import round_open

    version = version_snapshot(proposal=proposal, reason=Version.Reason.VOTE)
    round_open(proposal=proposal, version=version, closes_at=proposal.voting_closes_at)


def _adopt(proposal: Proposal, actor, **_) -> None:
    from papers.services import papers_request

    version = version_snapshot(proposal=proposal, reason=Version.Reason.ADOPTED)
    papers_request(proposal=proposal, version=version)


APPLY: dict[str, list[Hook]] = {
    "submit_for_consultation": [_snapshot_consultation],
    "reopen_consultation": [_snapshot_consultation],
    "open_vote": [_open_round],
    "approve": [_adopt],
}


# --- after commit ---------------------------------------------------------------

#: transition name -> callables ``(proposal_id, actor_id, source)`` run after commit.
AFTER_COMMIT: dict[str, list[Callable[[int, int | None, str], None]]] = {
    # Emails (workflow.notifications): each hook queues the transition's email task.
    "submit_for_consultation": [notify("submit_for_consultation")],
    "reopen_consultation": [notify("reopen_consultation")],
    "open_vote": [notify("open_vote")],
    "close_vote": [notify("close_vote")],
    "publish": [notify("publish")],
}


def apply(name: str, proposal: Proposal, actor, *, source: str) -> None:
    for hook in APPLY.get(name, []):
        hook(proposal, actor, source=source)
    actor_id = actor.pk if actor is not None else None
    for hook in AFTER_COMMIT.get(name, []):
        transaction.on_commit(lambda h=hook: h(proposal.pk, actor_id, source))
