"""What the proposal page shows of a consultation, as plain data for its template.

Which buttons a user sees comes from the permissions of ``consultations.rules``
(the same ones the services enforce when the form is posted), never from a
state check written here. The cost is fixed whatever the number of comments
and amendments: the lists are prefetched so the rules read no row.
"""

import html

import rules
from django.utils.translation import gettext as _

from consultations.models import AmendmentKind, AmendmentStatus
from consultations.rules import is_supported_by_own_organisation
from consultations.selectors import amendment_list, comment_list
from proposals.models import Proposal, ProposalState
from proposals.text import diff_words, render_markdown, split_paragraphs


def following_paragraph(version_sections: list[dict], section_id, number: int) -> str | None:
    """The paragraph after paragraph ``number`` of a section in a version (None: the last)."""
    for section in version_sections or ():
        if section.get("id") == section_id:
            paragraphs = split_paragraphs(section.get("body", ""))
            return paragraphs[number] if 0 <= number < len(paragraphs) else None
    return None


def _context(text: str, number: int) -> str:
    return (
        f'<div class="amend-context"><span class="amend-no">'
        f"{html.escape(_('¶ %(n)s') % {'n': number})}</span>{render_markdown(text)}</div>"
    )


def _block(tag: str, label: str, text: str) -> str:
    return (
        f'<{tag} class="amend-block"><span class="visually-hidden">{html.escape(label)} </span>'
        f"{render_markdown(text)}</{tag}>"
    )


def amendment_change_html(
    *, kind: str, paragraph: int, base_text: str, text: str, following: str | None = None
) -> str:
    """What an amendment does to the text, as safe HTML a reader takes in at a glance.

    A replacement is a word diff of the paragraph; a deletion the paragraph
    struck; an insertion the new paragraph, marked inserted, between the
    paragraph it follows (``base_text``) and the one after it (``following``,
    from the version the amendment was made on), never a diff against its
    neighbour.
    """
    if kind == AmendmentKind.INSERT_AFTER:
        parts = [_context(base_text, paragraph)] if paragraph and base_text else []
        parts.append(_block("ins", _("Inserted paragraph:"), text))
        if following is not None:
            parts.append(_context(following, paragraph + 1))
        return f'<div class="amend-insert">{"".join(parts)}</div>'
    if kind == AmendmentKind.DELETE:
        return _block("del", _("Deleted paragraph:"), base_text)
    return diff_words(base_text, text)


def competing_key(*, kind: str, section, paragraph: int, version) -> tuple:
    """Amendments with one key compete: they replace or delete the same paragraph, or
    insert at the same place, of the same version. (An insertion after a paragraph
    does not compete with a replacement of it: both can be accepted.)"""
    spot = "insert" if kind == AmendmentKind.INSERT_AFTER else "change"
    return (version, section, paragraph, spot)


def competitors(items: list, key) -> dict:
    """``{id(item): [the other items with the same key]}`` for ``items``; ``key(item)``."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {id(item): [o for o in groups[key(item)] if o is not item] for item in items}


def amendment_key(amendment) -> tuple:
    return competing_key(
        kind=amendment.kind,
        section=amendment.section_id,
        paragraph=amendment.paragraph,
        version=amendment.version_id,
    )


def amendment_diff(amendment) -> str:
    """``amendment_change_html`` for an ``Amendment`` (its version already loaded)."""
    following = None
    if amendment.kind == AmendmentKind.INSERT_AFTER:
        following = following_paragraph(
            amendment.version.sections, amendment.section_id, amendment.paragraph
        )
    return amendment_change_html(
        kind=amendment.kind,
        paragraph=amendment.paragraph,
        base_text=amendment.base_text,
        text=amendment.text,
        following=following,
    )


def report_amendments(report: dict, versions: dict) -> None:
    """Add ``diff`` and ``competitors`` (the numbers of the competing amendments) to the
    report's amendments; ``versions`` is ``{number: sections}``."""
    items = report["amendments"]
    for item in items:
        following = None
        if item["kind"] == AmendmentKind.INSERT_AFTER:
            following = following_paragraph(
                versions.get(item["version"]), item["section"], item["paragraph"]
            )
        item["diff"] = amendment_change_html(
            kind=item["kind"],
            paragraph=item["paragraph"],
            base_text=item["base_text"],
            text=item["text"],
            following=following,
        )
    others = competitors(
        items,
        lambda i: competing_key(
            kind=i["kind"], section=i["section"], paragraph=i["paragraph"], version=i["version"]
        ),
    )
    for item in items:
        item["competitors"] = [o["number"] for o in others[id(item)]]


def consultation_panel(*, proposal: Proposal, user) -> dict:
    """Comments (threads, per section id) and amendments (per section id), each with
    what the user may do to it, and the page's own permissions.

    Shape::

        {
          "threads": {section_id | None: [Comment]},   # each with .html, .reply_list
                                                       # and .may_hide
          "amendments": {section_id | None: [Amendment]},  # each with .supporter_list,
                      # .diff, .competitors (the amendments it competes with),
                      # .may_support, .supported_by_me, .may_decide
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
    listed = list(amendment_list(proposal=proposal))
    others = competitors(listed, amendment_key)
    for amendment in listed:
        amendment.proposal = proposal  # the page's proposal: one state for every rule
        supporters = list(amendment.supports.all())
        amendment.supporter_list = supporters
        amendment.diff = amendment_diff(amendment)
        amendment.competitors = others[id(amendment)]
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
