"""The named guards of SPEC §3.

Each guard is a pure condition on a proposal: it reads, never writes. A
refused transition reports the ``__name__`` of each guard that failed.

Some guards read what later apps record (amendments, voting rounds, papers)
through the reverse relations those apps declare, so this module imports none
of them. Until such an app is installed the guard fails: the transition stays
unavailable rather than pretending.
"""

from datetime import timedelta

from django.utils import timezone


def _related(proposal, name: str):
    return getattr(proposal, name, None)


def procedure_requires_consultation(proposal) -> bool:
    return proposal.procedure.consultation_required


def procedure_skips_consultation(proposal) -> bool:
    return not proposal.procedure.consultation_required


def has_title(proposal) -> bool:
    return bool(proposal.title.strip())


def has_summary(proposal) -> bool:
    return bool(proposal.summary.strip())


def has_text(proposal) -> bool:
    """At least one section with a non-empty body."""
    return any(section.body.strip() for section in proposal.sections.all())


def consultation_deadline_far_enough(proposal) -> bool:
    """``consultation_closes_at`` ≥ now + the procedure's minimum consultation days."""
    closes_at = proposal.consultation_closes_at
    minimum = timezone.now() + timedelta(days=proposal.procedure.min_consultation_days)
    return closes_at is not None and closes_at >= minimum


def every_amendment_decided(proposal) -> bool:
    amendments = _related(proposal, "amendments")
    if amendments is None:
        return True  # no consultations app: there are no amendments to decide
    return not amendments.filter(status="proposed").exists()


def vote_closable(proposal) -> bool:
    """The voting deadline has passed, or every eligible organisation has voted."""
    rounds = _related(proposal, "voting_rounds")
    if rounds is None:
        return False
    current = rounds.order_by("-id").first()
    if current is None:
        return False
    if current.closed_at is not None:
        return True  # counted inside this very transition (see workflow.effects)
    return current.closes_at <= timezone.now() or current.everyone_voted()


def board_approvals_reached(proposal) -> bool:
    version = proposal.versions.order_by("-number").first()
    if version is None:
        return False
    approvals = proposal.board_decisions.filter(version=version, decision="approve").count()
    return approvals >= proposal.procedure.board_approvals_required


def every_paper_ready(proposal) -> bool:
    """A ready paper of the adopted version in every language of the procedure."""
    papers = _related(proposal, "papers")
    version = proposal.versions.filter(reason="adopted").order_by("-number").first()
    if papers is None or version is None:
        return False
    ready = set(
        papers.filter(version=version, preview=False, status="ready").values_list(
            "language", flat=True
        )
    )
    return set(proposal.procedure.languages) <= ready
