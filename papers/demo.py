"""Demo papers: every approved or published proposal gets its papers, rendered now.

``seed_demo`` runs this before ``workflow.demo`` (which creates the approved
and published demo proposals); the workflow demo may call
``render_missing()`` after its transitions, and a second ``seed_demo``
catches up anyway. Idempotent: a ready paper is never rendered again.
"""

from papers.models import PositionPaper
from papers.services import paper_render, papers_request
from proposals.models import Proposal, ProposalState


def render_missing(proposals=None) -> list[PositionPaper]:
    """Create and render (synchronously, in this process) every missing paper of
    the adopted version of approved and published proposals."""
    if proposals is None:
        proposals = Proposal.objects.filter(
            state__in=[ProposalState.APPROVED, ProposalState.PUBLISHED]
        ).select_related("procedure")
    papers = []
    for proposal in proposals:
        version = proposal.versions.adopted().newest()
        if version is None:
            continue
        for paper in papers_request(proposal=proposal, version=version):
            if paper.is_unfinished:
                paper_render(paper_id=paper.pk)
                paper.refresh_from_db()
            papers.append(paper)
    return papers


def seed(context: dict) -> dict:
    return {"papers": render_missing()}
