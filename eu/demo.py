"""Demo: one proposal at risk of missing an EU deadline, one answer already submitted."""

from datetime import timedelta

from django.utils import timezone

from eu.models import Submission
from eu.selectors import feedback_draft
from proposals.models import EuInitiative, Proposal
from proposals.planning import eu_closes_at

AT_RISK = "Reserved contracts for work-integration social enterprises"
SUBMITTED = "Response to the consultation on the Social Economy Action Plan review"


def seed(context: dict) -> dict:
    today = timezone.localdate()
    made = {}
    at_risk = Proposal.objects.filter(title=AT_RISK).first()
    if at_risk is not None:
        made["at_risk"], _ = EuInitiative.objects.get_or_create(
            proposal=at_risk,
            defaults={
                "title": "Public procurement directives: evaluation",
                "url": "https://ec.europa.eu/info/law/better-regulation/have-your-say/initiatives/13955",
                "kind": EuInitiative.Kind.PUBLIC_CONSULTATION,
                # 20 days: the position-paper procedure needs more.
                "closes_at": eu_closes_at(today + timedelta(days=20)),
                "reference": "Ares(2026)4412345",
            },
        )
    submitted = Proposal.objects.filter(title=SUBMITTED).first()
    if submitted is not None:
        EuInitiative.objects.get_or_create(
            proposal=submitted,
            defaults={
                "title": "Social Economy Action Plan: review",
                "url": "https://ec.europa.eu/info/law/better-regulation/have-your-say/initiatives/14210",
                "kind": EuInitiative.Kind.CALL_FOR_EVIDENCE,
                "closes_at": eu_closes_at(today + timedelta(days=10)),
                "reference": "Ares(2026)5123456",
            },
        )
        made["submitted"], _ = Submission.objects.get_or_create(
            proposal=submitted,
            defaults={
                "feedback_text": feedback_draft(proposal=submitted),
                "submitted_at": today - timedelta(days=1),
                "portal_reference": "F3345678",
            },
        )
    return {"eu": made}
