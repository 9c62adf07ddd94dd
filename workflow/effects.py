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

from notifications.recipients import kinds_for_transition
from notifications.services import transition_notify
from proposals.models import Proposal, Version
from proposals.services import version_snapshot
from voting.selectors import round_latest

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
#: (The emails are queued by ``_queue_emails``, for the transitions that send any.)
AFTER_COMMIT: dict[str, list[Callable[[int, int | None, str], None]]] = {}


def _queue_emails(name: str, proposal: Proposal) -> None:
    """After commit, queue the emails of transition ``name``, if it sends any, with the
    ids they need: the log row and the latest voting round, read now, in the
    transaction that wrote them (``transition_run`` logs before ``apply``)."""
    if not kinds_for_transition(name):
        return
    log_id = proposal.transition_log.order_by("-id").values_list("pk", flat=True).first()
    voting_round = round_latest(proposal_id=proposal.pk)
    round_id = voting_round.pk if voting_round else None
    transaction.on_commit(lambda: transition_notify(log_id=log_id, round_id=round_id))


def apply(name: str, proposal: Proposal, actor, *, source: str) -> None:
    for hook in APPLY.get(name, []):
        hook(proposal, actor, source=source)
    actor_id = actor.pk if actor is not None else None
    for hook in AFTER_COMMIT.get(name, []):
        transaction.on_commit(lambda h=hook: h(proposal.pk, actor_id, source))
    _queue_emails(name, proposal)
