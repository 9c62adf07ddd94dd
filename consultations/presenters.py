"""What the proposal page shows of a consultation, as plain data for its template.

Which buttons a user sees comes from the permissions of ``consultations.rules``
(the same ones the services enforce when the form is posted), never from a
state check written here. The cost is bounded whatever the number of comments
and amendments: the page counts them and shows only short lists; the rest load
on demand, a section at a time; the lists are prefetched so the rules read no row.
"""

import html

import rules
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import Amendment, AmendmentKind, AmendmentStatus, Comment
from consultations.rules import is_supported_by_own_organisation
from consultations.selectors import (
    amendment_counts,
    amendment_list,
    comment_counts,
    comment_list,
    latest_thread_sizes,
    thread_roots,
)
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


#: A section with at most this many comments (replies included) shows them on the
#: proposal page; more load on demand (``section_threads``).
INLINE_COMMENTS = 10
#: A section with at most this many amendments lists them on the proposal page.
INLINE_AMENDMENTS = 5
#: The proposal page shows the newest whole threads on the whole proposal, at most
#: this many comments in all; the rest are on the general comments page.
LATEST_GENERAL = 20
#: Threads a page of a comments list shows.
THREADS_PER_PAGE = 50


def comments_inline(count: int) -> bool:
    """Whether the proposal page lists a section's comments (``count`` of them,
    replies included) rather than loading them on demand."""
    return count <= INLINE_COMMENTS


def amendments_inline(count: int) -> bool:
    """Whether the proposal page lists a section's ``count`` amendments itself."""
    return count <= INLINE_AMENDMENTS


def _threads(comments, user) -> dict:
    """``{section_id: [thread]}``: each comment rendered, with its replies and whether
    the user may hide it."""
    threads: dict = {}
    by_id = {}
    for comment in comments:
        comment.html = "" if comment.is_hidden else render_markdown(comment.body)
        comment.may_hide = rules.has_perm("consultations.hide_comment", user, comment)
        comment.reply_list = []
        by_id[comment.pk] = comment
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].reply_list.append(comment)
        else:
            threads.setdefault(comment.section_id, []).append(comment)
    return threads


def _amendments_shown(listed: list, *, proposal: Proposal, user) -> dict:
    """``{section_id: [Amendment]}`` with what each shows and what the user may do.
    ``listed`` holds whole sections, so the competitors (same section) are all there."""
    amendments: dict = {}
    others = competitors(listed, amendment_key)
    for amendment in listed:
        amendment.proposal = proposal  # the page's proposal: one state for every rule
        amendment.supporter_list = list(amendment.supports.all())
        amendment.diff = amendment_diff(amendment)
        amendment.competitors = others[id(amendment)]
        amendment.may_support = rules.has_perm("consultations.support_amendment", user, amendment)
        amendment.supported_by_me = is_supported_by_own_organisation(user, amendment)
        amendment.may_decide = rules.has_perm("consultations.decide_amendment", user, amendment)
        amendments.setdefault(amendment.section_id, []).append(amendment)
    return amendments


def consultation_permissions(*, proposal: Proposal, user) -> dict:
    """What the user may do in the consultation panel (and its lists)."""
    return {
        "may_comment": rules.has_perm("consultations.post_comment", user, proposal),
        "may_reply": rules.has_perm("consultations.post_reply", user, proposal),
        "may_amend": rules.has_perm("consultations.propose_amendment", user, proposal),
        "sees_hidden_reasons": rules.has_perm("consultations.view_hidden_reason", user),
    }


def latest_general_threads(*, proposal) -> list[int]:
    """The newest whole threads on the whole proposal that fit in ``LATEST_GENERAL``
    comments, newest first: those the proposal page shows."""
    chosen, total = [], 0
    for thread, size in latest_thread_sizes(
        proposal=proposal, section_id=None, limit=LATEST_GENERAL
    ):
        if total + size > LATEST_GENERAL:
            break
        chosen.append(thread)
        total += size
    return chosen


