"""What the pages show of the EU initiative and the submission pack (SPEC §12)."""

import rules
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from eu.rules import is_approved
from proposals.models import Proposal
from proposals.planning import closing_day
from proposals.selectors import proposal_planning


def paper_download_url(paper) -> str:
    """Where a page links a paper's PDF: its permanent public address once published,
    else the API's download (signed-in, for those who may see the proposal). Read by the
    submission pack's attachment and the papers panel (``workflow.presenters``)."""
    if paper.is_public:
        return reverse("paper-public", args=[paper.proposal.reference, paper.language])
    return reverse("api-paper-download", args=[paper.pk])


def country_name(code: str, language: str) -> str:
    """``Belgium (BE)``, ``Belgique (BE)``: the country as the portal's list names it,
    in ``language`` (django-countries' names; English where it has none for that
    language), with its code beside it. An unknown code prints as it is."""
    code = (code or "").upper()
    with translation.override(language):
        name = str(countries.name(code)) if code else ""
    return f"{name} ({code})" if name else code


STEP_LABELS = {
    "consultation": _("Consultation ends"),
    "vote": _("Vote ends"),
    "board_review": _("Board review ends"),
    "translations": _("Translations ready"),
}


def eu_panel(*, proposal: Proposal, user) -> dict:
    """The proposal page's EU box: the initiative, the timeline, the links."""
    initiative = getattr(proposal, "eu_initiative", None)
    planned = proposal_planning(proposal=proposal) if initiative else None
    return {
        "initiative": initiative,
        "closing_day": closing_day(initiative.closes_at) if initiative else None,
        "plan": planned,
        "steps": [
            {"step": s["step"], "label": STEP_LABELS[s["step"]], "latest_end": s["latest_end"]}
            for s in (planned.steps if planned else [])
        ],
        "may_link": rules.has_perm("proposals.link_eu_initiative", user, proposal),
        "pack": bool(initiative) and is_approved(user, proposal),
    }
