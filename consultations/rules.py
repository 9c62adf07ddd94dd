"""Who may take part in a consultation, and when (SPEC §1, §5).

One permission per action, declared with ``members.rules.action_add``: the
role (``who``, refused with 403) and the state of the proposal, comment or
amendment (``when``, refused with 409) together. The services enforce them
(``rules_enforce``) against the state read under the proposal's lock; the
proposal page asks the very same permissions (``consultations.presenters``).

An inactive organisation's representatives may read, but not comment, amend
or support (SPEC §1): the roles below use ``is_active_representative``.
"""

import rules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from consultations.models import AmendmentStatus
from members.rules import (
    action_add,
    is_active_representative,
    is_board_member,
    is_secretariat,
    is_wg_chair,
    is_wg_member,
)
from proposals.models import ProposalState
from proposals.rules import is_in_consultation, is_in_revision

# --- predicates on comments and amendments ---------------------------------------


@rules.predicate
def is_own_amendment(user, amendment) -> bool:
    """The amendment was proposed by the organisation the user represents."""
    return bool(
        amendment is not None
        and user.is_authenticated
        and user.organisation_id
        and user.organisation_id == amendment.organisation_id
    )


@rules.predicate
def chairs_amendment_group(user, amendment) -> bool:
    """Chair of the working group of the amendment's proposal."""
    return amendment is not None and is_wg_chair(user, amendment.proposal)


@rules.predicate
def is_amendment_in_consultation(user, amendment) -> bool:
    return amendment is not None and is_in_consultation(user, amendment.proposal)


@rules.predicate
def is_amendment_in_revision(user, amendment) -> bool:
    return amendment is not None and is_in_revision(user, amendment.proposal)


@rules.predicate
def is_undecided(_user, amendment) -> bool:
    return amendment is not None and amendment.status == AmendmentStatus.PROPOSED


@rules.predicate
def is_supported_by_own_organisation(user, amendment) -> bool:
    """The user's organisation already supports it (reads ``supports``: prefetch it)."""
    return bool(
        amendment is not None
        and user.is_authenticated
        and user.organisation_id
        and any(s.organisation_id == user.organisation_id for s in amendment.supports.all())
    )


@rules.predicate
def is_visible_comment(_user, comment) -> bool:
    return comment is not None and not comment.is_hidden


# --- how a refusal by the state reads --------------------------------------------


def consultation_closed(_user, proposal) -> Conflict:
    return Conflict(
        gettext("The consultation is not open: the proposal is %(state)s.")
        % {"state": ProposalState(proposal.state).label},
        "consultation_closed",
        failed_guards=["consultation_open"],
    )


def _comment_refused(user, proposal) -> Conflict:
    if is_in_revision(user, proposal) and is_wg_member(user, proposal):
        return Conflict(
            gettext("While the working group revises, it may only reply to comments."),
            "consultation_closed",
            failed_guards=["consultation_open"],
        )
    return consultation_closed(user, proposal)


def _already_hidden(_user, _comment) -> Conflict:
    return Conflict(gettext("This comment is already hidden."), "already_hidden")


def _support_refused(user, amendment) -> Conflict:
    if is_own_amendment(user, amendment):
        return Conflict(
            gettext("%(org)s proposed this amendment; it cannot support its own.")
            % {"org": user.organisation.name},
            "own_amendment",
        )
    if not is_amendment_in_consultation(user, amendment):
        return consultation_closed(user, amendment.proposal)
    if not is_undecided(user, amendment):
        return Conflict(gettext("This amendment has been decided."), "already_decided")
    return already_supported(user, amendment)


def already_supported(user, _amendment) -> Conflict:
    """The user's organisation supports the amendment already (also after a lost race)."""
    return Conflict(
        gettext("%(org)s already supports this amendment.") % {"org": user.organisation.name},
        "already_supported",
    )


def _decision_refused(user, amendment) -> Conflict:
    if not is_amendment_in_revision(user, amendment):
        return Conflict(
            gettext("Amendments are decided while the proposal is in revision; it is %(state)s.")
            % {"state": ProposalState(amendment.proposal.state).label},
            "not_in_revision",
            failed_guards=["proposal_in_revision"],
        )
    return Conflict(
        gettext("This amendment was already decided: %(status)s.")
        % {"status": amendment.get_status_display()},
        "already_decided",
    )


# --- the actions --------------------------------------------------------------------

#: Who takes part in a consultation at all (object: the proposal).
takes_part = is_active_representative | is_wg_member | is_board_member | is_secretariat
takes_part_says = _(
    "Only member representatives, the working group, the board and the secretariat may comment."
)

#: Comment on the proposal, a section or a paragraph (object: the proposal).
action_add(
    "consultations.post_comment",
    who=takes_part,
    who_says=takes_part_says,
    when=is_in_consultation,
    when_says=_comment_refused,
)
#: Reply to a comment (object: the proposal): during the consultation, and
#: for the working group also while it revises.
action_add(
    "consultations.post_reply",
    who=takes_part,
    who_says=takes_part_says,
    when=is_in_consultation | (is_in_revision & is_wg_member),
    when_says=consultation_closed,
)
#: Hide a comment, with a reason (object: the comment).
action_add(
    "consultations.hide_comment",
    who=is_secretariat,
    who_says=_("Only the secretariat hides comments."),
    when=is_visible_comment,
    when_says=_already_hidden,
)
#: Read why a comment was hidden (a read: nothing enforces it, the API and the
#: page show the reason or not).
rules.set_perm("consultations.view_hidden_reason", is_secretariat)
#: Propose an amendment on behalf of one's organisation (object: the proposal).
action_add(
    "consultations.propose_amendment",
    who=is_active_representative,
    who_says=_("Only representatives of member organisations propose amendments."),
    when=is_in_consultation,
    when_says=consultation_closed,
)
#: Support another organisation's amendment, once per organisation (object: the
#: amendment, its ``proposal`` and ``supports`` loaded).
action_add(
    "consultations.support_amendment",
    who=is_active_representative,
    who_says=_("Only representatives of member organisations support amendments."),
    when=(
        ~is_own_amendment
        & is_amendment_in_consultation
        & is_undecided
        & ~is_supported_by_own_organisation
    ),
    when_says=_support_refused,
)
#: Decide an amendment (object: the amendment, its ``proposal`` loaded).
action_add(
    "consultations.decide_amendment",
    who=chairs_amendment_group,
    who_says=_("Only the chair of the working group decides amendments."),
    when=is_amendment_in_revision & is_undecided,
    when_says=_decision_refused,
)
