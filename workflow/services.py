"""The one way a transition runs: API, pages, admin and the deadline sweep call this."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from config.api import Conflict
from members.models import User
from proposals.models import Proposal
from workflow import effects
from workflow.models import TransitionLog
from workflow.transitions import check, is_known

logger = logging.getLogger(__name__)


def transition_run(
    *, proposal: Proposal, name: str, actor: User | None, note: str = ""
) -> Proposal:
    """Run transition ``name`` on ``proposal`` as ``actor`` (``None``: the system).

    In one transaction: lock the row, check the role (403), the note (400),
    the state and the guards (409 naming each failed guard), run the
    transition, save, log, and the in-transaction effects (version snapshots,
    voting rounds…). Effects outside the database (emails, renders) are queued
    with ``transaction.on_commit``. Returns the updated proposal.
    """
    if not is_known(name):
        raise Http404(_("There is no transition called %(name)s.") % {"name": name})
    note = (note or "").strip()
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update()
            .select_related("procedure", "working_group")
            .get(pk=proposal.pk)
        )
        result = check(name, locked, actor)
        if not result.permitted:
            raise PermissionDenied(_("Your role does not allow this transition."))
        if not result.available:
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
        if result.requires_note and not note:
            raise ValidationError({"note": [_("This transition needs a note saying why.")]})
        source = locked.state
        kwargs = effects.prepare(name, locked, actor)
        getattr(locked, name)(**kwargs)
        locked.save()
        TransitionLog.objects.create(
            proposal=locked,
            transition=name,
            source=source,
            target=locked.state,
            actor=actor,
            note=note,
        )
        effects.apply(name, locked, actor, source=source)
        logger.info("%s: %s %s → %s by %s", locked.reference, name, source, locked.state, actor)
    return locked
