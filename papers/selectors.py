"""Reads of the papers app: which papers a user or the public may see.

What a paper prints is its print model, ``papers.layout``.
"""

from django.db.models import Max, Prefetch, Q, QuerySet

from members.rules import is_board_member, is_secretariat, is_wg_member
from papers.models import PositionPaper
from proposals.models import Proposal, ProposalState

# --- who sees what ----------------------------------------------------------------


def may_request_preview(user, proposal: Proposal) -> bool:
    """The working group (chair and members) and the board (SPEC §7)."""
    return bool(is_wg_member(user, proposal) or is_board_member(user))


def may_see_previews(user, proposal: Proposal) -> bool:
    return may_request_preview(user, proposal) or bool(is_secretariat(user))


def paper_list(*, user, proposal: Proposal) -> QuerySet[PositionPaper]:
    """The proposal's papers for a user who can see the proposal; previews only to
    those who may ask for them (and the secretariat)."""
    qs = PositionPaper.objects.filter(proposal=proposal).select_related("version", "proposal")
    if not may_see_previews(user, proposal):
        qs = qs.filter(preview=False)
    return qs.order_by("preview", "-version__number", "language", "-id")


def paper_is_public(paper: PositionPaper) -> bool:
    """Anyone may download it: an official, ready paper of a published proposal."""
    return (
        not paper.preview
        and paper.is_ready
        and paper.proposal.state == ProposalState.PUBLISHED
        and paper.version is not None
        and paper.version.reason == "adopted"
    )


def published_papers() -> QuerySet[PositionPaper]:
    """Every public paper, newest proposal first."""
    return (
        PositionPaper.objects.filter(
            preview=False,
            status=PositionPaper.Status.READY,
            proposal__state=ProposalState.PUBLISHED,
            version__reason="adopted",
        )
        .exclude(file="")
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
            }
        )
    return entries
