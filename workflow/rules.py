"""Who may record a board decision, and when (SPEC §7)."""

from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from members.rules import action_add, is_board_member
from proposals.guards import STATE_GUARD
from proposals.rules import is_in_board_review


def _not_in_review(_user, proposal) -> Conflict:
    return Conflict(
        _("The board decides only while the proposal is in board review; it is %(state)s.")
        % {"state": proposal.get_state_display()},
        "not_in_board_review",
        failed_guards=[STATE_GUARD],
    )


#: The board page (no object).
action_add(
    "workflow.view_board",
    who=is_board_member,
    who_says=_("The board page is for board members."),
)
#: Record one's decision in a board review (object: the proposal).
action_add(
    "workflow.record_board_decision",
    who=is_board_member,
    who_says=_("Only board members record board decisions."),
    when=is_in_board_review,
    when_says=_not_in_review,
)
