"""Who may do what with papers, and when (SPEC §7).

One permission per action, declared with ``members.rules.action_add``: the
role (``who``) and the state (``when``) together. The services enforce them
(``rules_enforce``), the API and the selectors ask the very same permissions
(``rules.has_perm``).

- ``papers.request_preview`` (object: the proposal): the working group and
  the board may ask for a watermarked draft of the working text, in any state.
- ``papers.view_previews`` (object: the proposal): the working group, the
  board and the secretariat see the proposal's previews.
- ``papers.view_paper`` (object: a paper): anyone, once it is public
  (``PositionPaper.is_public``); otherwise a user who can see its proposal,
  and for a preview only those who see previews. The state half: the paper is
  rendered (409 ``paper_not_ready`` before that).
"""

import rules
from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from members.rules import action_add, is_board_member, is_secretariat, is_wg_member
from proposals.selectors import proposal_list

# --- on the proposal -------------------------------------------------------------------

#: Those who may ask for a preview (object: the proposal).
asks_for_previews = is_wg_member | is_board_member
#: Those who see the previews (object: the proposal).
sees_previews = asks_for_previews | is_secretariat

#: Ask for a watermarked draft of the current working text (object: the proposal).
action_add(
    "papers.request_preview",
    who=asks_for_previews,
    who_says=_("Only the working group and the board may preview the paper."),
)
#: See the proposal's previews, listed and downloaded (object: the proposal).
action_add(
    "papers.view_previews",
    who=sees_previews,
    who_says=_("Only the working group, the board and the secretariat see previews."),
)

# --- on a paper ------------------------------------------------------------------------


@rules.predicate
def is_public_paper(_user, paper) -> bool:
    """Official, ready, of the adopted version of a published proposal."""
    return paper is not None and paper.is_public


@rules.predicate
def is_official_paper(_user, paper) -> bool:
    return paper is not None and not paper.preview


@rules.predicate
def sees_the_proposal(user, paper) -> bool:
    """The user may see the paper's proposal (``proposals.selectors.proposal_list``)."""
    if paper is None or not user.is_authenticated:
        return False
    return proposal_list(user=user).filter(pk=paper.proposal_id).exists()


@rules.predicate
def sees_previews_of_the_proposal(user, paper) -> bool:
    return paper is not None and sees_previews.test(user, paper.proposal)


@rules.predicate
def is_rendered(_user, paper) -> bool:
    return paper is not None and paper.is_ready


def not_rendered(_user, paper) -> Conflict:
    return Conflict(
        _("This paper is not rendered (yet): %(status)s.") % {"status": paper.get_status_display()},
        "paper_not_ready",
    )


#: Download the paper's PDF (object: the paper).
action_add(
    "papers.view_paper",
    who=is_public_paper | (sees_the_proposal & (is_official_paper | sees_previews_of_the_proposal)),
    who_says=_("This paper is not yours to see."),
    when=is_rendered,
    when_says=not_rendered,
)
