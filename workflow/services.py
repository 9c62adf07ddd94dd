"""The one way a transition runs: API, pages, admin, board and the deadline sweep call this."""

import logging
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from config.conflict import Conflict
from members.models import User
from proposals.models import Proposal
from proposals.services import proposal_lock
from proposals.transitions import Transition, transition_get
from workflow.models import TransitionLog
from workflow.transitions import check

logger = logging.getLogger(__name__)


@dataclass
class TransitionRun:
    """What the steps of one transition share: given, prepared, and made.

    ``prepared`` holds what ``prepare`` returned (the keyword arguments of
    ``decide``); the effects set ``voting_round`` when they open one, and the
    emails after commit get the ids of ``log`` and ``voting_round``.
    """

    spec: Transition
    proposal: Proposal
    actor: User | None
    note: str
    source: str
    prepared: dict = field(default_factory=dict)
    log: TransitionLog | None = None
    voting_round: object | None = None


@cache
def _step(path: str):
    return import_string(path)


def transition_run(
    *, proposal: Proposal, name: str, actor: User | None, note: str = ""
) -> Proposal:
    """Run transition ``name`` on ``proposal`` as ``actor`` (``None``: the system).

    In one transaction: lock the row, check the role (403), the state and the
    guards (409 naming each failed guard), the note (400), run ``prepare``,
    the django-fsm-2 method, save, log, and the effects (version snapshots,
    voting rounds, papers). Emails are queued with ``transaction.on_commit``.
    Returns the updated proposal.
    """
    spec = transition_get(name)
    if spec is None:
        raise Http404(_("There is no transition called %(name)s.") % {"name": name})
    note = (note or "").strip()
    with transaction.atomic():
        locked = proposal_lock(pk=proposal.pk)
        result = check(spec, locked, actor)
        if not result.permitted:
            raise PermissionDenied(_("Your role does not allow this transition."))
        if not result.in_state:
            raise Conflict(
                _("“%(name)s” is not possible while the proposal is %(state)s.")
                % {"name": name, "state": locked.get_state_display()},
                "transition_not_available",
                failed_guards=result.failed_guards,
            )
        if result.failed_guards:
            raise Conflict(
                _("“%(name)s” is refused: %(guards)s.")
                % {"name": name, "guards": ", ".join(result.failed_guards)},
                "guard_failed",
                failed_guards=result.failed_guards,
            )
        if spec.requires_note and not note:
            raise ValidationError({"note": [_("This transition needs a note saying why.")]})
        run = TransitionRun(spec=spec, proposal=locked, actor=actor, note=note, source=locked.state)
        if spec.prepare:
            run.prepared = _step(spec.prepare)(run)
        getattr(locked, name)(**run.prepared)
        locked.save()
        run.log = TransitionLog.objects.create(
            proposal=locked,
            transition=name,
            source=run.source,
            target=locked.state,
            actor=actor,
            note=note,
        )
        for path in spec.effects:
            _step(path)(run)
        if spec.emails:
            transaction.on_commit(lambda: _queue_emails(run))
        by = actor if actor is not None else "the system"
        logger.info("%s: %s %s → %s by %s", locked.reference, name, run.source, locked.state, by)
    return locked


def _queue_emails(run: TransitionRun) -> None:
    from notifications.services import transition_notify

    transition_notify(log_id=run.log.pk, round_id=run.voting_round.pk if run.voting_round else None)
