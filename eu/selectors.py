"""Reads of the EU submission pack (SPEC §12)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from eu.models import Submission
from members.models import Network
from papers.models import PositionPaper
from proposals.models import Proposal

#: The pack's checklist, as the page and a refused record read it.
CHECKLIST = {
    "text_fits": _("the feedback text fits the portal's limit"),
    "attachment_ready": _("the paper is ready and within the attachment limit"),
    "register_id": _("the network's Transparency Register ID is set"),
}


def feedback_length(text: str) -> int:
    """The length the portal counts: Unicode code points once line breaks are ``\\n``
    (a ``\\r\\n`` counts one), so an accent or an emoji is one character."""
    return len(text.replace("\r\n", "\n").replace("\r", "\n"))


def feedback_draft(*, proposal: Proposal) -> str:
    """The first draft: the adopted summary, then the section headings as a list."""
    version = proposal.versions.adopted().newest()
    summary = version.summary if version else proposal.summary
    headings = [s["heading"] for s in version.sections] if version else []
    lines = [summary.strip()] if summary.strip() else []
    if headings:
        lines += ["", *(f"- {heading}" for heading in headings)]
    return "\n".join(lines)


def _attachable(proposal: Proposal) -> list[PositionPaper]:
    """The papers the pack may attach: the official ready ones of the latest adoption."""
    return list(
        PositionPaper.objects.filter(proposal=proposal).official_ready().of_latest_adoption()
    )


def _languages_of(proposal: Proposal, papers: list[PositionPaper]) -> list[str]:
    order = list(proposal.procedure.languages)
    return sorted(
        {paper.language for paper in papers},
        key=lambda code: (order.index(code) if code in order else len(order), code),
    )


def submission_languages(*, proposal: Proposal) -> list[str]:
    """The languages the pack can be sent in: those with an attachable paper, in the
    procedure's order."""
    return _languages_of(proposal, _attachable(proposal))


def submission_language(*, proposal: Proposal, submission: Submission | None) -> str:
    """The pack's language (the attachment's and the one declared to the portal): the
    one chosen, else the proposal's own language, in which its feedback is drafted."""
    return submission.language if submission and submission.language else proposal.source_language


def language_name(code: str) -> str:
    """``Français (fr)``: the language as the portal's list names it, and its code."""
    return f"{dict(settings.PAPER_LANGUAGES).get(code, code)} ({code})"


def _attachment(papers: list[PositionPaper], language: str) -> PositionPaper | None:
    """The attachment among ``papers``: the one in ``language``, else in English, else any."""
    for wanted in (language, "en"):
        for paper in papers:
            if paper.language == wanted:
                return paper
    return papers[0] if papers else None


def submission_pack(*, proposal: Proposal) -> dict:
    """The pack as the API and the page show it, with ``ready`` and what is missing."""
    submission = Submission.objects.filter(proposal=proposal).first()
    text = submission.feedback_text if submission else feedback_draft(proposal=proposal)
    language = submission_language(proposal=proposal, submission=submission)
    limit = settings.PLENUM_EU_FEEDBACK_LIMIT
    size_limit = settings.PLENUM_EU_ATTACHMENT_LIMIT_MB * 1024 * 1024
    papers = _attachable(proposal)
    paper = _attachment(papers, language)
    network = Network.objects.get_solo()
    length = feedback_length(text)
    checklist = {
        "text_fits": 0 < length <= limit,
        "attachment_ready": paper is not None and (paper.size or 0) <= size_limit,
        "register_id": bool(network.transparency_register_id),
    }
    return {
        "feedback_text": text,
        "length": length,
        "limit": limit,
        "attachment": {
            "paper": paper.pk if paper else None,
            "language": paper.language if paper else None,
            "size": paper.size if paper else None,
            "limit": size_limit,
            "languages": _languages_of(proposal, papers),
        },
        "organisation": {
            "name": network.name_in(language),
            "transparency_register_id": network.transparency_register_id,
            "country": network.country,
            "type": network.organisation_type,
            "size": network.organisation_size,
            "language": paper.language if paper else language,
        },
        "submitted_at": submission.submitted_at if submission else None,
        "portal_reference": submission.portal_reference if submission else "",
        "checklist": checklist,
        "ready": all(checklist.values()),
    }


def submissions_recorded(*, proposal_ids) -> dict[int, Submission]:
    """The recorded submissions of these proposals, by proposal id (one query)."""
    rows = Submission.objects.filter(proposal_id__in=proposal_ids, submitted_at__isnull=False)
    return {row.proposal_id: row for row in rows}