def _amendment_summary(rows: list[dict]) -> dict:
    """``{section_id: {"count": int, "statuses": [status], "organisations": [{"name",
    "statuses": [status]}]}}`` from ``amendment_counts``; each status is
    ``{"status", "label", "n"}``, in the order of ``AmendmentStatus``."""
    labels = dict(AmendmentStatus.choices)
    summary: dict = {}
    for row in rows:
        item = summary.setdefault(
            row["section_id"], {"count": 0, "by_status": {}, "organisations": {}}
        )
        item["count"] += row["n"]
        item["by_status"][row["status"]] = item["by_status"].get(row["status"], 0) + row["n"]
        org = item["organisations"].setdefault(
            row["organisation_id"], {"name": row["organisation__name"], "statuses": []}
        )
        org["statuses"].append(
            {"status": row["status"], "label": labels[row["status"]], "n": row["n"]}
        )
    for item in summary.values():
        by_status = item.pop("by_status")
        item["statuses"] = [
            {"status": status, "label": labels[status], "n": by_status[status]}
            for status in AmendmentStatus.values
            if status in by_status
        ]
        item["organisations"] = list(item["organisations"].values())
    return summary


def consultation_panel(*, proposal: Proposal, user) -> dict:
    """What the proposal page shows of the consultation, at a cost bounded whatever the
    number of comments and amendments: counts per section, the threads of the sections
    with few comments (``INLINE_COMMENTS``), the newest general threads
    (``LATEST_GENERAL``), the amendments of the sections with few
    (``INLINE_AMENDMENTS``); the rest load on demand (``section_threads``,
    ``section_amendments``).

    Shape::

        {
          "sections": {section_id | None: {     # None: the whole proposal / deleted sections
              "comments": int, "threads": int,  # replies and hidden comments included
              "thread_list": [Comment] | None,  # None: too many, on demand; each with
                                                # .html, .reply_list and .may_hide
              "amendments": {"count": int, "statuses": [{"status", "label", "n"}],
                             "organisations": [{"name", "statuses": [...]}]} | None,
              "amendment_list": [Amendment] | None,  # None: on demand; each with
                    # .supporter_list, .diff, .competitors, .may_support,
                    # .supported_by_me, .may_decide
          }},
          "general": [Comment],              # the newest whole threads, in order
          "general_count": int,              # comments on the whole proposal
          "general_more": bool,              # more than the page shows
          "amendment_count": int, "undecided": int, "comment_count": int,
          "may_comment": bool, "may_reply": bool, "may_amend": bool,
          "sees_hidden_reasons": bool,
          "open": bool,    # consultation or revision: the threads are unfolded
          "shown": bool,   # anything to show (a draft with nothing posted: no)
        }
    """
    counts = comment_counts(proposal=proposal)
    small = [sid for sid, n in counts.items() if sid is not None and comments_inline(n["comments"])]
    general_ids = latest_general_threads(proposal=proposal) if None in counts else []
    threads: dict = {}
    if small or general_ids:
        threads = _threads(
            comment_list(proposal=proposal).filter(
                Q(section_id__in=small) | Q(section__isnull=True, thread__in=general_ids)
            ),
            user,
        )
    summary = _amendment_summary(amendment_counts(proposal=proposal))
    few = [sid for sid, item in summary.items() if amendments_inline(item["count"])]
    amendments: dict = {}
    if few:
        where = Q(section_id__in=[sid for sid in few if sid is not None])
        if None in few:
            where |= Q(section__isnull=True)
        listed = list(amendment_list(proposal=proposal).filter(where))
        amendments = _amendments_shown(listed, proposal=proposal, user=user)
    sections = {}
    for sid in {*counts, *summary}:
        n = counts.get(sid, {"comments": 0, "threads": 0})
        sections[sid] = {
            **n,
            "thread_list": threads.get(sid, []) if sid in small or not n["comments"] else None,
            "amendments": summary.get(sid),
            "amendment_list": amendments.get(sid, []) if sid in few else None,
        }
    general = counts.get(None, {"comments": 0})["comments"]
    shown_general = sum(1 + len(t.reply_list) for t in threads.get(None, []))
    amendment_count = sum(item["count"] for item in summary.values())
    return {
        "sections": sections,
        "general": threads.get(None, []),
        "general_count": general,
        "general_more": shown_general < general,
        "amendment_count": amendment_count,
        "undecided": sum(
            status["n"]
            for item in summary.values()
            for status in item["statuses"]
            if status["status"] == AmendmentStatus.PROPOSED
        ),
        "comment_count": sum(n["comments"] for n in counts.values()),
        **consultation_permissions(proposal=proposal, user=user),
        "open": proposal.state in (ProposalState.CONSULTATION, ProposalState.REVISION),
        "shown": proposal.state != ProposalState.DRAFT or bool(counts) or bool(amendment_count),
    }


