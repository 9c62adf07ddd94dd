"""The board's decisions (SPEC §7): one per board member per review.

A review is the board looking at one version: the text voted on (the
proposal's latest version while it is in ``board_review``). A proposal
returned for revision and voted on again comes back with a new version, and
so with a new review in which every member decides afresh.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.conflict import Conflict
from members.models import User
from members.rules import rules_enforce
from proposals.guards import board_approvals_reached
from proposals.models import BoardDecision, Proposal
from proposals.services import proposal_lock
from workflow.services import transition_run

Decision = BoardDecision.Decision


def board_decision_record(
    *, proposal: Proposal, member: User, decision: str, note: str = ""
) -> BoardDecision:
    """Record ``member``'s decision on the version under review and act on it.

    - only board members (403); only in ``board_review`` (409); once per member
      per review (409); a note is required to return or reject (400);
    - ``approve``: once ``board_approvals_required`` approvals are in, the
      system runs ``approve`` (which snapshots the adopted text and asks for
      the papers) in the same transaction;
    - ``return``: runs ``return_for_revision`` as the member, with the note;
    - ``reject``: runs ``reject`` as the member, with the note.

    Everything happens in one transaction: a refused transition records no
    decision.
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = proposal_lock(pk=proposal.pk)
        rules_enforce("workflow.record_board_decision", member, locked)
        if decision not in Decision.values:
            raise ValidationError({"decision": [_("Choose approve, return or reject.")]})
        if decision in (Decision.RETURN, Decision.REJECT) and not note:
            raise ValidationError({"note": [_("Say why: a note is required to return or reject.")]})
        version = locked.versions.newest()
        if BoardDecision.objects.of_review(version).filter(member=member).exists():
            raise Conflict(
                _("You have already recorded your decision in this review."), "already_decided"
            )
        try:
            with transaction.atomic():
                record = BoardDecision.objects.create(
                    proposal=locked, version=version, member=member, decision=decision, note=note
                )
        except IntegrityError as exc:  # a concurrent request by the same member won
            raise Conflict(
                _("You have already recorded your decision in this review."), "already_decided"
            ) from exc
        if decision == Decision.APPROVE:
            if board_approvals_reached(locked):
                transition_run(proposal=locked, name="approve", actor=None)
        elif decision == Decision.RETURN:
            transition_run(proposal=locked, name="return_for_revision", actor=member, note=note)
        else:
            transition_run(proposal=locked, name="reject", actor=member, note=note)
    return record
