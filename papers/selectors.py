"""Reads of the papers app: which papers a user or the public may see.

What a paper prints is its print model, ``papers.layout``. Who may see what
is ``papers.rules``; which papers are official, ready or public is
``PositionPaper.objects`` (``papers.models.PaperQuerySet``).
"""

import rules
from django.db.models import Max, Prefetch, Q, QuerySet

from papers.models import PositionPaper
from proposals.models import Proposal, ProposalState


def paper_list(*, user, proposal: Proposal) -> QuerySet[PositionPaper]:
    """The proposal's papers for a user who can see the proposal; previews only to
    those who see them (``papers.view_previews``)."""
    qs = proposal.papers.select_related("version", "proposal")
    if not rules.has_perm("papers.view_previews", user, proposal):
        qs = qs.official()
    return qs.order_by("preview", "-version__number", "language", "-id")


def published_papers() -> QuerySet[PositionPaper]:
    """Every public paper, newest proposal first."""
    return (
        PositionPaper.objects.public()
        .select_related("proposal", "version")
        .order_by("-version__created_at", "proposal_id", "language")
    )


def public_paper_get(*, reference: str, language: str) -> PositionPaper | None:
    """The published paper of ``reference`` in ``language`` (its latest adopted version)."""
    return (
        published_papers()
        .filter(proposal__reference=reference, language=language)
        .order_by("-version__number")
        .first()
    )


def register_entries() -> list[dict]:
    """The public register: one entry per published proposal, its papers by language.

    Two queries whatever the number of papers. ``published_at`` reads the
    ``publish`` row of the transition log through its reverse relation.
    """
    proposals = (
        Proposal.objects.filter(state=ProposalState.PUBLISHED)
        .annotate(
            published_at=Max("transition_log__at", filter=Q(transition_log__transition="publish"))
        )
        .prefetch_related(Prefetch("papers", queryset=published_papers(), to_attr="public_papers"))
        # The EU submission by its reverse relation (papers imports no eu code).
        .select_related("eu_submission")
        .order_by("-published_at", "-id")
    )
    entries = []
    for proposal in proposals:
        papers = proposal.public_papers
        if not papers:
            continue
        latest = max(p.version.number for p in papers)
        papers = [p for p in papers if p.version.number == latest]
        entries.append(
            {
                "proposal": proposal,
                "reference": proposal.reference,
                "title": papers[0].version.title,
                "summary": papers[0].version.summary,
                "adopted_at": papers[0].version.created_at,
                "published_at": proposal.published_at or papers[0].version.created_at,
                "papers": sorted(papers, key=lambda p: p.language),
                "submitted_eu_at": getattr(
                    getattr(proposal, "eu_submission", None), "submitted_at", None
                ),
            }
        )
    return entries
