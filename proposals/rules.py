"""Who may do what to a proposal, and when (SPEC §1, §3, §4).

One permission per action, declared with ``members.rules.action_add``: the
role (``who``) and the proposal's state (``when``) together. Transitions
have their permission here too (the role only: their states and guards are
the transition's own declaration, ``proposals.transitions``).
"""

import rules
from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from members.rules import action_add, is_board_member, is_secretariat, is_wg_chair, is_wg_member
from proposals.models import EDITABLE_STATES, ProposalState

S = ProposalState

# --- the state half: predicates on the proposal ------------------------------------


def _state_is(*states: str) -> rules.Predicate:
    def predicate(_user, proposal) -> bool:
        return proposal is not None and proposal.state in states

    predicate.__name__ = "state_is_" + "_or_".join(states)
    return rules.predicate(predicate)


is_editable = _state_is(*EDITABLE_STATES)
is_in_consultation = _state_is(S.CONSULTATION)
is_in_revision = _state_is(S.REVISION)
is_in_board_review = _state_is(S.BOARD_REVIEW)


def not_editable(_user, proposal) -> Conflict:
    return Conflict(
        _("The text can only be edited in draft or revision; this proposal is %(state)s.")
        % {"state": proposal.get_state_display()},
        "not_editable",
        failed_guards=["text_editable"],
    )


# --- drafting ------------------------------------------------------------------------

#: Draft a new proposal (object: the working group).
action_add(
    "proposals.draft_proposal",
    who=is_wg_member,
    who_says=_("Only members of the working group may draft its proposals."),
)
#: Edit the title, the summary and the sections (object: the proposal).
action_add(
    "proposals.edit_text",
    who=is_wg_member,
    who_says=_("Only members of the working group may edit this proposal."),
    when=is_editable,
    when_says=not_editable,
)
#: Open the edit page of the title, summary and deadline (object: the proposal): the
#: working group while the text is editable, the chair during consultation to move the
#: deadline.
action_add(
    "proposals.edit_proposal",
    who=is_wg_member,
    who_says=_("Only members of the working group may edit this proposal."),
    when=is_editable | (is_in_consultation & is_wg_chair),
    when_says=lambda _user, proposal: Conflict(
        _("The proposal cannot be changed while it is %(state)s.")
        % {"state": proposal.get_state_display()},
        "not_editable",
        failed_guards=["text_editable"],
    ),
)
#: Set or move the consultation and voting deadlines (object: the proposal).
action_add(
    "proposals.set_deadlines",
    who=is_wg_chair,
    who_says=_("Only the chair of the working group sets the deadlines."),
)

#: Link the proposal to an EU initiative or unlink it (object: the proposal; SPEC §12).
action_add(
    "proposals.link_eu_initiative",
    who=is_wg_chair,
    who_says=_("Only the chair of the working group links an EU initiative."),
)

# --- transitions (the role; see proposals.transitions) --------------------------------

for _name in (
    "submit_for_consultation",
    "close_consultation",
    "reopen_consultation",
    "open_vote",
    "close_vote",
    "revise",
    "withdraw",
):
    action_add(
        f"proposals.{_name}",
        who=is_wg_chair,
        who_says=_("Only the chair of the working group may do this."),
    )
for _name in ("return_for_revision", "reject"):
    action_add(
        f"proposals.{_name}",
        who=is_board_member,
        who_says=_("Only board members may do this."),
    )
action_add(
    "proposals.publish",
    who=is_secretariat | is_board_member,
    who_says=_("Only the secretariat and the board publish papers."),
)
