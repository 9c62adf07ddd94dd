"""Demo proposals in every state, moved there through ``transition_run``.

Their history, versions, voting rounds and papers are real: each one is made
by the same services the UI and the API call. Idempotent: a proposal whose
title exists is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from members.models import BoardMembership, User, WorkingGroup
from proposals.models import Procedure, Proposal
from proposals.services import proposal_create, proposal_update, section_create
from voting.models import Eligibility
from voting.services import ballot_cast
from workflow.services import transition_run

SECTIONS = {
    "procurement": [
        (
            "Context",
            "Public authorities in the EU spend around 14 % of GDP on works, goods and "
            "services. Article 20 of Directive 2014/24/EU lets them reserve contracts for "
            "sheltered workshops and economic operators whose main aim is the social and "
            "professional integration of disadvantaged persons.\n\n"
            "Ten years after transposition, reserved contracts remain rare. Most contracting "
            "authorities do not know the provision, and those that do fear legal challenge.",
        ),
        (
            "Our position",
            "The network asks the Commission to issue guidance that makes reserved contracts "
            "the default option for suitable lots below the EU thresholds.\n\n"
            "Member states should report every two years on the share of contracts reserved "
            "under Article 20, so that progress can be measured.\n\n"
            "Dividing contracts into lots should be named as a lever for small social "
            "enterprises alongside reserved contracts.",
        ),
        (
            "Recommendations",
            "1. Publish guidance on reserved contracts with worked examples.\n"
            "2. Add a reporting obligation in the revised directives.\n"
            "3. Fund training for procurement officers through the Technical Support "
            "Instrument.",
        ),
    ],
    "labour": [
        (
            "Why pathways matter",
            "Work-integration social enterprises employ more than 200,000 people across the "
            "network, most of them long-term unemployed, people with disabilities or recent "
            "migrants.\n\n"
            "Their results depend on a pathway: a paid job, training on the job, and support "
            "towards the open labour market.",
        ),
        (
            "What the EU should do",
            "The Council Recommendation on the integration of the long-term unemployed should "
            "name social enterprises as partners of public employment services.\n\n"
            "Funding rules should pay for the whole pathway, not only for placements.",
        ),
    ],
    "funding": [
        (
            "The problem",
            "Small social enterprises find ESF+ calls too complex: the administrative cost of "
            "an application often exceeds the grant.\n\n"
            "Pre-financing rules force them to borrow at high cost.",
        ),
        (
            "Proposals",
            "Simplified cost options should become the rule for grants below €200,000.\n\n"
            "Managing authorities should offer pre-financing of at least 30 %.\n\n"
            "Intermediary bodies with social-economy expertise should manage small grants.",
        ),
    ],
}

# title, group, procedure, sections key, where it ends, ballot pattern
DEMO = [
    (
        "Reserved contracts for work-integration social enterprises",
        "Social procurement", "Position paper", "procurement", "draft", None,
    ),
    (
        "Pathways into work for people furthest from the labour market",
        "Inclusive labour markets", "Position paper", "labour", "consultation", None,
    ),
    (
        "Simplifying ESF+ access for small social enterprises",
        "EU funding", "Position paper", "funding", "revision", None,
    ),
    (
        "Social clauses in InvestEU guarantees",
        "EU funding", "Urgent statement", "funding", "voting", "partial",
    ),
    (
        "Recognising social enterprises in the European Semester",
        "Inclusive labour markets", "Position paper", "labour", "board_review", "yes",
    ),
    (
        "Response to the consultation on the Social Economy Action Plan review",
        "Social procurement", "Response to an EU consultation", "procurement", "approved", "yes",
    ),
    (
        "Social economy and the European Pillar of Social Rights",
        "Inclusive labour markets", "Position paper", "labour", "published", "yes",
    ),
    (
        "A European label for social enterprises",
        "Social procurement", "Position paper", "procurement", "rejected", "no",
    ),
    (
        "Minimum wage exemptions for integration jobs",
        "Inclusive labour markets", "Position paper", "labour", "withdrawn", None,
    ),
]  # fmt: skip


def _draft(title, group, procedure, key) -> Proposal:
    chair = group.chair
    proposal = proposal_create(
        actor=chair,
        title=title,
        summary=SECTIONS[key][0][1].split("\n\n")[0],
        working_group=group,
        procedure=procedure,
    )
    for heading, body in SECTIONS[key]:
        section_create(proposal=proposal, actor=chair, heading=heading, body=body)
    if procedure.consultation_required:
        proposal_update(
            proposal=proposal,
            actor=chair,
            consultation_closes_at=timezone.now()
            + timedelta(days=procedure.min_consultation_days + 7),
        )
    return proposal


def _vote(proposal: Proposal, pattern: str) -> None:
    voting_round = proposal.voting_rounds.get(closed_at__isnull=True)
    eligible = list(
        Eligibility.objects.filter(round=voting_round)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if pattern == "partial":
        eligible = eligible[: len(eligible) // 2]
    for n, eligibility in enumerate(eligible):
        rep = (
            User.objects.filter(organisation=eligibility.organisation, is_active=True)
            .order_by("username")
            .first()
        )
        if pattern == "no":
            choice = "no" if n % 3 else "yes"
        else:
            choice = ["yes", "yes", "yes", "no", "abstain"][n % 5]
        ballot_cast(
            voting_round=voting_round,
            organisation=eligibility.organisation,
            user=rep,
            choice=choice,
        )


def _move(proposal: Proposal, target: str, pattern: str | None) -> Proposal:
    chair = proposal.working_group.chair

    def run(name, actor=chair, note=""):
        return transition_run(proposal=proposal, name=name, actor=actor, note=note)

    if target == "draft":
        return proposal
    if target == "withdrawn":
        run("submit_for_consultation")
        return run("withdraw", note="The Commission withdrew the initiative this answers.")
    if proposal.procedure.consultation_required:
        proposal = run("submit_for_consultation")
        if target == "consultation":
            return proposal
        proposal = run("close_consultation", note="")
        if target == "revision":
            return proposal
    proposal = run("open_vote")
    _vote(proposal, pattern)
    if target == "voting":
        return proposal
    proposal = run("close_vote")  # everyone eligible has voted
    if target in ("board_review", "rejected"):
        return proposal
    from workflow.board import board_decision_record

    board = [
        m.user for m in BoardMembership.objects.select_related("user").order_by("user__username")
    ]
    for member in board[: proposal.procedure.board_approvals_required]:
        board_decision_record(proposal=proposal, member=member, decision="approve")
    proposal.refresh_from_db()
    if target == "published":
        from papers.demo import render_missing

        render_missing([proposal])  # already done if the render task ran after the commit
        proposal = run("publish", actor=User.objects.get(username="secretariat"))
    return proposal


def seed(context: dict) -> dict:
    groups = {g.name: g for g in WorkingGroup.objects.select_related("chair")}
    procedures = {p.name: p for p in Procedure.objects.all()}
    made = {}
    for title, group, procedure, key, target, pattern in DEMO:
        existing = Proposal.objects.filter(title=title).first()
        if existing is not None:
            made[target] = existing
            continue
        proposal = _draft(title, groups[group], procedures[procedure], key)
        made[target] = _move(proposal, target, pattern)
    return {"proposals": made}