def section_threads(*, proposal: Proposal, user, section_id: int | None, page_number) -> dict:
    """One page of the threads of a section (``None``: on the whole proposal), in the
    order they were started (``THREADS_PER_PAGE`` a page): ``{"threads": [Comment],
    "page": Page, **consultation_permissions}``."""
    page = Paginator(thread_roots(proposal=proposal, section_id=section_id), THREADS_PER_PAGE)
    page = page.get_page(page_number)
    ids = list(page.object_list)
    comments = comment_list(proposal=proposal).filter(thread__in=ids) if ids else []
    return {
        "threads": _threads(comments, user).get(section_id, []),
        "page": page,
        **consultation_permissions(proposal=proposal, user=user),
    }


def section_amendments(*, proposal: Proposal, user, section_id: int | None) -> dict:
    """Every amendment of a section (``None``: of sections deleted since), as the
    proposal page would list them: ``{"amendments": [Amendment], **permissions}``."""
    listed = list(amendment_list(proposal=proposal).filter(section_id=section_id))
    shown = _amendments_shown(listed, proposal=proposal, user=user)
    return {
        "amendments": shown.get(section_id, []),
        **consultation_permissions(proposal=proposal, user=user),
    }


def _page_of(thread: int, *, proposal_id: int, section_id: int | None) -> str:
    before = thread_roots(proposal=proposal_id, section_id=section_id).filter(id__lt=thread)
    number = before.count() // THREADS_PER_PAGE + 1
    return f"?page={number}" if number > 1 else ""


def comment_url(comment) -> str:
    """Where a comment shows: on the proposal page if the page lists it, else on the
    page of its section's (or the general) threads that holds its thread."""
    pid, sid = comment.proposal_id, comment.section_id
    thread = comment.parent_id or comment.pk
    anchor = f"#comment-{comment.pk}"
    if sid is not None:
        if comments_inline(Comment.objects.filter(proposal_id=pid, section_id=sid).count()):
            return reverse("proposal-detail", args=[pid]) + anchor
        where = reverse("section-comments", args=[pid, sid])
    else:
        if thread in latest_general_threads(proposal=pid):
            return reverse("proposal-detail", args=[pid]) + anchor
        where = reverse("general-comments", args=[pid])
    return where + _page_of(thread, proposal_id=pid, section_id=sid) + anchor


def amendment_url(amendment) -> str:
    """Where an amendment shows: on the proposal page if it lists its section's
    amendments, else on the list of its section's amendments."""
    pid, sid = amendment.proposal_id, amendment.section_id
    anchor = f"#amendment-{amendment.pk}"
    if amendments_inline(Amendment.objects.filter(proposal_id=pid, section_id=sid).count()):
        return reverse("proposal-detail", args=[pid]) + anchor
    if sid is None:
        return reverse("other-amendments", args=[pid]) + anchor
    return reverse("section-amendments", args=[pid, sid]) + anchor
