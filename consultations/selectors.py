"""Reads of the consultations app. Every list and the report cost a fixed number of queries."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from consultations.models import Amendment, AmendmentStatus, AmendmentSupport, Comment
from proposals.models import Proposal


def comment_list(*, proposal: Proposal) -> QuerySet[Comment]:
    """The proposal's comments, thread by thread: each comment, then its replies.

    Hidden comments stay in the list (so a thread keeps its shape); the API
    shows them without their text. A thread is known by its first comment's id
    (``thread``), so threads come in the order they were started.
    """
    return (
        Comment.objects.filter(proposal=proposal)
        .select_related("author", "organisation", "hidden_by")
        .annotate(thread=Coalesce("parent_id", "id"))
        .order_by("thread", F("parent_id").asc(nulls_first=True), "created_at", "id")
    )


def comment_counts(*, proposal: Proposal) -> dict[int | None, dict]:
    """``{section_id | None: {"comments": int, "threads": int}}``: one query, whatever
    the number of comments (replies sit in their parent's section; ``None`` is the
    whole proposal, or a section deleted since). Hidden comments count: they stay
    in their thread."""
    rows = (
        Comment.objects.filter(proposal=proposal)
        .values("section_id")
        .annotate(comments=Count("id"), threads=Count("id", filter=Q(parent__isnull=True)))
        .order_by()
    )
    return {
        row["section_id"]: {"comments": row["comments"], "threads": row["threads"]} for row in rows
    }


def thread_roots(*, proposal: Proposal, section_id: int | None) -> QuerySet[Comment]:
    """The ids of the threads of one section (``None``: on the whole proposal), in the
    order they were started: what a paged list of threads pages."""
    return (
        Comment.objects.filter(proposal=proposal, section_id=section_id, parent__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def latest_thread_sizes(*, proposal: Proposal, section_id: int | None, limit: int):
    """``[(thread id, comments in it)]`` of the ``limit`` newest threads of one section
    (``None``: the whole proposal), newest first: one query."""
    return list(
        Comment.objects.filter(proposal=proposal, section_id=section_id)
        .annotate(thread=Coalesce("parent_id", "id"))
        .values("thread")
        .annotate(n=Count("id"))
        .order_by("-thread")
        .values_list("thread", "n")[:limit]
    )


def comment_get(*, pk: int) -> Comment | None:
    return (
        Comment.objects.select_related("author", "organisation", "hidden_by").filter(pk=pk).first()
    )


def _supports() -> Prefetch:
    return Prefetch(
        "supports",
        queryset=AmendmentSupport.objects.select_related("organisation").order_by(
            "created_at", "id"
        ),
    )


def _amendments() -> QuerySet[Amendment]:
    # The proposal, its group and the supports come along so the per-amendment
    # permissions (``consultations.support_amendment``, ``decide_amendment``) cost no query.
    return Amendment.objects.select_related(
        "proposal__working_group", "section", "organisation", "author", "version", "decided_by"
    ).prefetch_related(_supports())


def amendment_list(*, proposal: Proposal) -> QuerySet[Amendment]:
    """The proposal's amendments in the order they were posted, with their supporters."""
    return _amendments().filter(proposal=proposal).order_by("created_at", "id")


def amendment_counts(*, proposal: Proposal) -> list[dict]:
    """How many amendments each organisation has in each status on each section:
    ``[{"section_id", "organisation_id", "organisation__name", "status", "n"}]``,
    one query whatever the number of amendments (``section_id`` ``None``: a section
    deleted since)."""
    return list(
        Amendment.objects.filter(proposal=proposal)
        .values("section_id", "organisation_id", "organisation__name", "status")
        .annotate(n=Count("id"))
        .order_by("section_id", "organisation__name", "organisation_id", "status")
    )


def amendment_get(*, pk: int) -> Amendment | None:
    return _amendments().filter(pk=pk).first()


