"""Who may see and edit proposals. Built from the members predicates."""

import rules

from members.rules import is_board_member, is_secretariat, is_wg_member


@rules.predicate
def has_left_draft(user, proposal) -> bool:
    """Drafts are the working group's; once a text was snapshotted it is open to members."""
    if proposal is None:
        return False
    cached = getattr(proposal, "current_version_number", None)
    if cached is not None:
        return True
    if hasattr(proposal, "current_version_number"):
        return False
    return proposal.versions.exists()


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


can_view_proposal = is_signed_in & (
    is_secretariat | is_board_member | is_wg_member | has_left_draft
)
can_edit_proposal = is_wg_member

rules.add_perm("proposals.view_proposal", can_view_proposal)
rules.add_perm("proposals.change_proposal", can_edit_proposal)
