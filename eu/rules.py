"""Who may prepare and record the answer to the EU (SPEC §12)."""

import rules
from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from members.rules import action_add, is_secretariat, is_wg_chair
from proposals.states import ProposalState


@rules.predicate
def is_approved(_user, proposal) -> bool:
    return proposal is not None and proposal.state in (
        ProposalState.APPROVED,
        ProposalState.PUBLISHED,
    )


def not_approved(_user, proposal) -> Conflict:
    return Conflict(
        _("The submission pack is ready once the proposal is approved; it is %(state)s.")
        % {"state": proposal.get_state_display()},
        "not_approved",
    )


#: Edit the feedback text of the pack (object: the proposal).
action_add(
    "eu.edit_submission",
    who=is_wg_chair | is_secretariat,
    who_says=_("Only the chair of the working group and the secretariat edit the pack."),
    when=is_approved,
    when_says=not_approved,
)
#: Record that the answer was sent through the portal (object: the proposal).
action_add(
    "eu.record_submission",
    who=is_secretariat,
    who_says=_("Only the secretariat records the submission."),
    when=is_approved,
    when_says=not_approved,
)
