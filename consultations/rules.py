"""Who may take part in a consultation. Built from the members predicates.

These answer *who* may act; *when* (the proposal's state) is checked by the
services, which answer 409 when the state refuses.
"""

import rules

from members.rules import (
    is_board_member,
    is_representative,
    is_secretariat,
    is_wg_chair,
    is_wg_member,
)


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


#: Comment on a proposal (object: the proposal).
can_comment = is_representative | is_wg_member | is_board_member | is_secretariat
#: Reply while the working group revises (object: the proposal).
can_reply_in_revision = is_wg_member
#: Propose an amendment on behalf of one's organisation (object: the proposal).
can_propose_amendment = is_representative & rules.always_allow
#: Support an amendment (object: the amendment).
can_support_amendment = is_representative & ~is_own_amendment
#: Decide an amendment (object: the amendment).
can_decide_amendment = chairs_amendment_group
#: Hide a comment, with a reason (object: the comment, not needed).
can_hide_comment = is_secretariat & rules.always_allow

rules.add_perm("consultations.add_comment", can_comment)
rules.add_perm("consultations.hide_comment", can_hide_comment)
rules.add_perm("consultations.add_amendment", can_propose_amendment)
rules.add_perm("consultations.support_amendment", can_support_amendment)
rules.add_perm("consultations.decide_amendment", can_decide_amendment)
