"""What the proposal page shows of a consultation, as plain data for its template.

Which buttons a user sees comes from the permissions of ``consultations.rules``
(the same ones the services enforce when the form is posted), never from a
state check written here. The cost is fixed whatever the number of comments
and amendments: the lists are prefetched so the rules read no row.
"""

import rules

from consultations.models import AmendmentStatus
from consultations.rules import is_supported_by_own_organisation
from consultations.selectors import amendment_list, comment_list
from proposals.models import Proposal, ProposalState
from proposals.text import diff_words, render_markdown


def consultation_panel(*, proposal: Proposal, user) -> dict:
    """Comments (threads, per section id) and amendments (per section id), each with
    what the user may do to it, and the page's own permissions.

    Shape::

        {
          "threads": {section_id | None: [Comment]},   # each with .html, .reply_list
                                                       # and .may_hide
          "amendments": {section_id | None: [Amendment]},  # each with .supporter_list,
                      # .diff, .may_support, .supported_by_me, .may_decide
          "amendment_count": int, "undecided": int, "comment_count": int,
          "may_comment": bool, "may_reply": bool, "may_amend": bool,
          "sees_hidden_reasons": bool,
          "open": bool,    # consultation or revision: the threads are unfolded
          "shown": bool,   # anything to show (a draft with nothing posted: no)
        }
    """
    threads: dict = {}
    by_id = {}
    for comment in comment_list(proposal=proposal):
        comment.html = "" if comment.is_hidden else render_markdown(comment.body)
        comment.may_hide = rules.has_perm("consultations.hide_comment", user, comment)
        comment.reply_list = []
        by_id[comment.pk] = comment
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].reply_list.append(comment)
        else:
            threads.setdefault(comment.section_id, []).append(comment)
    amendments: dict = {}
    undecided = 0
    for amendment in amendment_list(proposal=proposal):
        amendment.proposal = proposal  # the page's proposal: one state for every rule
        supporters = list(amendment.supports.all())
        amendment.supporter_list = supporters
        amendment.diff = diff_words(amendment.base_text, amendment.text)
        undecided += amendment.status == AmendmentStatus.PROPOSED
        amendment.may_support = rules.has_perm("consultations.support_amendment", user, amendment)
        amendment.supported_by_me = is_supported_by_own_organisation(user, amendment)
        amendment.may_decide = rules.has_perm("consultations.decide_amendment", user, amendment)
        amendments.setdefault(amendment.section_id, []).append(amendment)
    return {
        "threads": threads,
        "amendments": amendments,
        "amendment_count": sum(len(v) for v in amendments.values()),
        "undecided": undecided,
        "comment_count": len(by_id),
        "may_comment": rules.has_perm("consultations.post_comment", user, proposal),
        "may_reply": rules.has_perm("consultations.post_reply", user, proposal),
        "may_amend": rules.has_perm("consultations.propose_amendment", user, proposal),
        "sees_hidden_reasons": rules.has_perm("consultations.view_hidden_reason", user),
        "open": proposal.state in (ProposalState.CONSULTATION, ProposalState.REVISION),
        "shown": proposal.state != ProposalState.DRAFT or bool(by_id) or bool(amendments),
    }
