"""The named guards of SPEC §3, and how each refusal reads.

Each guard is a pure condition on a proposal: it reads, never writes, so
django-fsm may evaluate it as often as it likes. A refused transition reports
the ``__name__`` of each guard that failed; ``refusal_text`` turns a name into
what the person has to do about it.

Guards read what later apps record (amendments, voting rounds, papers)
through the reverse relations those apps declare, so this module imports none
of them.
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Pseudo-guard reported when the state itself has no such exit.
STATE_GUARD = "state_allows"

#: Refusals that are not guards of a transition but read the same way.
_REFUSALS = {
    STATE_GUARD: _("Not possible in the proposal's current state."),
    "text_editable": _("The text can only be edited in draft or revision."),
    "vote_open": _("The vote is closed."),
    "consultation_open": _("The consultation is not open."),
}
#: Guard name -> the page where the person can fix it (a URL name taking the proposal id).
FIX_URLS: dict[str, str] = {}
#: Guards that say the transition belongs to another procedure: no use showing them.
PROCEDURAL: set[str] = set()


def guard(says, *, fix: str | None = None, procedural: bool = False) -> Callable:
    """Declare a guard and how its refusal reads (``%(days)s``, ``%(n)s``: the procedure's)."""

    def register(function: Callable) -> Callable:
        _REFUSALS[function.__name__] = says
        if fix:
            FIX_URLS[function.__name__] = fix
        if procedural:
            PROCEDURAL.add(function.__name__)
        return function

    return register


def refusal_text(name: str, proposal) -> str:
    """A failed guard as a sentence for a person: ``has_summary`` → "Add a summary."."""
    text = _REFUSALS.get(name)
    if text is None:
        return name.replace("_", " ").capitalize() + "."
    procedure = proposal.procedure
    return str(text) % {
        "days": procedure.min_consultation_days,
        "n": procedure.board_approvals_required,
    }


@guard(_("This procedure has no consultation: open the vote directly."), procedural=True)
def procedure_requires_consultation(proposal) -> bool:
    return proposal.procedure.consultation_required


@guard(_("This procedure needs a consultation before the vote."), procedural=True)
def procedure_skips_consultation(proposal) -> bool:
    return not proposal.procedure.consultation_required


@guard(_("Add a title."), fix="proposal-edit")
def has_title(proposal) -> bool:
    return bool(proposal.title.strip())


@guard(_("Add a summary."), fix="proposal-edit")
def has_summary(proposal) -> bool:
    return bool(proposal.summary.strip())


@guard(_("Write at least one section with text."), fix="section-add")
def has_text(proposal) -> bool:
    """At least one section with a non-empty body."""
    return any(section.body.strip() for section in proposal.sections.all())


@guard(_("Set a consultation deadline at least %(days)s days from now."), fix="proposal-edit")
def consultation_deadline_far_enough(proposal) -> bool:
    """``consultation_closes_at`` ≥ now + the procedure's minimum consultation days."""
    closes_at = proposal.consultation_closes_at
    minimum = timezone.now() + timedelta(days=proposal.procedure.min_consultation_days)
    return closes_at is not None and closes_at >= minimum


@guard(_("Decide every amendment first."))
def every_amendment_decided(proposal) -> bool:
    return not proposal.amendments.filter(status="proposed").exists()


@guard(_("Wait until the deadline, or until every eligible organisation has voted."))
def vote_closable(proposal) -> bool:
    """The open round's deadline has passed, or every eligible organisation has voted."""
    prefetched = getattr(proposal, "open_rounds", None)  # the dashboard's prefetch
    if prefetched is not None:
        current = prefetched[0] if prefetched else None
    else:
        current = proposal.voting_rounds.unclosed().first()
    if current is None:
        return False
    return current.closes_at <= timezone.now() or current.everyone_voted()


@guard(_("Wait for %(n)s board approvals."))
def board_approvals_reached(proposal) -> bool:
    version = proposal.versions.newest()
    if version is None:
        return False
    approvals = proposal.board_decisions.of_review(version).approvals().count()
    return approvals >= proposal.procedure.board_approvals_required


@guard(_("Wait until the position paper is ready in every language of the procedure."))
def every_paper_ready(proposal) -> bool:
    """A ready paper of the adopted version in every language of the procedure."""
    prefetched = getattr(proposal, "latest_ready_papers", None)  # the dashboard's prefetch
    if prefetched is not None:
        ready = {paper.language for paper in prefetched}
        return bool(ready) and set(proposal.procedure.languages) <= ready
    version = proposal.versions.adopted().newest()
    if version is None:
        return False
    ready = set(
        proposal.papers.official_ready().filter(version=version).values_list("language", flat=True)
    )
    return set(proposal.procedure.languages) <= ready


@guard(_("Complete the translations of the adopted text in every language of the procedure."))
def translations_complete(proposal) -> bool:
    """Every translated language of the adopted version is complete (SPEC §11)."""
    languages = proposal.translation_languages()
    if not languages:
        return True
    version = proposal.versions.adopted().newest()
    if version is None:
        return False
    from proposals.selectors import version_text

    return proposal.translations.complete_in(version_text(version), languages)