def consultation_report(*, proposal: Proposal) -> dict:
    """What the consultation produced, as plain data: the annex of the position paper.

    Five queries whatever the size. Comment figures count visible comments
    (replies included); hidden ones are only counted, in ``totals``. A
    comment or amendment on a section deleted since counts under the whole
    proposal / keeps the section's heading as it was.

    Shape::

        {
          "proposal": {"id": int, "reference": str, "title": str},
          "amendments": [              # in the order they were posted
            {
              "number": int,           # 1, 2, … in this report
              "id": int,
              "section": int | None,   # section id (None if deleted since)
              "section_heading": str,  # current heading, or the one it had
              "paragraph": int,        # 0 only for insert_after: before the first
              "kind": "replace" | "insert_after" | "delete",
              "kind_label": str,       # translated, e.g. "Replace the paragraph"
              "text": str,             # proposed Markdown ("" for delete)
              "base_text": str,        # the paragraph as it was when proposed
              "justification": str,
              "version": int,          # version number it was made against
              "organisation": {"id": int, "name": str, "country": str},
              "supporters": [{"id": int, "name": str, "country": str}],
              "supporter_count": int,
              "status": "proposed" | "accepted" | "accepted_with_changes" | "rejected",
              "status_label": str,     # translated
              "response": str,         # the working group's answer ("" until decided)
              "merged_text": str,      # accepted_with_changes only, else ""
              "created_at": datetime,
              "decided_at": datetime | None,
            },
          ],
          "sections": [                # the proposal's current sections, in order
            {"id": int, "position": int, "heading": str,
             "comments": int, "amendments": int},
          ],
          "comments_on_proposal": int, # not on any (current) section
          "totals": {
            "comments": int,           # visible comments, replies included
            "hidden_comments": int,
            "amendments": int,
            "proposed": int, "accepted": int,
            "accepted_with_changes": int, "rejected": int,
            "supports": int,           # all supports on all amendments
            "organisations": int,      # distinct organisations that commented,
          },                           # proposed or supported
        }
    """
    amendments = list(amendment_list(proposal=proposal))
    sections = list(
        proposal.sections.order_by("position", "id").values("id", "position", "heading")
    )
    section_ids = {s["id"] for s in sections}
    comment_rows = (
        Comment.objects.filter(proposal=proposal)
        .values("section_id")
        .annotate(
            visible=Count("id", filter=Q(hidden_at__isnull=True)),
            hidden=Count("id", filter=Q(hidden_at__isnull=False)),
        )
        .order_by()
    )
    comments_by_section: dict[int | None, int] = {}
    hidden = 0
    for row in comment_rows:
        key = row["section_id"] if row["section_id"] in section_ids else None
        comments_by_section[key] = comments_by_section.get(key, 0) + row["visible"]
        hidden += row["hidden"]
    commenting_orgs = set(
        Comment.objects.filter(proposal=proposal, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )

    headings = {s["id"]: s["heading"] for s in sections}
    amendments_by_section: dict[int, int] = {}
    status_counts = dict.fromkeys(AmendmentStatus.values, 0)
    organisations = set(commenting_orgs)
    supports = 0
    rows = []
    for number, amendment in enumerate(amendments, start=1):
        supporters = [
            {
                "id": s.organisation.pk,
                "name": s.organisation.name,
                "country": str(s.organisation.country),
            }
            for s in amendment.supports.all()
        ]
        supports += len(supporters)
        organisations.add(amendment.organisation_id)
        organisations.update(s["id"] for s in supporters)
        status_counts[amendment.status] += 1
        if amendment.section_id in section_ids:
            amendments_by_section[amendment.section_id] = (
                amendments_by_section.get(amendment.section_id, 0) + 1
            )
        org = amendment.organisation
        rows.append(
            {
                "number": number,
                "id": amendment.pk,
                "section": amendment.section_id,
                "section_heading": headings.get(amendment.section_id, amendment.section_heading),
                "paragraph": amendment.paragraph,
                "kind": amendment.kind,
                "kind_label": str(amendment.get_kind_display()),
                "text": amendment.text,
                "base_text": amendment.base_text,
                "justification": amendment.justification,
                "version": amendment.version.number,
                "organisation": {"id": org.pk, "name": org.name, "country": str(org.country)},
                "supporters": supporters,
                "supporter_count": len(supporters),
                "status": amendment.status,
                "status_label": str(amendment.get_status_display()),
                "response": amendment.response,
                "merged_text": amendment.merged_text,
                "created_at": amendment.created_at,
                "decided_at": amendment.decided_at,
            }
        )
    return {
        "proposal": {"id": proposal.pk, "reference": proposal.reference, "title": proposal.title},
        "amendments": rows,
        "sections": [
            {
                **s,
                "comments": comments_by_section.get(s["id"], 0),
                "amendments": amendments_by_section.get(s["id"], 0),
            }
            for s in sections
        ],
        "comments_on_proposal": comments_by_section.get(None, 0),
        "totals": {
            "comments": sum(comments_by_section.values()),
            "hidden_comments": hidden,
            "amendments": len(rows),
            **status_counts,
            "supports": supports,
            "organisations": len(organisations),
        },
    }
