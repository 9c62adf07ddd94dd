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


@rules.predicate
def is_not_submitted(_user, proposal) -> bool:
    from eu.models import Submission

    return not Submission.objects.filter(proposal=proposal, submitted_at__isnull=False).exists()


def not_approved_or_submitted(user, proposal) -> Conflict:
    if not is_approved(user, proposal):
        return not_approved(user, proposal)
    return Conflict(
        _(
            "The answer has been sent to the Commission: the text and the paper sent stay "
            "as they were recorded."
        ),
        "already_submitted",
    )


#: Edit the feedback text and the language of the pack (object: the proposal), until
#: the submission is recorded: what was sent is kept as it was.
action_add(
    "eu.edit_submission",
    who=is_wg_chair | is_secretariat,
    who_says=_("Only the chair of the working group and the secretariat edit the pack."),
    when=is_approved & is_not_submitted,
    when_says=not_approved_or_submitted,
)
#: Record that the answer was sent through the portal (object: the proposal).
action_add(
    "eu.record_submission",
    who=is_secretariat,
    who_says=_("Only the secretariat records the submission."),
    when=is_approved,
    when_says=not_approved,
)
